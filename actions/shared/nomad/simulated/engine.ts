import { randomUUID } from 'node:crypto'
import type { Clock } from '../../ports.js'
import type { HealthPolicy } from './health-policy.js'
import { ClusterStore } from './store.js'
import type { CsiTimings, SimVolume } from './csi.js'
import type { Evaluation, Job, SimNode } from './types.js'

/** Settings of the simulated cluster's behaviour (resolved defaults). */
export interface EngineSettings {
  readonly clock: Clock
  health: HealthPolicy
  /** `policy`: reschedule unhealthy allocations per the job's reschedule block; `never`: fail at once. */
  readonly reschedule: 'policy' | 'never'
  /** Delay between an allocation's health change and the watcher's follow-up eval (Nomad: ~1 s). */
  readonly watcherDelayMs: number
  readonly region: string
  readonly namespaces: Set<string>
  /** How long CSI volumes take to attach and detach (csi.ts). */
  readonly csi: CsiTimings
  /** Told what Nomad's server and client would log about the simulated cluster (CSI claims). */
  readonly onLog?: ((line: string) => void) | undefined
}

/**
 * Shared machinery of the simulated cluster: state, clock-driven timers, ids and eval creation.
 * Scheduling logic lives in scheduler.ts; health and deployment transitions in watcher.ts.
 */
export class Engine {
  readonly store = new ClusterStore()
  nodes: SimNode[]
  /** Runs an eval through the scheduler; wired by the cluster. */
  runEval: (evalId: string) => void = () => undefined
  /**
   * While set, new evals wait in the broker instead of running (see holdEvaluations in
   * simulated/cluster.ts): lets a test stage what Nomad's eval broker does with a job's evals that
   * arrive while one of them is being processed.
   */
  held: string[] | undefined
  /** Registered CSI volumes by ID (csi.ts). */
  readonly volumes = new Map<string, SimVolume>()
  readonly #controllers = new Set<AbortController>()
  #pendingImmediates = 0
  #closed = false

  constructor(
    readonly settings: EngineSettings,
    nodes: SimNode[]
  ) {
    this.nodes = nodes
  }

  get clock(): Clock {
    return this.settings.clock
  }

  get csi(): CsiTimings {
    return this.settings.csi
  }

  /** A line Nomad would log (see EngineSettings.onLog). */
  log(line: string): void {
    this.settings.onLog?.(line)
  }

  newId(): string {
    return randomUUID()
  }

  nowMs(): number {
    return this.settings.clock.now()
  }

  nowNs(): number {
    return Math.round(this.settings.clock.now() * 1e6)
  }

  /** RFC 3339 with nanoseconds, as Go's time.Time marshals. */
  isoAt(ms: number): string {
    return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z')
  }

  nowIso(): string {
    return this.isoAt(this.nowMs())
  }

  /** Runs fn after `ms` on the injected clock; returns a cancel function. */
  after(ms: number, fn: () => void): () => void {
    if (this.#closed) return () => undefined
    const controller = new AbortController()
    this.#controllers.add(controller)
    this.settings.clock.sleep(Math.max(0, ms), controller.signal).then(
      () => {
        this.#controllers.delete(controller)
        if (!this.#closed) fn()
      },
      () => this.#controllers.delete(controller)
    )
    return () => {
      this.#controllers.delete(controller)
      controller.abort()
    }
  }

  /** Runs fn on the next turn of the event loop (work that real Nomad does asynchronously). */
  defer(fn: () => void): void {
    if (this.#closed) return
    this.#pendingImmediates += 1
    setImmediate(() => {
      this.#pendingImmediates -= 1
      if (!this.#closed) fn()
    })
  }

  /** True while deferred work is queued. */
  get busy(): boolean {
    return this.#pendingImmediates > 0
  }

  /** Creates a pending eval for the job and queues it for the scheduler. */
  createEval(
    job: Job,
    triggeredBy: string,
    extra: Partial<Evaluation> = {},
    queue = true,
    sameTransaction = false
  ): Evaluation {
    const index = sameTransaction ? this.store.alsoWrote('evals') : this.store.write('evals')
    const now = this.nowNs()
    const evaluation: Evaluation = {
      ID: this.newId(),
      Priority: job.Priority,
      Type: job.Type,
      TriggeredBy: triggeredBy,
      Namespace: job.Namespace,
      JobID: job.ID,
      JobModifyIndex: job.JobModifyIndex,
      DeploymentID: '',
      Status: 'pending',
      StatusDescription: '',
      Wait: 0,
      WaitUntil: null,
      NextEval: '',
      PreviousEval: '',
      BlockedEval: '',
      RelatedEvals: null,
      FailedTGAllocs: null,
      // Fields of structs.Evaluation since 1.11 (nomad/structs/eval.go, v2.0.5); nil here.
      PlanAnnotations: null,
      ClassEligibility: null,
      MissingNonNodeResources: null,
      QueuedAllocations: null,
      SnapshotIndex: 0,
      CreateIndex: index,
      ModifyIndex: index,
      CreateTime: now,
      ModifyTime: now,
      ...extra
    }
    this.store.evals.set(evaluation.ID, evaluation)
    if (queue && this.held) this.held.push(evaluation.ID)
    else if (queue) this.defer(() => this.runEval(evaluation.ID))
    return evaluation
  }

  /** Updates an eval with a new ModifyIndex. */
  updateEval(evaluation: Evaluation, changes: Partial<Evaluation>): void {
    const index = this.store.write('evals')
    Object.assign(evaluation, changes, { ModifyIndex: index, ModifyTime: this.nowNs() })
  }

  close(): void {
    this.#closed = true
    for (const c of this.#controllers) c.abort()
    this.#controllers.clear()
  }
}
