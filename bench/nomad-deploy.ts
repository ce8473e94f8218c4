import type { NomadClient } from '../actions/shared/nomad/client.js'
import { clientFor, deploy, repoJob, startTarget } from '../actions/shared/nomad/deploy-test-kit.js'
import { TestClock } from '../actions/shared/nomad/simulated-cluster.js'
import { type Clock, systemClock } from '../actions/shared/ports.js'
import type { BenchRow } from './types.js'

/**
 * nomad-deploy reaction times and request counts, on the simulated cluster:
 *   - last canary healthy → promote request, and unhealthy canary → deployJob returns (real clock);
 *   - HTTP requests for one ~5-minute canary deployment (virtual clock), with our blocking queries
 *     and with a 1-second poll of the same reads, side by side.
 */
const AREA = 'nomad-deploy'
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
  const target = await startTarget({ reschedule: 'never' })
  const client = clientFor(target.address, systemClock)
  const cluster = target.cluster
  const server = target.server
  try {
    if (!cluster || !server) throw new Error('bench needs the simulated cluster')
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

/** Reads every blocking query at once after a 1-second sleep instead: what a poller does. */
function polling(client: NomadClient, clock: Clock): NomadClient {
  const poll = async (): Promise<void> => clock.sleep(1000)
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
  mode: 'blocking' | 'poll-1s'
): Promise<{ requests: number; minutes: number }> {
  const clock = new TestClock({ start: Date.now(), autoAdvanceAfterMs: 20 })
  const target = await startTarget({
    clock,
    health: { healthyAfterMs: 150_000, startAfterMs: 5_000 }
  })
  const base = clientFor(target.address, clock)
  const client = mode === 'blocking' ? base : polling(base, clock)
  try {
    await deploy(base, repoJob('website'), v1, { clock, timeoutMs: 3_600_000 })
    const before = target.server?.requests.length ?? 0
    const started = clock.now()
    const result = await deploy(client, repoJob('website'), v2, { clock, timeoutMs: 3_600_000 })
    if (result.status !== 'success') throw new Error(`bench deploy ${mode}: ${result.reason}`)
    return {
      requests: (target.server?.requests.length ?? 0) - before,
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

export async function bench(): Promise<BenchRow[]> {
  const promote: number[] = []
  const fail: number[] = []
  for (let i = 0; i < 5; i++) promote.push(await reaction('promote'))
  for (let i = 0; i < 5; i++) fail.push(await reaction('fail'))
  const blocking = await requestsPerDeploy('blocking')
  const poll = await requestsPerDeploy('poll-1s')
  const span = `one canary deploy of ${blocking.minutes.toFixed(1)} simulated minutes`
  return [
    {
      area: AREA,
      metric: 'last canary healthy → promote request (median of 5)',
      value: median(promote),
      unit: 'ms',
      note: `max ${Math.max(...promote)} ms`
    },
    {
      area: AREA,
      metric: 'unhealthy canary → deploy returns failure (median of 5)',
      value: median(fail),
      unit: 'ms',
      note: `max ${Math.max(...fail)} ms; includes watching Nomad's rollback deployment to its end`
    },
    {
      area: AREA,
      metric: 'HTTP requests per deploy, blocking queries',
      value: blocking.requests,
      unit: 'requests',
      note: span
    },
    {
      area: AREA,
      metric: 'HTTP requests per deploy, 1-second poll',
      value: poll.requests,
      unit: 'requests',
      note: `same deploy, ${poll.minutes.toFixed(1)} simulated minutes`
    }
  ]
}
