import { describe, expect, test } from '@jest/globals'
import { join } from 'node:path'
import type { Service } from '../../shared/catalog/catalog.js'
import type { CommandRunner } from '../../shared/ports.js'
import type { Manifest, RegistryClient } from '../../shared/docker/registry-client.js'
import { RegistryUnreachableError } from '../../shared/docker/registry-errors.js'
import { buildService } from './build-service.js'

const fixtures = join(import.meta.dirname, '..', 'fixtures')
const service = (name: string, context = `contexts/${name}`): Service => ({
  name,
  jobId: name,
  image: `ghcr.io/elm/${name}`,
  context,
  jobFile: `nomad/${name}.nomad.hcl`,
  healthPath: '/healthz',
  publicUrl: 'https://x.example'
})

/** An in-memory registry: tag → manifest; `pushed` makes a docker push land in it. */
function memoryRegistry(
  readBack = true
): RegistryClient & { tags: Map<string, Manifest>; puts: string[] } {
  const tags = new Map<string, Manifest>()
  const puts: string[] = []
  return {
    registry: '127.0.0.1:5000',
    tags,
    puts,
    readDigest: async (_p, ref) => (readBack ? tags.get(ref)?.digest : undefined),
    readManifest: async (_p, ref) =>
      tags.get(ref) ?? [...tags.values()].find(m => m.digest === ref),
    putManifest: async (_p, tag, m) => {
      tags.set(tag, m)
      puts.push(tag)
      return m.digest
    },
    listTags: async () => [...tags.keys()]
  }
}

function runner(
  registry: ReturnType<typeof memoryRegistry>,
  buildExit = 0
): CommandRunner & { commands: string[] } {
  const commands: string[] = []
  return {
    commands,
    run: async (_cmd, args) => {
      commands.push(args[0] ?? '')
      if (args[0] === 'push') {
        const tag = (args[1] ?? '').split(':').at(-1) ?? ''
        registry.tags.set(tag, {
          digest: 'sha256:built',
          mediaType: 'm',
          body: '{"config":{"size":1,"digest":"c"},"layers":[{"size":9,"digest":"l"}]}'
        })
      }
      return {
        exitCode: args[0] === 'build' ? buildExit : 0,
        stdout: '',
        stderr: '#3 [2/2] RUN make\n#3 0.2 oops\n#3 ERROR: exit code: 2'
      }
    }
  }
}

const silent = {
  info: () => {},
  warning: () => {},
  error: () => {},
  debug: () => {},
  group: <T>(_n: string, fn: () => Promise<T>) => fn()
}
let now = 0
const clock = { now: () => (now += 1500), sleep: async () => {} }
const ctx = (registry: RegistryClient, r: CommandRunner) => ({
  root: fixtures,
  runner: r,
  registry,
  logger: silent,
  clock,
  docker: 'docker',
  builder: 'docker' as const,
  push: true,
  sha: 'abc1234',
  version: '1.3',
  buildArgs: {}
})

describe('buildService', () => {
  test('builds, pushes the content tag, copies the others, then an unchanged rerun writes nothing', async () => {
    const registry = memoryRegistry()
    const first = await buildService(service('www'), ctx(registry, runner(registry)))
    expect(first).toMatchObject({
      outcome: 'built',
      digest: 'sha256:built',
      reference: '127.0.0.1:5000/elm/www@sha256:built',
      size: 10
    })
    expect(first.written).toEqual([first.tags[0], 'abc1234', '1.3'])
    const r2 = runner(registry)
    const second = await buildService(service('www'), ctx(registry, r2))
    expect(second).toMatchObject({ outcome: 'reused', written: [] })
    expect(r2.commands).toEqual([])
  })
  test('a missing Dockerfile is named', async () => {
    const registry = memoryRegistry()
    await expect(buildService(service('ghost'), ctx(registry, runner(registry)))).rejects.toThrow(
      'contexts/ghost/Dockerfile is missing'
    )
  })
  test('a failing step is named with its output', async () => {
    const registry = memoryRegistry()
    await expect(buildService(service('www'), ctx(registry, runner(registry, 1)))).rejects.toThrow(
      /failed at step \[2\/2\] RUN make: exit code: 2\nLast output lines:\n {2}oops/
    )
  })
  test('a digest that cannot be read back is an error, not an unpinned output', async () => {
    const registry = memoryRegistry(false)
    await expect(buildService(service('www'), ctx(registry, runner(registry)))).rejects.toThrow(
      /does not return its digest .*not pinned by digest/
    )
  })
})

describe('an unreachable registry', () => {
  const unreachable = (): ReturnType<typeof memoryRegistry> => {
    const registry = memoryRegistry()
    registry.readDigest = async () => {
      throw new RegistryUnreachableError(
        'Cannot reach the registry at https://ghcr.io: fetch failed'
      )
    }
    return registry
  }
  test('push: false builds locally, says so once, and outputs an unpinned local reference', async () => {
    const registry = unreachable()
    const warnings: string[] = []
    const r = runner(registry)
    const result = await buildService(service('www'), {
      ...ctx(registry, r),
      push: false,
      logger: { ...silent, warning: (m: string) => void warnings.push(m) }
    })
    expect(result).toMatchObject({ outcome: 'built', digest: undefined, written: [] })
    expect(result.reference).toMatch(/^127\.0\.0\.1:5000\/elm\/www:content-[0-9a-f]{24}$/)
    expect(r.commands).toEqual(['build', 'image'])
    expect(warnings).toEqual([
      'Cannot reach the registry at https://ghcr.io: fetch failed; push is false, so building locally without reuse.'
    ])
  })
  test('push: true fails with the reason', async () => {
    const registry = unreachable()
    await expect(buildService(service('www'), ctx(registry, runner(registry)))).rejects.toThrow(
      'Cannot reach the registry at https://ghcr.io'
    )
  })
})
