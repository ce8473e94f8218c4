import { armProgressDeadline } from './deployment-transitions.js'
import { touchDeployment } from './deployment-status.js'
import type { Engine } from './engine.js'
import { startLifecycle, stopAlloc, touchAlloc } from './lifecycle.js'
import { placeAlloc } from './place-alloc.js'
import { chooseNode } from './placement.js'
import { type GroupUpdates } from './reconcile.js'
import { nextNameIndex } from './reconcile.js'
import type { Allocation, Deployment, Job, SimNode, TaskGroup } from './types.js'

/** Context for placing a group's allocations. */
export interface GroupRun {
  readonly engine: Engine
  readonly job: Job
  readonly group: TaskGroup
  readonly evalId: string
  readonly deployment: Deployment | undefined
  readonly updates: GroupUpdates
  readonly failures: string[]
  readonly names: Set<number>
  stopped: number
}

/** Places one allocation (joining the deployment); records a failure when nothing fits. */
export function placeOne(
  run: GroupRun,
  canary: boolean,
  previous?: Allocation,
  node?: SimNode
): Allocation | undefined {
  const choice = chooseNode(run.engine, run.job, run.group, node)
  if (!choice.ok) {
    run.failures.push(choice.dimension)
    return undefined
  }
  const d = run.deployment
  const alloc = placeAlloc(run.engine, {
    job: run.job,
    group: run.group,
    index: nextNameIndex(run.engine, run.job, run.group, run.names),
    node: choice.node,
    evalId: run.evalId,
    deploymentId: d?.ID ?? '',
    canary,
    ...(previous ? { previous } : {})
  })
  const state = d?.TaskGroups[run.group.Name]
  if (d && state) {
    state.PlacedAllocs += 1
    if (canary) state.PlacedCanaries = [...(state.PlacedCanaries ?? []), alloc.ID]
    if (state.RequireProgressBy === null && state.ProgressDeadline > 0) {
      state.RequireProgressBy = run.engine.isoAt(run.engine.nowMs() + state.ProgressDeadline / 1e6)
    }
    touchDeployment(run.engine, d)
    armProgressDeadline(run.engine, d)
  }
  return alloc
}

/** Stops an allocation as part of this scheduling pass. */
export function stopOne(run: GroupRun, alloc: Allocation, description: string): void {
  stopAlloc(run.engine, alloc, description)
  run.updates.Stop += 1
  run.stopped += 1
}

/** Moves an allocation to the new job version without replacing it; it rejoins the deployment. */
export function updateInPlace(run: GroupRun, alloc: Allocation): void {
  alloc.JobVersion = run.job.Version
  alloc.EvalID = run.evalId
  const d = run.deployment
  alloc.DeploymentID = d?.ID ?? ''
  alloc.DeploymentStatus = null
  run.updates.InPlaceUpdate += 1
  touchAlloc(run.engine, alloc)
  const state = d?.TaskGroups[run.group.Name]
  if (d && state) {
    state.PlacedAllocs += 1
    if (state.RequireProgressBy === null && state.ProgressDeadline > 0) {
      state.RequireProgressBy = run.engine.isoAt(run.engine.nowMs() + state.ProgressDeadline / 1e6)
    }
    touchDeployment(run.engine, d)
    armProgressDeadline(run.engine, d)
  }
  for (const cancel of run.engine.store.extra(alloc.ID).timers.splice(0)) cancel()
  startLifecycle(run.engine, alloc)
}
