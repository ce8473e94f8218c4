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
}

/** Pure: the goal of a parsed job (API JSON). */
export function goalOf(job: ParsedJob): AllocationGoal {
  const raw = job.raw as { TaskGroups?: { Count?: number | null }[] }
  const groups = raw.TaskGroups ?? []
  return { type: job.type, count: groups.reduce((n, g) => n + (g.Count ?? 1), 0) }
}

function broken(a: Allocation): boolean {
  return (
    ['failed', 'lost'].includes(a.clientStatus) ||
    a.healthy === false ||
    a.tasks.some(t => t.failed || t.restarts > 0)
  )
}

/**
 * Pure. A version Nomad made no deployment for (count 0; a system job on a node too old for
 * system deployments). The client still tracks each service *and system* allocation's health,
 * from the group's migrate strategy (checks, min_healthy_time), and sets
 * `DeploymentStatus.Healthy` (client/allocrunner/health_hook.go `newAllocHealthWatcherHook`,
 * `getHealthParams`, hashicorp/nomad v2.0.5), so: any failed/lost/unhealthy allocation of the
 * version is a failure; a service job succeeds with `count` healthy allocations of it, a system
 * job when every live allocation (one per node) is of it and healthy.
 */
export function judgeAllocations(
  allocations: readonly Allocation[],
  version: number,
  goal: AllocationGoal
): AllocationVerdict {
  const live = allocations.filter(a => a.desiredStatus === 'run')
  const current = live.filter(a => a.jobVersion === version)
  const failed = current.filter(broken)
  if (failed.length > 0) {
    const where = [...new Set(failed.map(a => a.nodeName || '?'))].join(', ')
    return {
      kind: 'failure',
      reason: `${failed.length} allocation(s) of job version ${version} failed (node ${where})`,
      failed
    }
  }
  const healthy = current.filter(a => a.healthy === true)
  if (goal.type !== 'system') {
    if (goal.count === 0)
      return { kind: 'success', reason: `job version ${version} runs no allocations (count 0)` }
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
  if (current.length > 0 && current.length === live.length && healthy.length === current.length) {
    return {
      kind: 'success',
      reason: `job version ${version} is healthy on all ${nodes.size} node(s)`
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
  ctx: { readonly clock: Clock; readonly logger: Logger; readonly deadline: number }
): Promise<AllocationWatch> {
  const goal = goalOf(job)
  let index = 0
  let last = ''
  for (;;) {
    const remaining = ctx.deadline - ctx.clock.now()
    if (remaining <= 0)
      return { ok: false, reason: `Timed out: ${last || 'no allocations seen'}`, details: [] }
    const waitMs = Math.min(MAX_BLOCKING_WAIT_MS, remaining)
    const read = await client.readJobAllocations(jobId, index > 0 ? { index, waitMs } : undefined)
    index = read.index
    const verdict = judgeAllocations(read.value, version, goal)
    if (verdict.reason !== last) ctx.logger.info(`job ${jobId}: ${verdict.reason}`)
    last = verdict.reason
    if (verdict.kind === 'success') return { ok: true, reason: verdict.reason, details: [] }
    if (verdict.kind === 'failure') {
      return {
        ok: false,
        reason: verdict.reason,
        details: verdict.failed.flatMap(a => describeAllocation(a))
      }
    }
  }
}
