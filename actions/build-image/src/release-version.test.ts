import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Service } from '../../shared/catalog/catalog.js'
import type { Manifest, RegistryClient } from '../../shared/docker/registry-client.js'
import type { CommandRunner } from '../../shared/ports.js'
import { buildService } from './build-service.js'

/** Releases from docker/<service>/VERSION: tagged on main's builds, and never moved. */

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'contexts')
const www: Service = {
  name: 'www',
  jobId: 'www',
  image: 'ghcr.io/elm/www',
  context: 'docker/www',
  jobFile: 'nomad/www.nomad.hcl',
  healthPath: '/healthz',
  publicUrl: 'https://x.example'
}
let root = ''
let pushes = 0

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), '16-release-'))
  await cp(join(fixtures, 'www'), join(root, 'docker', 'www'), { recursive: true })
})
afterEach(async () => rm(root, { recursive: true, force: true }))

function registry(): RegistryClient & { tags: Map<string, Manifest> } {
  const tags = new Map<string, Manifest>()
  return {
    registry: '127.0.0.1:5000',
    tags,
    readDigest: async (_p, ref) => tags.get(ref)?.digest,
    readManifest: async (_p, ref) =>
      tags.get(ref) ?? [...tags.values()].find(m => m.digest === ref),
    putManifest: async (_p, tag, m) => {
      tags.set(tag, m)
      return m.digest
    },
    listTags: async () => [...tags.keys()]
  }
}

/** docker push lands a new digest per push in the registry. */
function runner(reg: ReturnType<typeof registry>): CommandRunner {
  return {
    run: async (_cmd, args) => {
      if (args[0] === 'push') {
        pushes += 1
        reg.tags.set((args[1] ?? '').split(':').at(-1) ?? '', {
          digest: `sha256:${String(pushes).repeat(64).slice(0, 64)}`,
          mediaType: 'm',
          body: '{"config":{"size":1,"digest":"c"},"layers":[]}'
        })
      }
      return { exitCode: 0, stdout: '', stderr: '' }
    }
  }
}

function ctx(reg: ReturnType<typeof registry>, warnings: string[] = [], sha = 'a'.repeat(40)) {
  return {
    root,
    runner: runner(reg),
    registry: reg,
    logger: {
      info: () => {},
      warning: (m: string) => void warnings.push(m),
      error: () => {},
      debug: () => {},
      group: <T>(_n: string, fn: () => Promise<T>) => fn()
    },
    clock: { now: () => 0, sleep: async () => {} },
    docker: 'docker',
    builder: 'docker' as const,
    push: true,
    sha,
    version: undefined,
    releaseVersions: true,
    buildArgs: {}
  }
}

describe('release versions from docker/<service>/VERSION', () => {
  test('tags the image with the full SHA, the content tag and the release', async () => {
    await writeFile(join(root, 'docker', 'www', 'VERSION'), '1.3\n')
    const reg = registry()
    const result = await buildService(www, ctx(reg))
    expect(result.release).toBe('1.3')
    expect(result.tags.slice(1)).toEqual(['a'.repeat(40), '1.3'])
    expect(reg.tags.get('1.3')?.digest).toBe(result.digest)
    expect(reg.tags.get('a'.repeat(40))?.digest).toBe(result.digest)
  })

  test('a release tag on another digest is never moved, and the log says to bump VERSION', async () => {
    await writeFile(join(root, 'docker', 'www', 'VERSION'), '1.3\n')
    const reg = registry()
    const first = await buildService(www, ctx(reg))
    await writeFile(join(root, 'docker', 'www', 'site', 'index.html'), 'changed, same VERSION\n')
    const warnings: string[] = []
    const second = await buildService(www, ctx(reg, warnings, 'b'.repeat(40)))
    expect(second.digest).not.toBe(first.digest)
    expect(reg.tags.get('1.3')?.digest).toBe(first.digest)
    expect(reg.tags.get('b'.repeat(40))?.digest).toBe(second.digest)
    expect(second.releaseKept).toBe(first.digest)
    expect(second.written).not.toContain('1.3')
    expect(second.tags).not.toContain('1.3')
    expect(warnings.join('\n')).toContain('Bump docker/www/VERSION')
  })

  test('without release-versions the VERSION file is not read', async () => {
    await writeFile(join(root, 'docker', 'www', 'VERSION'), 'not a version\n')
    const result = await buildService(www, { ...ctx(registry()), releaseVersions: false })
    expect(result.release).toBeUndefined()
  })

  test('a VERSION that /deploy could not name is a clear error', async () => {
    await writeFile(join(root, 'docker', 'www', 'VERSION'), 'v1.3\n')
    await expect(buildService(www, ctx(registry()))).rejects.toThrow(
      "docker/www/VERSION is 'v1.3': expected one line MAJOR[.MINOR[.PATCH]] such as 1.3."
    )
  })

  test('no VERSION file: SHA and content tag only', async () => {
    const result = await buildService(www, ctx(registry()))
    expect(result.release).toBeUndefined()
    expect(result.tags).toHaveLength(2)
  })
})
