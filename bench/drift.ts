import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Catalog } from '../actions/shared/catalog/catalog.js'
import { loadCatalog } from '../actions/shared/catalog/load-catalog.js'
import { checkNomadJobs } from '../actions/shared/drift/check-nomad-jobs.js'
import { connectNomadForDrift } from '../actions/shared/drift/nomad-drift-api.js'
import { writeManyJobs } from '../actions/shared/drift/testing/many-jobs.js'
import { type RepoCluster, startRepoCluster } from '../actions/shared/drift/testing/repo-cluster.js'
import { nomadConfigFromEnv } from '../actions/shared/nomad/client/config.js'
import { systemClock } from '../actions/shared/ports.js'
import type { BenchOptions, BenchRow } from './types.js'

const JOBS = 100
const LATENCY_MS = 50

/** One Nomad layer check of every job: wall time and requests sent. */
async function measure(root: string, catalog: Catalog, nomad: RepoCluster, concurrency: number) {
  const connection = connectNomadForDrift(
    nomadConfigFromEnv({ NOMAD_ADDR: nomad.url }),
    systemClock
  )
  const started = performance.now()
  const layer = await checkNomadJobs({
    api: connection.api,
    jobs: catalog.jobs,
    readJobFile: file => readFile(join(root, file), 'utf8'),
    concurrency
  })
  const wall = Math.round(performance.now() - started)
  connection.close()
  if (layer.status !== 'in-sync')
    throw new Error(`expected in sync, got ${layer.status}: ${layer.reason ?? ''}`)
  return { wall, requests: connection.requestCount() }
}

/**
 * The Nomad layer of the drift check: job files compared with the running jobs on the simulated
 * agent (in this process, on loopback) with 50 ms added to every request. Each job costs four
 * requests in a row (versions, submission, parse, deployments; no plan); the bound on jobs in flight
 * is what keeps the wall time far from requests × latency, and the one-at-a-time row measures that
 * (it is run, not computed). One untimed check first warms the client, the double and the catalog.
 */
export async function bench(options: BenchOptions): Promise<BenchRow[]> {
  const jobs = options.smoke ? 10 : JOBS
  const root = await writeManyJobs(jobs)
  const nomad = await startRepoCluster(root)
  const rows: BenchRow[] = []
  const row = (metric: string, value: number, unit: string, note: string, against: string): void =>
    void rows.push({ area: 'drift', metric, value, unit, note, against })
  const simulated = 'simulated cluster (in-process, loopback)'
  const slowed = `simulated cluster (in-process, +${LATENCY_MS} ms per request)`
  try {
    const catalog = await loadCatalog(root)
    await measure(root, catalog, nomad, 8) // warm-up, untimed
    const cpu = await measure(root, catalog, nomad, 8)
    row(
      'nomad check, 0 ms latency (8 at once)',
      cpu.wall,
      'ms',
      `${jobs} jobs; the in-process double’s and client’s own CPU time`,
      simulated
    )
    nomad.server.faults.add({ path: /^\/v1\//, delayMs: LATENCY_MS })
    for (const concurrency of [16, 8, 1]) {
      const { wall, requests } = await measure(root, catalog, nomad, concurrency)
      const at = concurrency === 1 ? 'one job at a time' : `${concurrency} at once`
      const note = `${jobs} jobs, ${LATENCY_MS} ms per request, measured`
      row(`nomad check wall time (${at})`, wall, 'ms', note, slowed)
      row(
        `nomad check requests (${at})`,
        requests,
        'requests',
        `${(wall / requests).toFixed(1)} ms of wall time per request`,
        slowed
      )
    }
  } finally {
    await nomad.close()
    await rm(root, { recursive: true, force: true })
  }
  return rows
}
