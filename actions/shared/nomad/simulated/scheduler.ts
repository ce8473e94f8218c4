import { createDeployment, isDeploymentComplete } from './deployments.js'
import type { Engine } from './engine.js'
import { type GroupRun, placeOne, stopOne, updateInPlace } from './group-actions.js'
import { stopAlloc } from './lifecycle.js'
import { eligibleNodes, failureMetric } from './placement.js'
import {
  type GroupSnapshot,
  type GroupUpdates,
  emptyUpdates,
  groupHasWork,
  snapshotGroup
} from './reconcile.js'
import { scheduleSystemGroup } from './system-scheduler.js'
import type { AllocationMetric, Deployment, Job } from './types.js'
import { DESCRIPTIONS, isActive } from './deployment-status.js'
import { cancelDeployment, markSuccessful } from './deployment-transitions.js'

/** What one scheduler pass did (or, in a dry run, would do). */
export interface ScheduleResult {
  deploymentId: string
  failed: Record<string, AllocationMetric>
  queued: Record<string, number>
  updates: Record<string, GroupUpdates>
  stopped: number
}

function scheduleServiceGroup(run: GroupRun, snap: GroupSnapshot, frozen: boolean): void {
  const { group, deployment: d } = run
  const state = d?.TaskGroups[group.Name]
  for (const a of snap.inPlace) if (!frozen) updateInPlace(run, a)
  const current = frozen ? snap.current : [...snap.current, ...snap.inPlace]
  const old = frozen ? [...snap.inPlace, ...snap.destructive] : snap.destructive
  const due = [...snap.due]
  if (state && state.DesiredCanaries > 0 && !state.Promoted) {
    const canaries = [...current, ...snap.occupied].filter(a => a.DeploymentStatus?.Canary === true)
    run.updates.Ignore += current.length + old.length
    for (let i = canaries.length; i < state.DesiredCanaries; i++) {
      const previous = due.shift()
      if (placeOne(run, true, previous)) run.updates.Canary += 1
    }
    return
  }
  const present = current.length + snap.occupied.length
  let excess = present + old.length - group.Count
  const remaining = [...old]
  while (excess > 0 && remaining.length > 0) {
    const victim = remaining.shift()
    if (victim) stopOne(run, victim, 'alloc not needed due to job update')
    excess -= 1
  }
  for (const extra of current.slice(0, Math.max(0, excess))) {
    stopOne(run, extra, 'alloc not needed due to job update')
  }
  run.updates.Ignore += current.length
  for (let i = excess; i < 0; i++) {
    if (placeOne(run, false, due.shift())) run.updates.Place += 1
  }
  if (frozen || remaining.length === 0) {
    run.updates.Ignore += remaining.length
    return
  }
  const inflight = state
    ? run.engine.store
        .jobAllocs(run.job.Namespace, run.job.ID)
        .filter(
          a =>
            a.DeploymentID === d?.ID &&
            a.TaskGroup === group.Name &&
            a.DesiredStatus === 'run' &&
            a.DeploymentStatus?.Healthy !== true
        ).length
    : 0
  const allowed = state
    ? Math.max(0, (group.Update?.MaxParallel ?? 1) - inflight)
    : remaining.length
  remaining.forEach((old, i) => {
    if (i >= allowed) {
      run.updates.Ignore += 1
      return
    }
    stopOne(run, old, 'alloc is being updated due to job update')
    run.updates.Stop -= 1
    if (placeOne(run, false)) run.updates.DestructiveUpdate += 1
  })
}

/** `LatestDeploymentByJobID`: the job's deployment with the highest CreateIndex, any status. */
function latestDeployment(engine: Engine, job: Job): Deployment | undefined {
  return engine.store
    .jobDeployments(job.Namespace, job.ID)
    .reduce<Deployment | undefined>(
      (a, d) => (a && a.CreateIndex > d.CreateIndex ? a : d),
      undefined
    )
}

function stopFailedCanaries(engine: Engine, job: Job): number {
  let stopped = 0
  for (const a of engine.store.jobAllocs(job.Namespace, job.ID)) {
    if (a.DesiredStatus !== 'run' || a.DeploymentStatus?.Canary !== true) continue
    const d = engine.store.deployments.get(a.DeploymentID)
    if (d && !isActive(d)) {
      stopAlloc(engine, a, 'alloc not needed as deployment failed')
      stopped += 1
    }
  }
  return stopped
}

/** One scheduler pass for a job's current version: deployments, placements, stops, completion. */
export function scheduleJob(engine: Engine, job: Job, evalId: string): ScheduleResult {
  const result: ScheduleResult = {
    deploymentId: '',
    failed: {},
    queued: {},
    updates: {},
    stopped: 0
  }
  for (const d of engine.store.jobDeployments(job.Namespace, job.ID)) {
    if (isActive(d) && d.JobVersion !== job.Version)
      cancelDeployment(engine, d, DESCRIPTIONS.newerJob)
  }
  result.stopped += stopFailedCanaries(engine, job)
  const mine = engine.store
    .jobDeployments(job.Namespace, job.ID)
    .filter(d => d.JobVersion === job.Version && d.JobCreateIndex === job.CreateIndex)
    .sort((a, b) => b.CreateIndex - a.CreateIndex)[0]
  const system = job.Type === 'system' || job.Type === 'sysbatch'
  const snapshots = new Map(job.TaskGroups.map(g => [g.Name, snapshotGroup(engine, job, g)]))
  // Service jobs, and system jobs since 1.11 (scheduler/reconciler/reconcile_node.go
  // `computeForNode` → `createDeployment`, "maxParallel of 0 means no deployments";
  // scheduler/scheduler_system.go `computeJobAllocs`, v2.0.5): a group with `max_parallel > 0`
  // (a system group's count is its nodes, placement.ts `desiredCount`).
  const wantsDeployment =
    (job.Type === 'service' || job.Type === 'system') &&
    job.TaskGroups.some(
      g => (g.Update?.MaxParallel ?? 0) > 0 && (job.Type === 'system' || g.Count > 0)
    )
  let deployment = mine && isActive(mine) ? mine : undefined
  const hasWork = job.TaskGroups.some(g => {
    const s = snapshots.get(g.Name)
    return (
      s !== undefined &&
      (system
        ? s.destructive.length + s.inPlace.length > 0 ||
          s.current.length < eligibleNodes(engine, job).length
        : groupHasWork(s, g.Count))
    )
  })
  if (!mine && wantsDeployment && hasWork) {
    const canaries = new Map(
      job.TaskGroups.map(g => [
        g.Name,
        (snapshots.get(g.Name)?.destructive.length ?? 0) > 0 && !system
          ? (g.Update?.Canary ?? 0)
          : 0
      ])
    )
    deployment = createDeployment(engine, job, canaries)
  }
  const frozen = mine !== undefined && (mine.Status === 'failed' || mine.Status === 'cancelled')
  for (const group of job.TaskGroups) {
    const snap = snapshots.get(group.Name)
    if (!snap) continue
    const run: GroupRun = {
      engine,
      job,
      group,
      evalId,
      deployment,
      updates: emptyUpdates(),
      failures: [],
      names: new Set(),
      stopped: 0
    }
    if (system) scheduleSystemGroup(run, snap)
    else scheduleServiceGroup(run, snap, frozen)
    result.updates[group.Name] = run.updates
    result.stopped += run.stopped
    result.queued[group.Name] = run.failures.length
    if (run.failures.length > 0)
      result.failed[group.Name] = failureMetric(engine, job, run.failures)
  }
  if (
    deployment &&
    isActive(deployment) &&
    Object.keys(result.failed).length === 0 &&
    isDeploymentComplete(engine, deployment, job)
  ) {
    markSuccessful(engine, deployment)
  }
  // The eval names the job's *latest* deployment, whatever its status or version: the generic
  // scheduler starts from `LatestDeploymentByJobID` (highest CreateIndex, no status or version
  // filter; nomad/state/state_store.go), replaces it only when the reconciler made a new one, and
  // `setStatus(…, s.deployment.GetID())` writes it into the eval (scheduler/generic_sched.go
  // `Process`/`computeJobAllocs`, scheduler/util.go `setStatus`, v2.0.5; the system scheduler
  // likewise, scheduler_system.go `process`). An unchanged or
  // count-0 job's eval therefore points at an older version's deployment.
  result.deploymentId = deployment?.ID ?? latestDeployment(engine, job)?.ID ?? ''
  return result
}
