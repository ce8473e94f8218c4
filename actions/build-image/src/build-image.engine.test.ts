import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createTempRepo } from '../../shared/docker/fixtures/temp-repo.js'
import { MANIFEST_ACCEPT } from '../../shared/docker/registry-client.js'
import { DOCKER, REGISTRY, engines, requireEngine } from '../../shared/testing/engines.js'
import {
  ensureBusyboxBase,
  removeLocalImages,
  freePort,
  runImage,
  waitForHttp
} from '../fixtures/engine.js'
import { type RunRecord, runBuildImage } from '../fixtures/harness.js'

const run =
  requireEngine('docker', engines.docker()) && requireEngine('registry', engines.registry())
const contexts = join(import.meta.dirname, '..', 'fixtures', 'contexts')
const owner = `elm-test-${process.pid}-${Date.now()}`
const SERVICES = ['package-site', 'website', 'www']
let root = ''
const shas: string[] = []
const git = (...args: string[]): string =>
  execFileSync('git', ['-C', root, ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@t',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@t'
    }
  }).trim()
const build = (inputs: Record<string, string>): Promise<RunRecord> =>
  runBuildImage(root, { registry: REGISTRY, push: 'true', ...inputs }, DOCKER)
const images = (record: RunRecord): Record<string, string> =>
  JSON.parse(record.outputs['images'] ?? '{}') as Record<string, string>
const built = (record: RunRecord): string[] =>
  JSON.parse(record.outputs['built'] ?? '[]') as string[]

async function registryDigest(path: string, tag: string): Promise<string | null> {
  const response = await fetch(`http://${REGISTRY}/v2/${path}/manifests/${tag}`, {
    method: 'HEAD',
    headers: { Accept: MANIFEST_ACCEPT }
  })
  return response.ok ? response.headers.get('docker-content-digest') : null
}

describe('build-image against the real engine and registry', () => {
  if (!run) {
    it('is not run: no docker engine or registry here (the warning above says why)', () =>
      expect(run).toBe(false))
    return
  }
  const containers: string[] = []
  beforeAll(async () => {
    ensureBusyboxBase(DOCKER)
    root = await createTempRepo(
      Object.fromEntries(SERVICES.map(s => [s, join(contexts, s)])),
      ['traefik'],
      owner
    )
    git('init', '-q')
    git('add', '.')
    git('commit', '-qm', 'one')
    shas.push(git('rev-parse', 'HEAD'))
  })
  afterAll(() => {
    for (const id of containers) execFileSync(DOCKER, ['rm', '-f', id], { stdio: 'pipe' })
    if (root !== '') rmSync(root, { recursive: true, force: true })
    removeLocalImages(DOCKER, owner)
  }, 60_000)

  it('cold: builds every service, pushes, pins by digest, and each image answers /healthz', async () => {
    const record = await build({ services: 'all', sha: shas[0] ?? '', version: '1.0' })
    expect(record.error).toBeUndefined()
    expect(built(record)).toEqual(SERVICES)
    for (const service of SERVICES) {
      const reference = images(record)[service] ?? ''
      expect(reference).toMatch(new RegExp(`^${REGISTRY}/${owner}/${service}@sha256:[0-9a-f]{64}$`))
      const digest = reference.split('@')[1]
      for (const tag of [shas[0] ?? '', '1.0'])
        expect(await registryDigest(`${owner}/${service}`, tag)).toBe(digest)
      const port = await freePort()
      const id = runImage(DOCKER, reference, port)
      containers.push(id)
      expect(await waitForHttp(`http://127.0.0.1:${port}/healthz`)).toEqual({
        status: 200,
        body: 'ok\n'
      })
      expect(
        execFileSync(DOCKER, ['inspect', '--format', '{{.Config.User}}', id], {
          encoding: 'utf8'
        }).trim()
      ).toBe('10001:10001')
    }
    expect(record.summary).toContain('| package-site |')
    expect(record.log).toContain('::group::Image: www')
  }, 60_000)

  it('unchanged rerun: builds nothing, pushes nothing', async () => {
    const record = await build({ services: 'all', sha: shas[0] ?? '', version: '1.0' })
    expect(record.error).toBeUndefined()
    expect(built(record)).toEqual([])
    expect(record.commands.filter(c => / (build|push)$/.test(c))).toEqual([])
    expect(record.log.filter(l => l.endsWith('nothing written to the registry'))).toHaveLength(3)
    expect(record.summary.match(/\| reused \|/g)).toHaveLength(3)
  }, 60_000)

  it('a changed context: only that service is selected and rebuilt', async () => {
    writeFileSync(join(root, 'docker', 'www', 'site', 'index.html'), 'changed\n')
    git('commit', '-qam', 'two')
    shas.push(git('rev-parse', 'HEAD'))
    const changed = await build({ services: 'changed', base: shas[0] ?? '', sha: shas[1] ?? '' })
    expect(changed.error).toBeUndefined()
    expect(built(changed)).toEqual(['www'])
    expect(Object.keys(images(changed))).toEqual(['www'])
    const all = await build({ services: 'all', sha: shas[1] ?? '' })
    expect(built(all)).toEqual([])
    expect(all.commands.filter(c => / (build|push)$/.test(c))).toEqual([])
    expect(await registryDigest(`${owner}/website`, shas[1] ?? '')).toBe(
      images(all)['website']?.split('@')[1]
    )
  }, 60_000)

  it('a failing build step is named, with its last output lines, and the summary shows it', async () => {
    writeFileSync(
      join(root, 'docker', 'website', 'Dockerfile'),
      `${readFileSync(join(contexts, 'website', 'Dockerfile'), 'utf8')}\nRUN echo compiling pages && echo "elm: syntax error in Page.elm" && exit 4\n`
    )
    const record = await build({ services: 'website', sha: shas[1] ?? '' })
    expect(String(record.error)).toMatch(
      /Building .*docker\/website failed at step \[stage-1 \d\/\d\] RUN echo compiling pages/
    )
    expect(String(record.error)).toContain(
      'Last output lines:\n  compiling pages\n  elm: syntax error in Page.elm'
    )
    expect(record.summary).toMatch(/\| website \| — .*\*\*failed\*\*/)
  }, 60_000)

  it('a missing Dockerfile is named', async () => {
    rmSync(join(root, 'docker', 'website', 'Dockerfile'))
    const record = await build({ services: 'website', sha: shas[1] ?? '' })
    expect(String(record.error)).toMatch(/docker\/website\/.*Dockerfile/)
  }, 60_000)
})
