/**
 * The shapes the simulated cluster stores and serves, named and cased exactly as Nomad's JSON
 * (PascalCase Go field names, durations in nanoseconds). Index signatures keep pass-through fields.
 */

export interface UpdateStrategy {
  Stagger: number
  MaxParallel: number
  HealthCheck: string
  MinHealthyTime: number
  HealthyDeadline: number
  ProgressDeadline: number
  Canary: number
  AutoRevert: boolean
  AutoPromote: boolean
  [key: string]: unknown
}

export interface ReschedulePolicy {
  Attempts: number
  Interval: number
  Delay: number
  DelayFunction: string
  MaxDelay: number
  Unlimited: boolean
  [key: string]: unknown
}

export interface Resources {
  CPU: number
  MemoryMB: number
  [key: string]: unknown
}

export interface Service {
  Name: string
  PortLabel: string
  Tags: string[] | null
  CanaryTags: string[] | null
  Checks: Record<string, unknown>[] | null
  [key: string]: unknown
}

export interface Task {
  Name: string
  Driver: string
  Config: Record<string, unknown> | null
  Env: Record<string, string> | null
  Resources: Resources
  Services: Service[] | null
  [key: string]: unknown
}

export interface TaskGroup {
  Name: string
  Count: number
  Update: UpdateStrategy | null
  ReschedulePolicy: ReschedulePolicy | null
  Services: Service[] | null
  Tasks: Task[]
  [key: string]: unknown
}

export interface Job {
  ID: string
  Name: string
  Namespace: string
  Region: string
  Type: string
  Priority: number
  Datacenters: string[]
  Meta: Record<string, string> | null
  Update: UpdateStrategy | null
  TaskGroups: TaskGroup[]
  Stop: boolean
  Status: string
  Stable: boolean
  Version: number
  SubmitTime: number
  CreateIndex: number
  ModifyIndex: number
  JobModifyIndex: number
  [key: string]: unknown
}

export interface DeploymentState {
  AutoRevert: boolean
  AutoPromote: boolean
  ProgressDeadline: number
  RequireProgressBy: string | null
  Promoted: boolean
  PlacedCanaries: string[] | null
  DesiredCanaries: number
  DesiredTotal: number
  PlacedAllocs: number
  HealthyAllocs: number
  UnhealthyAllocs: number
}

export type DeploymentStatusName = 'running' | 'paused' | 'successful' | 'failed' | 'cancelled'

export interface Deployment {
  ID: string
  Namespace: string
  JobID: string
  JobVersion: number
  JobModifyIndex: number
  JobSpecModifyIndex: number
  JobCreateIndex: number
  IsMultiregion: boolean
  TaskGroups: Record<string, DeploymentState>
  Status: DeploymentStatusName
  StatusDescription: string
  EvalPriority: number
  CreateIndex: number
  ModifyIndex: number
  CreateTime: number
  ModifyTime: number
}

export interface TaskEvent {
  Type: string
  Time: number
  Message: string
  DisplayMessage: string
  Details: Record<string, string>
  ExitCode: number
  Signal: number
  DriverError: string
  [key: string]: unknown
}

export interface TaskState {
  State: 'pending' | 'running' | 'dead'
  Failed: boolean
  Restarts: number
  LastRestart: string | null
  StartedAt: string | null
  FinishedAt: string | null
  Events: TaskEvent[]
}

export interface AllocDeploymentStatus {
  Healthy: boolean | null
  Timestamp: string | null
  Canary: boolean
  ModifyIndex: number
}

export interface Allocation {
  ID: string
  EvalID: string
  Name: string
  Namespace: string
  NodeID: string
  NodeName: string
  JobID: string
  JobType: string
  JobVersion: number
  TaskGroup: string
  DeploymentID: string
  DesiredStatus: 'run' | 'stop' | 'evict'
  DesiredDescription: string
  ClientStatus: 'pending' | 'running' | 'complete' | 'failed' | 'lost' | 'unknown'
  ClientDescription: string
  DesiredTransition: {
    Migrate: boolean | null
    Reschedule: boolean | null
    ForceReschedule: boolean | null
  }
  TaskStates: Record<string, TaskState> | null
  DeploymentStatus: AllocDeploymentStatus | null
  FollowupEvalID: string
  NextAllocation: string
  PreviousAllocation: string
  RescheduleTracker: {
    Events: { RescheduleTime: number; PrevAllocID: string; PrevNodeID: string; Delay: number }[]
  } | null
  PreemptedAllocations: string[] | null
  PreemptedByAllocation: string
  Resources: { CPU: number; MemoryMB: number }
  CreateIndex: number
  ModifyIndex: number
  AllocModifyIndex: number
  CreateTime: number
  ModifyTime: number
}

export type EvalStatus = 'pending' | 'blocked' | 'complete' | 'failed' | 'canceled'

export interface AllocationMetric {
  NodesEvaluated: number
  NodesFiltered: number
  NodesInPool: number
  NodePool: string
  NodesAvailable: Record<string, number>
  ClassFiltered: Record<string, number> | null
  ConstraintFiltered: Record<string, number> | null
  NodesExhausted: number
  ClassExhausted: Record<string, number> | null
  DimensionExhausted: Record<string, number> | null
  QuotaExhausted: string[] | null
  ResourcesExhausted: Record<string, { CPU: number; MemoryMB: number }> | null
  Scores: Record<string, number> | null
  ScoreMetaData: unknown[] | null
  AllocationTime: number
  CoalescedFailures: number
}

export interface Evaluation {
  ID: string
  Priority: number
  Type: string
  TriggeredBy: string
  Namespace: string
  JobID: string
  JobModifyIndex: number
  DeploymentID: string
  Status: EvalStatus
  StatusDescription: string
  Wait: number
  WaitUntil: string | null
  NextEval: string
  PreviousEval: string
  BlockedEval: string
  RelatedEvals: unknown[] | null
  FailedTGAllocs: Record<string, AllocationMetric> | null
  PlanAnnotations: Record<string, unknown> | null
  ClassEligibility: Record<string, boolean> | null
  MissingNonNodeResources: string[] | null
  QueuedAllocations: Record<string, number> | null
  SnapshotIndex: number
  CreateIndex: number
  ModifyIndex: number
  CreateTime: number
  ModifyTime: number
}

/** A client node of the simulated cluster. */
export interface SimNode {
  readonly ID: string
  readonly Name: string
  readonly Datacenter: string
  readonly NodePool: string
  /** Allocatable CPU in MHz. */
  readonly CPU: number
  /** Allocatable memory in MB. */
  readonly MemoryMB: number
  /** Fingerprinted attributes, e.g. `consul.version` when a Consul agent answers on the node. */
  readonly Attributes?: Readonly<Record<string, string>>
}
