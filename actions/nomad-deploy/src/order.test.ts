import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Deployments } from '../../shared/github/ports.js'
import { execRunner } from '../../shared/adapters/exec-runner.js'
import { inputsFrom } from '../../shared/inputs.js'
import {
  REPO_ROOT,
  type Target,
  clientFor,
  memoryLogger,
  startTarget
} from '../../shared/nomad/deploy/test-kit.js'
import { systemClock } from '../../shared/ports.js'
import { type NomadDeployDeps, main } from './main.js'
import { gitIn } from '../../shared/testing/git.js'

/**
 * Issue #27: two push runs interleave in the production queue (GitHub does not promise its order).
 * The newer push's Nomad job deploys first; the older one, running after it, must skip instead of
 * rolling the service back. A workflow_dispatch (an explicit, possibly older deploy) still deploys,
 * and keeps the newer commit recorded. The real www job file, a real git history, the simulated
 * Nomad cluster over HTTP, nomad-deploy's main().
 */

jest.setTimeout(60_000)

let target: Target
let root = ''
const sha: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' }
const noGitHub: Deployments = {
  create: async () => ({ id: 1 }),
  setStatus: async () => undefined
}

const git = (...args: string[]): string => gitIn(root, ...args)

beforeAll(async () => {
  target = await startTarget()
  root = await mkdtemp(join(tmpdir(), 'deploy-order-'))
  await mkdir(join(root, 'nomad'))
  await copyFile(join(REPO_ROOT, 'nomad', 'www.nomad.hcl'), join(root, 'nomad', 'www.nomad.hcl'))
  git('init', '-q', '-b', 'main')
  git('add', '.')
  git('commit', '-qm', 'a')
  sha.a = git('rev-parse', 'HEAD')
  await writeFile(join(root, 'CHANGELOG'), 'b\n')
  git('add', '.')
  git('commit', '-qm', 'b')
  sha.b = git('rev-parse', 'HEAD')
  await writeFile(join(root, 'CHANGELOG'), 'c\n')
  git('add', '.')
  git('commit', '-qm', 'c')
  sha.c = git('rev-parse', 'HEAD')
})

afterAll(async () => {
  await target?.close()
  await rm(root, { recursive: true, force: true })
})

/** One Nomad job of deploy.yml (or of the dispatched job): checkout at `commit`, nomad-deploy. */
async function run(event: 'push' | 'workflow_dispatch', commit: string, image: string) {
  git('checkout', '-q', commit)
  const outputs: Record<string, string> = {}
  const summaries: string[] = []
  const logger = memoryLogger()
  const deps: NomadDeployDeps = {
    inputs: inputsFrom({
      'job-file': 'nomad/www.nomad.hcl',
      image,
      version: commit,
      'nomad-addr': target.address,
      'github-token': 'ghs_x'
    }),
    logger,
    summary: { write: async md => void summaries.push(md) },
    outputs: { set: (k, v) => void (outputs[k] = v) },
    masker: { mask: () => undefined },
    clock: systemClock,
    env: {
      GITHUB_REPOSITORY: 'elm/elm-infra',
      GITHUB_RUN_ID: '42',
      GITHUB_EVENT_NAME: event,
      GITHUB_SHA: commit,
      GITHUB_ACTOR: 'evancz'
    },
    root,
    tempDir: tmpdir(),
    createClient: config => clientFor(config.address, systemClock),
    createDeployments: () => noGitHub,
    runner: execRunner
  }
  await main(deps)
  return { outputs, summaries, logger }
}

async function running(): Promise<{ image: string; meta: Record<string, string> }> {
  const job = await clientFor(target.address, systemClock).readJob('www')
  return { image: job?.images?.[0] ?? '', meta: { ...job?.meta } }
}

const IMAGE = (x: string): string => `ghcr.io/elm/www@sha256:${x.repeat(64)}`

describe('deploys land in commit order (issue #27)', () => {
  it('the older of two interleaved push runs skips its deploy; the newer image stays', async () => {
    // Push b's Nomad job got the production group first…
    const newer = await run('push', sha.b, IMAGE('b'))
    expect(newer.outputs['status']).toBe('success')
    expect(await running()).toEqual({
      image: IMAGE('b'),
      meta: expect.objectContaining({ commit: sha.b, deployed_by: 'push by evancz' })
    })
    // …then push a's, which was queued behind it.
    const older = await run('push', sha.a, IMAGE('a'))
    expect(older.outputs['status']).toBe('skipped')
    expect(older.outputs['reason']).toContain(
      `www already runs ${sha.b.slice(0, 12)} (push by evancz), a newer commit of main than this run's ${sha.a.slice(0, 12)}`
    )
    expect(older.summaries[0]).toContain('Skipped')
    expect((await running()).image).toBe(IMAGE('b'))
  })

  it('a workflow_dispatch from an older commit rolls back on purpose; a late push still skips', async () => {
    const rollback = await run('workflow_dispatch', sha.a, IMAGE('a'))
    expect(rollback.outputs['status']).toBe('success')
    expect(await running()).toEqual({
      image: IMAGE('a'),
      // The newer commit stays recorded, and who asked is the dispatch.
      meta: expect.objectContaining({ commit: sha.b, deployed_by: 'workflow_dispatch by evancz' })
    })
    const latePush = await run('push', sha.a, IMAGE('a'))
    expect(latePush.outputs['status']).toBe('skipped')
    expect((await running()).image).toBe(IMAGE('a'))
  })

  it('a newer push deploys over all of it', async () => {
    const newest = await run('push', sha.c, IMAGE('c'))
    expect(newest.outputs['status']).toBe('success')
    expect(newest.logger.lines.join('\n')).toContain(
      `Commit order: ${sha.c.slice(0, 12)} is newer than the running ${sha.b.slice(0, 12)}`
    )
    expect(await running()).toEqual({
      image: IMAGE('c'),
      meta: expect.objectContaining({ commit: sha.c, deployed_by: 'push by evancz' })
    })
  })
})
