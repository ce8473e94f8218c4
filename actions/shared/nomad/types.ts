/**
 * Domain types for the deploy: what the boundary parsers (parse-*.ts) make of Nomad's JSON.
 * Times are epoch milliseconds, durations milliseconds; `undefined` stands for Nomad's null.
 */

/** A job as returned by /v1/jobs/parse: a few fields we read, and the whole object to send back. */
export interface ParsedJob {
  readonly id: string
  readonly type: string
  readonly raw: Readonly<Record<string, unknown>>
}

/** GET /v1/job/:id, the fields a deployer uses. */
export interface JobInfo {
  readonly id: string
  readonly type: string
  readonly status: string
  readonly version: number
  readonly stable: boolean
  readonly modifyIndex: number
  readonly jobModifyIndex: number
  /** The job's `meta` (string values); ours carry the app version as `version` (nomad/*.nomad.hcl). */
  readonly meta?: Readonly<Record<string, string>>
  /** Every task's `config.image`, in group and task order (docker tasks). */
  readonly images?: readonly string[]
}

/** One field change of a plan diff (`Fields[]`). */
export interface DiffField {
  readonly type: string
  readonly name: string
  readonly old: string
  readonly new: string
}

/** A nested object of a plan diff (`Objects[]`, `TaskGroups[]`, `Tasks[]`). */
export interface DiffNode {
  readonly type: string
  readonly name: string
  readonly fields: readonly DiffField[]
  readonly objects: readonly DiffNode[]
  readonly children: readonly DiffNode[]
  /** `TaskGroups[].Updates`: e.g. {canary: 1, ignore: 2}. */
  readonly updates: Readonly<Record<string, number>>
}

/** Why the scheduler could not place a group's allocations (`AllocationMetric`). */
export interface PlacementFailure {
  readonly group: string
  readonly nodesEvaluated: number
  readonly nodesFiltered: number
  readonly nodesExhausted: number
  readonly nodesAvailable: Readonly<Record<string, number>>
  readonly classFiltered: Readonly<Record<string, number>>
  readonly constraintFiltered: Readonly<Record<string, number>>
  readonly classExhausted: Readonly<Record<string, number>>
  readonly dimensionExhausted: Readonly<Record<string, number>>
  readonly quotaExhausted: readonly string[]
  readonly coalescedFailures: number
}

/** POST /v1/job/:id/plan. */
export interface PlanResult {
  readonly jobModifyIndex: number
  /** Added | Deleted | Edited | None. */
  readonly diffType: string
  readonly diff: DiffNode
  readonly failedPlacements: readonly PlacementFailure[]
  readonly warnings: string
}

/** POST /v1/jobs (register). */
export interface RegisterResult {
  readonly evalId: string
  readonly jobModifyIndex: number
  readonly warnings: string
}

export interface Evaluation {
  readonly id: string
  /** pending | blocked | complete | failed | canceled. */
  readonly status: string
  readonly statusDescription: string
  readonly deploymentId: string
  readonly triggeredBy: string
  readonly jobModifyIndex: number
  readonly nextEval: string
  readonly blockedEval: string
  readonly failedPlacements: readonly PlacementFailure[]
}

export interface DeploymentGroup {
  readonly name: string
  readonly autoRevert: boolean
  readonly autoPromote: boolean
  readonly promoted: boolean
  readonly placedCanaries: readonly string[]
  readonly desiredCanaries: number
  readonly desiredTotal: number
  readonly placedAllocs: number
  readonly healthyAllocs: number
  readonly unhealthyAllocs: number
  readonly progressDeadlineMs: number
  readonly requireProgressBy: number | undefined
}

export interface Deployment {
  readonly id: string
  readonly jobId: string
  readonly jobVersion: number
  readonly jobSpecModifyIndex: number
  /** running | paused | successful | failed | cancelled (+ multiregion states). */
  readonly status: string
  readonly statusDescription: string
  readonly groups: readonly DeploymentGroup[]
  readonly createIndex: number
  readonly modifyIndex: number
}

export interface TaskEvent {
  readonly type: string
  readonly time: number | undefined
  /** DisplayMessage, else Message, else the deprecated flat error fields. */
  readonly message: string
}

export interface TaskState {
  readonly name: string
  /** pending | running | dead. */
  readonly state: string
  readonly failed: boolean
  readonly restarts: number
  readonly events: readonly TaskEvent[]
}

export interface Allocation {
  readonly id: string
  readonly name: string
  readonly nodeName: string
  readonly taskGroup: string
  readonly jobVersion: number
  readonly desiredStatus: string
  readonly clientStatus: string
  readonly clientDescription: string
  /** DeploymentStatus.Healthy: undefined while undecided. */
  readonly healthy: boolean | undefined
  readonly canary: boolean
  readonly tasks: readonly TaskState[]
}

/** Promote and fail answers. */
export interface DeploymentUpdate {
  readonly evalId: string
  /** The stable version Nomad copies when it reverts, if it does. */
  readonly revertedJobVersion: number | undefined
}

/** A read with the X-Nomad-Index it was answered at, for the next blocking query. */
export interface Indexed<T> {
  readonly value: T
  readonly index: number
}

/** `?index=&wait=` of a blocking query. */
export interface BlockingQuery {
  readonly index: number
  readonly waitMs: number
}

/**
 * A job's source as `nomad job run` submits it beside the job (`Submission` of a register) and as
 * `GET /v1/job/:id/submission?version=` returns it. Nomad stores it for reference only.
 */
export interface JobSubmission {
  readonly source: string
  /** `hcl2` (or `json`). */
  readonly format: string
  /** `-var name=value` flags: the job's simple (string, number, bool) variables. */
  readonly variableFlags: Readonly<Record<string, string>>
  /** var-file text: complex variables and `-var-file` contents. */
  readonly variables: string
}

/** A stored submission: the job version it was registered with. */
export interface StoredSubmission extends JobSubmission {
  readonly version: number
  readonly jobModifyIndex: number
}

/** One job of `GET /v1/jobs` (a JobListStub). */
export interface JobListEntry {
  readonly id: string
  /** pending | running | dead. */
  readonly status: string
  /** Set for dispatched and periodic children. */
  readonly parentId?: string
}
