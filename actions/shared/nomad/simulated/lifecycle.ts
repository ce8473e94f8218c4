import { claimThenAttach, csiVolumesOf, releaseClaims } from './csi.js'
import type { Engine } from './engine.js'
import { jobVersion } from './jobs.js'
import {
  allocUnhealthyEvent,
  deadlineMessage,
  driverFailureEvents,
  exitEvents,
  startEvents,
  taskEvent
} from './task-events.js'
import type { Allocation, TaskEvent, TaskGroup } from './types.js'
import { reportHealth } from './watcher.js'

/** Bumps the allocation's ModifyIndex with a write to the allocs table. */
export function touchAlloc(engine: Engine, alloc: Allocation): void {
  const index = engine.store.write('allocs')
  alloc.ModifyIndex = index
  alloc.AllocModifyIndex = index
  alloc.ModifyTime = engine.nowNs()
}

/** Schedules the simulated client's work for an allocation, per the health policy. */
export function startLifecycle(engine: Engine, alloc: Allocation): void {
  const job = jobVersion(engine, alloc.Namespace, alloc.JobID, alloc.JobVersion)
  if (!job) return
  const group = job.TaskGroups.find(g => g.Name === alloc.TaskGroup)
  const [volume] = csiVolumesOf(group)
  if (volume && engine.volumes.has(volume.source)) {
    // The health hook runs from placement; the CSI hook claims and attaches before any task
    // starts (csi.ts), so the healthy deadline covers the wait.
    armHealthyDeadline(engine, alloc, group)
    claimThenAttach(
      engine,
      alloc,
      volume.source,
      () => runTasks(engine, alloc, false),
      group?.Update?.HealthyDeadline ?? 0
    )
    return
  }
  runTasks(engine, alloc, true)
}

function runTasks(engine: Engine, alloc: Allocation, armDeadline: boolean): void {
  const job = jobVersion(engine, alloc.Namespace, alloc.JobID, alloc.JobVersion)
  if (!job || alloc.DesiredStatus !== 'run') return
  const group = job.TaskGroups.find(g => g.Name === alloc.TaskGroup)
  const decision = engine.settings.health(alloc, job)
  const timers = engine.store.extra(alloc.ID).timers
  const image = String(group?.Tasks[0]?.Config?.image ?? '')
  if (decision.kind === 'unhealthy' && decision.driverError !== undefined) {
    const driverError = decision.driverError
    timers.push(
      engine.after(decision.failAfterMs, () =>
        failAlloc(
          engine,
          alloc,
          driverFailureEvents(engine.nowNs(), driverError, group),
          'Unhealthy because of failed task'
        )
      )
    )
    if (armDeadline) armHealthyDeadline(engine, alloc, group)
    return
  }
  timers.push(engine.after(decision.startAfterMs, () => markRunning(engine, alloc, image)))
  if (decision.kind === 'healthy') {
    timers.push(engine.after(decision.healthyAfterMs, () => reportHealth(engine, alloc, true)))
  } else if (decision.kind === 'unhealthy') {
    const exitCode = decision.exitCode
    timers.push(
      engine.after(Math.max(decision.failAfterMs, decision.startAfterMs), () =>
        failAlloc(
          engine,
          alloc,
          exitEvents(engine.nowNs(), exitCode, group),
          'Unhealthy because of failed task'
        )
      )
    )
  }
  if (armDeadline) armHealthyDeadline(engine, alloc, group)
}

function armHealthyDeadline(engine: Engine, alloc: Allocation, group: TaskGroup | undefined): void {
  const deadlineNs = group?.Update?.HealthyDeadline
  if (alloc.DeploymentID === '' || !deadlineNs) return
  engine.store.extra(alloc.ID).timers.push(
    engine.after(deadlineNs / 1e6, () => {
      if (alloc.DesiredStatus !== 'run' || alloc.DeploymentStatus?.Healthy != null) return
      const message = deadlineMessage(group, alloc.ClientStatus === 'running')
      reportHealth(engine, alloc, false, [allocUnhealthyEvent(engine.nowNs(), message)])
    })
  )
}

/** Tasks running: `Task Setup`, `Driver`, `Started` events; ClientStatus running. */
export function markRunning(engine: Engine, alloc: Allocation, image: string): void {
  if (alloc.DesiredStatus !== 'run' || alloc.ClientStatus !== 'pending') return
  const now = engine.nowNs()
  for (const state of Object.values(alloc.TaskStates ?? {})) {
    state.State = 'running'
    state.StartedAt = engine.nowIso()
    state.Events.push(...startEvents(now, image))
  }
  alloc.ClientStatus = 'running'
  alloc.ClientDescription = 'Tasks are running'
  touchAlloc(engine, alloc)
}

/** The tasks failed with `events`; the allocation fails and reports unhealthy. */
export function failAlloc(
  engine: Engine,
  alloc: Allocation,
  events: TaskEvent[],
  unhealthyMessage: string
): void {
  if (alloc.DesiredStatus !== 'run' || alloc.ClientStatus === 'failed') return
  const now = engine.nowNs()
  const states = Object.values(alloc.TaskStates ?? {})
  states.forEach((state, i) => {
    state.State = 'dead'
    state.Failed = true
    state.FinishedAt = engine.nowIso()
    if (i === 0) state.Events.push(...events)
    state.Events.push(allocUnhealthyEvent(now, unhealthyMessage))
  })
  alloc.ClientStatus = 'failed'
  alloc.ClientDescription = 'Failed tasks'
  for (const cancel of engine.store.extra(alloc.ID).timers.splice(0)) cancel()
  releaseClaims(engine, alloc)
  touchAlloc(engine, alloc)
  reportHealth(engine, alloc, false)
}

/** The scheduler stops an allocation (replaced, scaled down, job stopped). */
export function stopAlloc(engine: Engine, alloc: Allocation, description: string): void {
  if (alloc.DesiredStatus !== 'run') return
  const now = engine.nowNs()
  for (const cancel of engine.store.extra(alloc.ID).timers.splice(0)) cancel()
  alloc.DesiredStatus = 'stop'
  alloc.DesiredDescription = description
  releaseClaims(engine, alloc)
  if (alloc.ClientStatus === 'pending' || alloc.ClientStatus === 'running') {
    alloc.ClientStatus = 'complete'
    alloc.ClientDescription = 'All tasks have completed'
    for (const state of Object.values(alloc.TaskStates ?? {})) {
      if (state.State === 'running') {
        state.Events.push(
          taskEvent('Killing', now, 'Sent interrupt. Waiting 5s before force killing')
        )
        state.Events.push(taskEvent('Killed', now, 'Task successfully killed'))
      }
      state.State = 'dead'
      state.FinishedAt = engine.nowIso()
    }
  }
  touchAlloc(engine, alloc)
}
