import type { Engine } from './engine.js'
import { startLifecycle } from './lifecycle.js'
import { taskEvent } from './task-events.js'
import type { Allocation, Job, SimNode, TaskGroup } from './types.js'

/** Where and why a new allocation is placed. */
export interface PlacementRequest {
  readonly job: Job
  readonly group: TaskGroup
  readonly index: number
  readonly node: SimNode
  readonly evalId: string
  readonly deploymentId: string
  readonly canary: boolean
  readonly previous?: Allocation
}

/** Creates a pending allocation on a node and starts its simulated client lifecycle. */
export function placeAlloc(engine: Engine, request: PlacementRequest): Allocation {
  const { job, group, node } = request
  const index = engine.store.write('allocs')
  const now = engine.nowNs()
  const tasks = Object.fromEntries(
    group.Tasks.map(t => [
      t.Name,
      {
        State: 'pending' as const,
        Failed: false,
        Restarts: 0,
        LastRestart: null,
        StartedAt: null,
        FinishedAt: '0001-01-01T00:00:00Z', // Go's zero time.Time, as Nomad marshals it
        Events: [taskEvent('Received', now, 'Task received by client')]
      }
    ])
  )
  const alloc: Allocation = {
    ID: engine.newId(),
    EvalID: request.evalId,
    Name: `${job.ID}.${group.Name}[${request.index}]`,
    Namespace: job.Namespace,
    NodeID: node.ID,
    NodeName: node.Name,
    JobID: job.ID,
    JobType: job.Type,
    JobVersion: job.Version,
    TaskGroup: group.Name,
    DeploymentID: request.deploymentId,
    DesiredStatus: 'run',
    DesiredDescription: '',
    ClientStatus: 'pending',
    ClientDescription: 'No tasks have started',
    DesiredTransition: { Migrate: null, Reschedule: null, ForceReschedule: null },
    TaskStates: tasks,
    DeploymentStatus: request.canary
      ? { Healthy: null, Timestamp: null, Canary: true, ModifyIndex: index }
      : null,
    FollowupEvalID: '',
    NextAllocation: '',
    PreviousAllocation: request.previous?.ID ?? '',
    RescheduleTracker: null,
    PreemptedAllocations: null,
    PreemptedByAllocation: '',
    Resources: {
      CPU: group.Tasks.reduce((s, t) => s + t.Resources.CPU, 0),
      MemoryMB: group.Tasks.reduce((s, t) => s + t.Resources.MemoryMB, 0)
    },
    CreateIndex: index,
    ModifyIndex: index,
    AllocModifyIndex: index,
    CreateTime: now,
    ModifyTime: now
  }
  if (request.previous) {
    const prevExtra = engine.store.extra(request.previous.ID)
    engine.store.extra(alloc.ID).attempts = prevExtra.attempts + 1
    alloc.RescheduleTracker = {
      Events: [
        ...(request.previous.RescheduleTracker?.Events ?? []),
        {
          RescheduleTime: now,
          PrevAllocID: request.previous.ID,
          PrevNodeID: request.previous.NodeID,
          Delay: 0
        }
      ]
    }
    request.previous.NextAllocation = alloc.ID
  }
  engine.store.allocs.set(alloc.ID, alloc)
  startLifecycle(engine, alloc)
  return alloc
}
