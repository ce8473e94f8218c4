import { DESCRIPTIONS, isActive, touchAllocIndex, touchDeployment } from './deployment-status.js'
import { armProgressDeadline, failDeployment, maybeAutoPromote } from './deployment-transitions.js'
import type { Engine } from './engine.js'
import { jobVersion } from './jobs.js'
import type { Allocation, Deployment, DeploymentState, TaskEvent } from './types.js'

const pendingWatcherEvals = new WeakSet<Deployment>()

/** The client reports an allocation healthy or unhealthy; the deployment counters follow (§1.7). */
export function reportHealth(
  engine: Engine,
  alloc: Allocation,
  healthy: boolean,
  events: TaskEvent[] = []
): void {
  if (alloc.DesiredStatus !== 'run') return
  const previous = alloc.DeploymentStatus?.Healthy ?? null
  if (previous === healthy) return
  const first = Object.values(alloc.TaskStates ?? {})[0]
  first?.Events.push(...events)
  if (alloc.DeploymentID === '') {
    // Without a deployment the client still tracks a service or system allocation's health, from
    // the group's migrate strategy, and sets DeploymentStatus.Healthy; batch and sysbatch
    // allocations get no health watcher at all (client/allocrunner/health_hook.go
    // `newAllocHealthWatcherHook`: `case structs.JobTypeService, structs.JobTypeSystem`,
    // `getHealthParams`; alloc_runner_hooks.go `SetHealth`, v2.0.5).
    const job = jobVersion(engine, alloc.Namespace, alloc.JobID, alloc.JobVersion)
    if (job?.Type === 'service' || job?.Type === 'system') {
      alloc.DeploymentStatus = {
        Healthy: healthy,
        Timestamp: engine.nowIso(),
        Canary: false,
        ModifyIndex: 0
      }
    }
    return void touchAllocIndex(engine, alloc)
  }
  alloc.DeploymentStatus = {
    Healthy: healthy,
    Timestamp: engine.nowIso(),
    Canary: alloc.DeploymentStatus?.Canary ?? false,
    ModifyIndex: 0
  }
  touchAllocIndex(engine, alloc)
  const d = engine.store.deployments.get(alloc.DeploymentID)
  const state = d?.TaskGroups[alloc.TaskGroup]
  if (!d || !state || !isActive(d)) return
  if (healthy) {
    state.HealthyAllocs += 1
    if (state.ProgressDeadline > 0) {
      state.RequireProgressBy = engine.isoAt(engine.nowMs() + state.ProgressDeadline / 1e6)
    }
  } else {
    if (previous === true) state.HealthyAllocs -= 1
    state.UnhealthyAllocs += 1
  }
  touchDeployment(engine, d)
  armProgressDeadline(engine, d)
  if (healthy) {
    maybeAutoPromote(engine, d)
    scheduleWatcherEval(engine, d)
  } else {
    handleUnhealthy(engine, d, state, alloc)
  }
}

function rescheduleDelayMs(engine: Engine, alloc: Allocation): number | undefined {
  if (engine.settings.reschedule === 'never') return undefined
  const job = jobVersion(engine, alloc.Namespace, alloc.JobID, alloc.JobVersion)
  const policy = job?.TaskGroups.find(g => g.Name === alloc.TaskGroup)?.ReschedulePolicy
  if (!policy) return undefined
  const attempts = engine.store.extra(alloc.ID).attempts
  if (!policy.Unlimited && attempts >= policy.Attempts) return undefined
  const factor = policy.DelayFunction === 'constant' ? 1 : 2 ** attempts
  const delayNs =
    policy.MaxDelay > 0 ? Math.min(policy.Delay * factor, policy.MaxDelay) : policy.Delay * factor
  return delayNs / 1e6
}

function handleUnhealthy(
  engine: Engine,
  d: Deployment,
  state: DeploymentState,
  alloc: Allocation
): void {
  const delay = state.ProgressDeadline === 0 ? undefined : rescheduleDelayMs(engine, alloc)
  if (delay === undefined) {
    failDeployment(engine, d, DESCRIPTIONS.failedAllocations, state.AutoRevert)
    return
  }
  alloc.DesiredTransition = { ...alloc.DesiredTransition, Reschedule: true }
  engine.store.extra(alloc.ID).rescheduleAt = engine.nowMs() + delay
  touchAllocIndex(engine, alloc)
  engine.after(delay, () => {
    const job = engine.store.job(alloc.Namespace, alloc.JobID)?.current
    if (job && isActive(d)) engine.createEval(job, 'alloc-failure')
  })
}

/** The watcher's follow-up eval after health changes (batched per deployment). */
export function scheduleWatcherEval(engine: Engine, d: Deployment): void {
  if (pendingWatcherEvals.has(d)) return
  pendingWatcherEvals.add(d)
  const fire = (): void => {
    pendingWatcherEvals.delete(d)
    const job = engine.store.job(d.Namespace, d.JobID)?.current
    if (job && isActive(d)) engine.createEval(job, 'deployment-watcher', { DeploymentID: d.ID })
  }
  if (engine.settings.watcherDelayMs > 0) engine.after(engine.settings.watcherDelayMs, fire)
  else engine.defer(fire)
}
