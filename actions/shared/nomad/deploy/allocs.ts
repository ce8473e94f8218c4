import type { Clock, Logger } from '../../ports.js'
import { MAX_BLOCKING_WAIT_MS, type NomadClient } from '../client/client.js'
import { describeAllocation } from './report.js'
import type { Allocation, ParsedJob } from '../types.js'

/** A job version's allocations judged without a deployment object. */
export type AllocationVerdict =
  | { readonly kind: 'wait'; readonly reason: string }
  | { readonly kind: 'success'; readonly reason: string }
  | { readonly kind: 'failure'; readonly reason: string; readonly failed: readonly Allocation[] }

/** What the allocations of a version must show, read from the job we registered. */
export interface AllocationGoal {
  readonly type: string
  /** Service jobs: the allocations the version must run (sum of the groups' counts). */
  readonly count: number
  /** System jobs: how long an allocation must run, checks passing, before its node counts. */
  readonly minHealthyMs: number
}

/** Consul check status of allocations (by allocation ID); absent = no check known for it. */
export type CheckStatuses = ReadonlyMap<string, 'passing' | 'warning' | 'critical'>

/** Reads the Consul checks of allocations (the system-job gate); see deploy-consul.ts. */
export interface ConsulChecks {
  statuses(allocationIds: readonly string[]): Promise<CheckStatuses>
}

const DEFAULT_MIN_HEALTHY_MS = 10_000

/** Pure: the goal of a parsed job (API JSON, durations in ns). */
export function goalOf(job: ParsedJob): AllocationGoal {
  const raw = job.raw as {
    Update?: { MinHealthyTime?: number | null } | null
    TaskGroups?: { Count?: number | null; Update?: { MinHealthyTime?: number | null } | null }[]
  }
  const groups = raw.TaskGroups ?? []
  const minNs =
    groups.map(g => g.Update?.MinHealthyTime ?? undefined).find(n => n !== undefined) ??
    raw.Update?.MinHealthyTime ??
    undefined
  return {
    type: job.type,
    count: groups.reduce((n, g) => n + (g.Count ?? 1), 0),
    minHealthyMs: minNs === undefined ? DEFAULT_MIN_HEALTHY_MS : minNs / 1e6
  }
}

function broken(a: Allocation): boolean {
  return (
    ['failed', 'lost'].includes(a.clientStatus) ||
    a.healthy === false ||
    a.tasks.some(t => t.failed || t.restarts > 0)
  )
}

/**
 * Pure. Service jobs (no deployment: count 0 or `max_parallel = 0`): the client still tracks each
 * allocation's health from the group's migrate strategy (checks, min_healthy_time) and sets
 * `DeploymentStatus.Healthy` (client/allocrunner/health_hook.go `getHealthParams`), so `count`
 * healthy allocations of the version are a success, any failed/lost/unhealthy one a failure.
 *
 * System jobs before Nomad 1.11: no deployment and no health watcher at all
 * (`newAllocHealthWatcherHook` skips non-service jobs); the scheduler replaces `max_parallel`
 * allocations per `stagger` whatever their health (scheduler/scheduler_system.go
 * `computeJobAllocs` → `NextRollingEval(stagger)`). So we gate ourselves: one allocation of the
 * version per node that runs one, each running (no restart) with its Consul check passing for
 * `minHealthyMs` since we first saw it so; the first failure stops the gate.
 */
export function judgeAllocations(
  allocations: readonly Allocation[],
  version: number,
  goal: AllocationGoal,
  now: number,
  runningSince: ReadonlyMap<string, number>,
  checks: CheckStatuses | undefined
): AllocationVerdict {
  const live = allocations.filter(a => a.desiredStatus === 'run')
  const current = live.filter(a => a.jobVersion === version)
  const failed = current.filter(
    a => broken(a) || (goal.type === 'system' && checks?.get(a.id) === 'critical')
  )
  if (failed.length > 0) {
    const where = [...new Set(failed.map(a => a.nodeName || '?'))].join(', ')
    return {
      kind: 'failure',
      reason: `${failed.length} allocation(s) of job version ${version} failed (node ${where})`,
      failed
    }
  }
  if (goal.type !== 'system') {
    if (goal.count === 0)
      return { kind: 'success', reason: `job version ${version} runs no allocations (count 0)` }
    const healthy = current.filter(a => a.healthy === true)
    if (healthy.length >= goal.count) {
      return {
        kind: 'success',
        reason: `all ${healthy.length} allocation(s) of job version ${version} are healthy`
      }
    }
    return {
      kind: 'wait',
      reason: `${healthy.length}/${goal.count} allocation(s) of job version ${version} healthy`
    }
  }
  const nodes = new Set(live.map(a => a.nodeName))
  const healthy = current.filter(a => {
    const since = runningSince.get(a.id)
    const checked = checks === undefined || checks.get(a.id) === 'passing'
    return since !== undefined && now - since >= goal.minHealthyMs && checked
  })
  const older = live.filter(a => a.jobVersion !== version)
  if (current.length > 0 && older.length === 0 && healthy.length === current.length) {
    return {
      kind: 'success',
      reason: `job version ${version} is healthy on all ${nodes.size} node(s) (running${checks ? ', Consul check passing' : ''} for ${goal.minHealthyMs / 1000} s)`
    }
  }
  return {
    kind: 'wait',
    reason: `job version ${version} healthy on ${healthy.length}/${nodes.size} node(s)`
  }
}

export interface AllocationWatch {
  readonly ok: boolean
  readonly reason: string
  readonly details: string[]
}

/** Watches the version's allocations (blocking queries) until the verdict is final or the deadline. */
export async function watchAllocations(
  client: NomadClient,
  jobId: string,
  version: number,
  job: ParsedJob,
  ctx: {
    readonly clock: Clock
    readonly logger: Logger
    readonly deadline: number
    readonly checks?: ConsulChecks | undefined
  }
): Promise<AllocationWatch> {
  const goal = goalOf(job)
  const runningSince = new Map<string, number>()
  if (goal.type === 'system' && ctx.checks === undefined) {
    ctx.logger.warning(
      `No Consul address given: judging job '${jobId}' by its allocations running without restarts for ${goal.minHealthyMs / 1000} s; Consul checks are not verified.`
    )
  }
  let index = 0
  let last = ''
  for (;;) {
    const remaining = ctx.deadline - ctx.clock.now()
    if (remaining <= 0)
      return { ok: false, reason: `Timed out: ${last || 'no allocations seen'}`, details: [] }
    // System jobs: poll at most every second so that min_healthy_time can pass without a write.
    const waitMs = Math.min(
      MAX_BLOCKING_WAIT_MS,
      remaining,
      goal.type === 'system' ? 1_000 : remaining
    )
    const read = await client.readJobAllocations(jobId, index > 0 ? { index, waitMs } : undefined)
    index = read.index
    const now = ctx.clock.now()
    for (const a of read.value) {
      if (a.clientStatus === 'running' && !runningSince.has(a.id)) runningSince.set(a.id, now)
    }
    const mine = read.value.filter(a => a.jobVersion === version && a.desiredStatus === 'run')
    const checks =
      goal.type === 'system' && ctx.checks
        ? await ctx.checks.statuses(mine.map(a => a.id))
        : undefined
    const verdict = judgeAllocations(read.value, version, goal, now, runningSince, checks)
    if (verdict.reason !== last) ctx.logger.info(`job ${jobId}: ${verdict.reason}`)
    last = verdict.reason
    if (verdict.kind === 'success') return { ok: true, reason: verdict.reason, details: [] }
    if (verdict.kind === 'failure') {
      const details = verdict.failed.flatMap(a => describeAllocation(a))
      if (goal.type === 'system') details.push(await systemRollbackAdvice(client, jobId, version))
      return { ok: false, reason: verdict.reason, details }
    }
  }
}

/** Nomad never reverts a system job: the command that does, naming the last stable version. */
async function systemRollbackAdvice(
  client: NomadClient,
  jobId: string,
  version: number
): Promise<string> {
  const versions = await client.readJobVersions(jobId)
  const stable = versions.find(v => v.stable && v.version < version)
  const target = stable?.version ?? version - 1
  return `Nomad does not revert a system job and keeps replacing ${jobId} one node per stagger: stop it now with \`nomad job revert ${jobId} ${target}\`${stable ? ' (the last stable version)' : ''}.`
}
