import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { createTempRepo } from '../../shared/docker/fixtures/temp-repo.js'
import { DOCKER, REGISTRY, engines, requireEngine } from '../../shared/testing/engines.js'
import { ensureBusyboxBase, removeLocalImages } from '../fixtures/engine.js'

const run =
  requireEngine('docker', engines.docker()) && requireEngine('registry', engines.registry())
const dist = join(import.meta.dirname, '..', 'dist', 'index.js')

/** The committed bundle, run the way the runner runs it: INPUT_* variables, GITHUB_OUTPUT file. */
describe('build-image dist/index.js as a process', () => {
  if (!run) {
    it('is not run: no docker engine or registry here (the warning above says why)', () =>
      expect(run).toBe(false))
    return
  }
  let root = ''
  const owner = `elm-process-${process.pid}-${Date.now()}`
  beforeAll(async () => {
    ensureBusyboxBase(DOCKER)
    root = await createTempRepo(
      { www: join(import.meta.dirname, '..', 'fixtures', 'contexts', 'www') },
      [],
      owner
    )
  })
  afterAll(() => {
    rmSync(root, { recursive: true, force: true })
    removeLocalImages(DOCKER, owner)
  })

  it('builds one service, pushes it and writes the images output', async () => {
    const output = join(root, 'github-output')
    const summary = join(root, 'step-summary')
    writeFileSync(output, '')
    writeFileSync(summary, '')
    const { stdout } = await promisify(execFile)(process.execPath, [dist], {
      env: {
        PATH: process.env['PATH'] ?? '',
        GITHUB_WORKSPACE: root,
        GITHUB_OUTPUT: output,
        GITHUB_STEP_SUMMARY: summary,
        ELM_INFRA_DOCKER: DOCKER,
        INPUT_SERVICES: 'www',
        INPUT_SHA: 'abcdef1',
        INPUT_REGISTRY: REGISTRY,
        INPUT_PUSH: 'true',
        INPUT_BUILDER: 'auto'
      }
    })
    expect(stdout).toContain('::group::Image: www')
    expect(stdout).not.toContain('::error::')
    const written = readFileSync(output, 'utf8')
    const images = /images<<(\S+)\n(.*)\n\1/.exec(written)?.[2] ?? '{}'
    expect(JSON.parse(images)).toEqual({ www: expect.stringMatching(/@sha256:[0-9a-f]{64}$/) })
    expect(readFileSync(summary, 'utf8')).toMatch(/\| www \| .* \| built \|/)
  }, 60_000)
})
