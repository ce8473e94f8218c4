import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Catalog } from '../actions/shared/catalog/catalog.js'
import { loadCatalog } from '../actions/shared/catalog/load-catalog.js'
import { checkNomadJobs } from '../actions/shared/drift/check-nomad-jobs.js'
import { connectNomadForDrift } from '../actions/shared/drift/nomad-drift-api.js'
import { writeManyJobs } from '../actions/shared/drift/testing/many-jobs.js'
import { type RepoCluster, startRepoCluster } from '../actions/shared/drift/testing/repo-cluster.js'
import { nomadConfigFromEnv } from '../actions/shared/nomad/client-config.js'
import { systemClock } from '../actions/shared/ports.js'
import type { BenchRow } from './types.js'

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
 * The Nomad layer of the drift check: 100 job files compared with the running jobs on the simulated agent with 50 ms
 * added to every request. Each job costs four requests in a row (versions, submission, parse, deployments; no plan); the
 * bound on jobs in flight is what keeps the wall time far from requests × latency. The simulated
 * agent runs in this process, so its own CPU time (the 0 ms row) is part of every wall time.
 */
export async function bench(): Promise<BenchRow[]> {
  const root = await writeManyJobs(JOBS)
  const nomad = await startRepoCluster(root)
  const rows: BenchRow[] = []
  const row = (metric: string, value: number, unit: string, note: string): void =>
    void rows.push({ area: 'drift', metric, value, unit, note })
  try {
    const catalog = await loadCatalog(root)
    const cpu = await measure(root, catalog, nomad, 8)
    row(
      'nomad check, 0 ms latency (8 at once)',
      cpu.wall,
      'ms',
      'the in-process double’s and client’s own CPU time'
    )
    nomad.server.faults.add({ path: /^\/v1\//, delayMs: LATENCY_MS })
    for (const concurrency of [8, 16]) {
      const { wall, requests } = await measure(root, catalog, nomad, concurrency)
      const note = `${JOBS} jobs, ${LATENCY_MS} ms per request`
      row(`nomad check wall time (${concurrency} at once)`, wall, 'ms', note)
      row(`nomad check requests (${concurrency} at once)`, requests, 'requests', note)
      if (concurrency === 8) {
        const sequential = `computed: ${requests} × ${LATENCY_MS} ms; one request per job would be ${JOBS * LATENCY_MS} ms`
        row('nomad check, one request at a time', requests * LATENCY_MS, 'ms', sequential)
      }
    }
  } finally {
    await nomad.close()
    await rm(root, { recursive: true, force: true })
  }
  return rows
}
