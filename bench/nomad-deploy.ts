import type { NomadClient } from '../actions/shared/nomad/client/client.js'
import {
  type Target,
  clientFor,
  deploy,
  repoJob,
  startTarget
} from '../actions/shared/nomad/deploy/test-kit.js'
import { type SimulatedCluster, TestClock } from '../actions/shared/nomad/simulated/cluster.js'
import type { SimulatedNomadServer } from '../actions/shared/nomad/simulated/http.js'
import { type Clock, systemClock } from '../actions/shared/ports.js'
import type { BenchOptions, BenchRow } from './types.js'

/**
 * nomad-deploy reaction times and request counts, on the simulated cluster (never a real Nomad: the
 * bench refuses NOMAD_E2E_ADDR, so every row can say what it was measured against):
 *   - last canary healthy → promote request, and unhealthy canary → deployJob returns (real clock);
 *   - HTTP requests for one ~5-minute canary deployment (virtual clock), with our blocking queries
 *     and with a poll of the same reads every 1, 5 and 10 seconds, side by side.
 */
const AREA = 'nomad-deploy'
/** The polling baselines our blocking queries are compared with. */
const POLL_SECONDS = [1, 5, 10] as const
const REAL_CLOCK = 'simulated cluster (in-process, loopback, real clock)'
const VIRTUAL_CLOCK = 'simulated cluster (in-process, loopback, virtual clock)'

/** The simulated cluster, or an error: a real agent would make every label here a lie. */
async function simulatedTarget(
  options: Parameters<typeof startTarget>[0]
): Promise<Target & { cluster: SimulatedCluster; server: SimulatedNomadServer }> {
  const target = await startTarget(options)
  const { cluster, server } = target
  if (!cluster || !server) {
    await target.close()
    throw new Error('the bench measures the simulated cluster: unset NOMAD_E2E_ADDR')
  }
  return { ...target, cluster, server }
}
const v1 = { image: 'ghcr.io/elm/website@sha256:1111', version: '1' }
const v2 = { image: 'ghcr.io/elm/website@sha256:2222', version: '2' }

async function until<T>(find: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const started = Date.now()
  for (;;) {
    const found = find()
    if (found !== undefined) return found
    if (Date.now() - started > timeoutMs) throw new Error('bench: condition not reached in time')
    await new Promise(r => setTimeout(r, 1))
  }
}

/** One reaction measurement: ms from our health change to the promote request or to the return. */
async function reaction(kind: 'promote' | 'fail'): Promise<number> {
  const target = await simulatedTarget({ reschedule: 'never' })
  const client = clientFor(target.address, systemClock)
  const { cluster, server } = target
  try {
    await deploy(client, repoJob('website'), v1, { clock: systemClock })
    cluster.setHealthPolicy('manual')
    const running = deploy(client, repoJob('website'), v2, { clock: systemClock })
    const canary = await until(
      () => cluster.allocations(a => a.JobVersion === 1 && a.DeploymentStatus?.Canary === true)[0]
    )
    await new Promise(r => setTimeout(r, 50)) // let the watch settle into its blocking query
    cluster.setHealthPolicy({ healthyAfterMs: 5 })
    const t0 = Date.now()
    cluster.setAllocHealth(canary.ID, kind === 'promote' ? 'healthy' : 'unhealthy')
    if (kind === 'fail') {
      await running
      return Date.now() - t0
    }
    const promote = await until(() =>
      server.requests.find(r => r.path.startsWith('/v1/deployment/promote/'))
    )
    await running
    return promote.timestamp - t0
  } finally {
    client.close()
    await target.close()
  }
}

/** Reads every blocking query at once after a sleep of `everyMs` instead: what a poller does. */
function polling(client: NomadClient, clock: Clock, everyMs: number): NomadClient {
  const poll = async (): Promise<void> => clock.sleep(everyMs)
  const wrapped: NomadClient = {
    ...client,
    withSignal: () => wrapped,
    readDeployment: async (id, q) =>
      q ? (await poll(), client.readDeployment(id)) : client.readDeployment(id),
    readEvaluation: async (id, q) =>
      q ? (await poll(), client.readEvaluation(id)) : client.readEvaluation(id)
  }
  return wrapped
}

/** Requests the server saw for one v1 → v2 canary deployment that takes about 5 virtual minutes. */
async function requestsPerDeploy(
  pollEveryMs: number | 'blocking'
): Promise<{ requests: number; minutes: number }> {
  const clock = new TestClock({ start: Date.now(), autoAdvanceAfterMs: 20 })
  const target = await simulatedTarget({
    clock,
    health: { healthyAfterMs: 150_000, startAfterMs: 5_000 }
  })
  const base = clientFor(target.address, clock)
  const client = pollEveryMs === 'blocking' ? base : polling(base, clock, pollEveryMs)
  try {
    await deploy(base, repoJob('website'), v1, { clock, timeoutMs: 3_600_000 })
    const before = target.server.requests.length
    const started = clock.now()
    const result = await deploy(client, repoJob('website'), v2, { clock, timeoutMs: 3_600_000 })
    if (result.status !== 'success')
      throw new Error(`bench deploy ${pollEveryMs}: ${result.reason}`)
    return {
      requests: target.server.requests.length - before,
      minutes: (clock.now() - started) / 60_000
    }
  } finally {
    base.close()
    await target.close()
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

export async function bench(options: BenchOptions): Promise<BenchRow[]> {
  const runs = options.smoke ? 1 : 5
  await reaction('promote') // warm-up, untimed: module loading, the first server, the JIT
  const promote: number[] = []
  const fail: number[] = []
  for (let i = 0; i < runs; i++) promote.push(await reaction('promote'))
  for (let i = 0; i < runs; i++) fail.push(await reaction('fail'))
  const blocking = await requestsPerDeploy('blocking')
  const span = `one canary deploy of ${blocking.minutes.toFixed(1)} simulated minutes`
  const rows: BenchRow[] = [
    {
      area: AREA,
      metric: `last canary healthy → promote request (median of ${runs})`,
      value: median(promote),
      unit: 'ms',
      note: `max ${Math.max(...promote)} ms, after a warm-up deploy`,
      against: REAL_CLOCK
    },
    {
      area: AREA,
      metric: `unhealthy canary → deploy returns failure (median of ${runs})`,
      value: median(fail),
      unit: 'ms',
      note: `max ${Math.max(...fail)} ms; includes watching Nomad's rollback deployment to its end`,
      against: REAL_CLOCK
    },
    {
      area: AREA,
      metric: 'HTTP requests per deploy, blocking queries',
      value: blocking.requests,
      unit: 'requests',
      note: span,
      against: VIRTUAL_CLOCK
    }
  ]
  for (const seconds of POLL_SECONDS) {
    const poll = await requestsPerDeploy(seconds * 1000)
    rows.push({
      area: AREA,
      metric: `HTTP requests per deploy, ${seconds}-second poll`,
      value: poll.requests,
      unit: 'requests',
      note: `same deploy, ${poll.minutes.toFixed(1)} simulated minutes (${(poll.requests / blocking.requests).toFixed(1)}× blocking)`,
      against: VIRTUAL_CLOCK
    })
  }
  return rows
}
