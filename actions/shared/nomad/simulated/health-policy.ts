import type { Allocation, Job } from './types.js'

/** What the simulated Nomad client will do with a newly placed allocation. */
export type HealthDecision =
  | { readonly kind: 'healthy'; readonly startAfterMs: number; readonly healthyAfterMs: number }
  | {
      readonly kind: 'unhealthy'
      readonly startAfterMs: number
      readonly failAfterMs: number
      /** Exit code of the failed task (default 1). */
      readonly exitCode: number
      /** When set, the task never starts: a `Driver Failure` event with this text (image pull). */
      readonly driverError?: string
    }
  /** Starts the tasks but leaves health to `setAllocHealth` (or the healthy_deadline). */
  | { readonly kind: 'manual'; readonly startAfterMs: number }

/** Decides per allocation; gets the allocation and the job version it runs. */
export type HealthPolicy = (alloc: Allocation, job: Job) => HealthDecision

/** A rule that makes matching allocations fail. Unset fields match anything. */
export interface UnhealthyRule {
  readonly job?: string
  readonly group?: string
  /** Substring of (or pattern for) any task's `config.image`. */
  readonly image?: string | RegExp
  /** Only allocations of this job version. */
  readonly version?: number
  readonly exitCode?: number
  readonly driverError?: string
  readonly failAfterMs?: number
}

/** Options for {@link createHealthPolicy}. */
export interface HealthPolicyOptions {
  /** Time from placement to `Healthy: true` (default 1000 ms). */
  readonly healthyAfterMs?: number
  /** Time from placement to the tasks running (default min(100, healthyAfterMs)). */
  readonly startAfterMs?: number
  /** Allocations matching any rule fail instead (rehearse `--unhealthy <service>`). */
  readonly unhealthy?: readonly UnhealthyRule[]
  /** Leave health to the test for every allocation not matched by `unhealthy`. */
  readonly manual?: boolean
  /** Never healthy before the group's `min_healthy_time` (as real Nomad; default false: faster runs). */
  readonly respectMinHealthyTime?: boolean
}

function images(job: Job, group: string): string[] {
  const tg = job.TaskGroups.find(g => g.Name === group)
  return (tg?.Tasks ?? []).map(t => String(t.Config?.image ?? ''))
}

function matches(rule: UnhealthyRule, alloc: Allocation, job: Job): boolean {
  if (rule.job !== undefined && rule.job !== alloc.JobID) return false
  if (rule.group !== undefined && rule.group !== alloc.TaskGroup) return false
  if (rule.version !== undefined && rule.version !== alloc.JobVersion) return false
  const pattern = rule.image
  if (pattern !== undefined) {
    const all = images(job, alloc.TaskGroup)
    const hit = all.some(i => (typeof pattern === 'string' ? i.includes(pattern) : pattern.test(i)))
    if (!hit) return false
  }
  return true
}

/** Builds a health policy: healthy after a delay, except allocations matching an unhealthy rule. */
export function createHealthPolicy(options: HealthPolicyOptions = {}): HealthPolicy {
  const healthyAfterMs = options.healthyAfterMs ?? 1000
  const startAfterMs = options.startAfterMs ?? Math.min(100, healthyAfterMs)
  return (alloc, job) => {
    const rule = options.unhealthy?.find(r => matches(r, alloc, job))
    if (rule) {
      const base = {
        kind: 'unhealthy' as const,
        startAfterMs,
        failAfterMs: rule.failAfterMs ?? healthyAfterMs,
        exitCode: rule.exitCode ?? 1
      }
      return rule.driverError === undefined ? base : { ...base, driverError: rule.driverError }
    }
    if (options.manual) return { kind: 'manual', startAfterMs }
    const update = job.TaskGroups.find(g => g.Name === alloc.TaskGroup)?.Update
    const minHealthyMs = options.respectMinHealthyTime ? (update?.MinHealthyTime ?? 0) / 1e6 : 0
    return {
      kind: 'healthy',
      startAfterMs,
      healthyAfterMs: Math.max(healthyAfterMs, startAfterMs, startAfterMs + minHealthyMs)
    }
  }
}

/** Every allocation's health is left to the test (`setAllocHealth`). */
export const manualHealth: HealthPolicy = () => ({ kind: 'manual', startAfterMs: 0 })
