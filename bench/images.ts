import { execFileSync } from 'node:child_process'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ServiceResult } from '../actions/build-image/src/build-service.js'
import { ensureBusyboxBase, removeLocalImages } from '../actions/build-image/fixtures/engine.js'
import { type RunRecord, runBuildImage } from '../actions/build-image/fixtures/harness.js'
import { createTempRepo } from '../actions/shared/docker/fixtures/temp-repo.js'
import { DOCKER, REGISTRY, engines } from '../actions/shared/testing/engines.js'
import type { BenchOptions, BenchRow } from './types.js'

const SERVICES = ['package-site', 'website', 'www'] as const
const area = 'images'
const against = 'local Docker engine + registry (busybox fixtures, not the real images)'

/**
 * build-image on the fixture contexts (busybox base; the real upstream sources cannot be fetched
 * here) against the local engine and registry: cold build, unchanged rerun (target: no build,
 * < 2 s per service), one changed context, and the pushed image sizes. The warm-up touches the
 * engine and the registry (and pulls the base) untimed; it builds nothing, so the cold build stays
 * cold: its contexts are new to the engine's build cache (a fresh owner, a fresh temp repository).
 */
export async function bench(_options: BenchOptions): Promise<BenchRow[]> {
  const docker = engines.docker()
  const registry = engines.registry()
  if (!docker.available || !registry.available) {
    const reason = docker.available ? registry.reason : docker.reason
    return [{ area, metric: 'skipped', value: 0, unit: '-', note: `no engine: ${reason}`, against }]
  }
  ensureBusyboxBase(DOCKER)
  execFileSync(DOCKER, ['version'], { stdio: 'ignore' })
  const ping = await fetch(`http://${REGISTRY}/v2/`)
  if (!ping.ok) throw new Error(`registry ${REGISTRY}/v2/ answered ${ping.status}`)
  const contexts = join(process.cwd(), 'actions', 'build-image', 'fixtures', 'contexts')
  const owner = `elm-bench-${process.pid}-${Date.now()}`
  const root = await createTempRepo(
    Object.fromEntries(SERVICES.map(s => [s, join(contexts, s)])),
    [],
    owner
  )
  try {
    const run = async (sha: string): Promise<{ seconds: number; results: ServiceResult[] }> => {
      const started = performance.now()
      const record: RunRecord = await runBuildImage(
        root,
        { services: 'all', sha, registry: REGISTRY, push: 'true' },
        DOCKER
      )
      if (record.error !== undefined) throw record.error
      const results = JSON.parse(record.outputs['results'] ?? '[]') as ServiceResult[]
      return { seconds: (performance.now() - started) / 1000, results }
    }
    const cold = await run('1111111')
    const unchanged = await run('1111111')
    writeFileSync(join(root, 'docker', 'www', 'site', 'index.html'), `changed ${Date.now()}\n`)
    const changed = await run('2222222')
    const builds = (r: ServiceResult[]): number => r.filter(x => x.outcome === 'built').length
    const perService = (r: ServiceResult[]): string =>
      r.map(x => `${x.service} ${x.seconds.toFixed(2)} s`).join(', ')
    const slowest = Math.max(...unchanged.results.map(r => r.seconds))
    return [
      {
        area,
        metric: 'cold build, 3 services (build + push + tag)',
        value: cold.seconds,
        unit: 's',
        note: perService(cold.results),
        against
      },
      {
        area,
        metric: 'unchanged rerun, 3 services',
        value: unchanged.seconds,
        unit: 's',
        note: `${builds(unchanged.results)} builds, ${unchanged.results.flatMap(r => r.written).length} tags written`,
        against
      },
      {
        area,
        metric: 'unchanged rerun, slowest service',
        value: slowest,
        unit: 's',
        note: `target < 2 s per service: ${slowest < 2 ? 'met' : 'MISSED'}`,
        against
      },
      {
        area,
        metric: 'one context changed (www), new SHA',
        value: changed.seconds,
        unit: 's',
        note: `${builds(changed.results)} built, others re-tagged: ${perService(changed.results)}`,
        against
      },
      ...cold.results.map(r => ({
        area,
        metric: `${r.service} fixture image size (compressed)`,
        value: (r.size ?? 0) / 1024 / 1024,
        unit: 'MB',
        note: 'busybox fixture, not the real image',
        against
      }))
    ]
  } finally {
    rmSync(root, { recursive: true, force: true })
    removeLocalImages(DOCKER, owner)
  }
}
