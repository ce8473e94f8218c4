import { type Clock, systemClock } from '../../ports.js'
import {
  type SimulatedNomadHttpOptions,
  type SimulatedNomadServer,
  serveSimulatedNomad
} from './http.js'
import { Engine } from './engine.js'
import { releaseHeldEvals, runEval, retryBlockedEvals } from './evals.js'
import type { HealthPolicy, HealthPolicyOptions } from './health-policy.js'
import { type AllocHealthOptions, applyAllocHealth, loseNode } from './control.js'
import { type NodeSpec, makeNode, resolvePolicy } from './nodes.js'
import { flushTasks } from './test-clock.js'
import { type CsiTimings, DEFAULT_CSI_TIMINGS, type SimVolume } from './csi.js'
import type { Allocation, Deployment, Evaluation, Job, SimNode } from './types.js'

export type {
  HealthDecision,
  HealthPolicy,
  HealthPolicyOptions,
  UnhealthyRule
} from './health-policy.js'
export { createHealthPolicy, manualHealth } from './health-policy.js'
export { TestClock, type TestClockOptions } from './test-clock.js'
export type { AllocHealthOptions } from './control.js'
export type { NodeSpec } from './nodes.js'
export type { Allocation, Deployment, Evaluation, Job, SimNode, TaskEvent } from './types.js'

/** Options of a {@link SimulatedCluster}. */
export interface SimulatedClusterOptions {
  /** Time source for every delay, deadline and blocking query (default: the real clock). */
  readonly clock?: Clock
  /** Client nodes (default: one node `node-1` in `dc1`). */
  readonly nodes?: readonly NodeSpec[]
  /** Automatic allocation behaviour: a policy, policy options, or `'manual'` (default healthy after 1 s). */
  readonly health?: HealthPolicy | HealthPolicyOptions | 'manual'
  /** `policy` (default): unhealthy allocations are rescheduled per the job; `never`: the deployment fails at once. */
  readonly reschedule?: 'policy' | 'never'
  /** Delay from an allocation turning healthy to the watcher's eval (default 0; Nomad ≈ 1000). */
  readonly watcherDelayMs?: number
  /** The agent's region (default `global`). */
  readonly region?: string
  /** Namespaces that exist (default `['default']`). */
  readonly namespaces?: readonly string[]
  /** CSI volumes that exist, as `nomad volume create` made them (default none). */
  readonly volumes?: readonly {
    readonly id: string
    readonly accessMode?: SimVolume['accessMode']
  }[]
  /** How long a CSI volume takes to attach and detach (default DEFAULT_CSI_TIMINGS). */
  readonly csi?: Partial<CsiTimings>
  /** What Nomad's server and client would log (CSI claims, retries, detaches). */
  readonly onLog?: (line: string) => void
}

/** Which allocations a control call targets: an ID or a predicate. */
export type AllocSelector = string | ((alloc: Allocation) => boolean)

/**
 * An in-memory Nomad cluster that behaves as research/nomad-api.md documents: jobs, versions,
 * evals, deployments with canaries, health, deadlines and auto-revert. Serve it over HTTP with
 * `listen()` / `serveSimulatedNomad` (http.ts); drive it with the control methods here.
 *
 *     const clock = new TestClock({ autoAdvanceAfterMs: 5 })   // virtual time, or systemClock
 *     const cluster = new SimulatedCluster({ clock, nodes: [{}, {}], health: { healthyAfterMs: 1500 } })
 *     const server = await cluster.listen({ aclToken: 't', faults: [{ path: '/v1/jobs', status: 503, times: 1 }] })
 *     // … point a Nomad client at server.url; cluster.setAllocHealth(id, 'unhealthy', { exitCode: 2 }) …
 *     await server.close(); cluster.close()
 */
export class SimulatedCluster {
  readonly engine: Engine

  constructor(options: SimulatedClusterOptions = {}) {
    this.engine = new Engine(
      {
        clock: options.clock ?? systemClock,
        health: resolvePolicy(options.health),
        reschedule: options.reschedule ?? 'policy',
        watcherDelayMs: options.watcherDelayMs ?? 0,
        region: options.region ?? 'global',
        namespaces: new Set(options.namespaces ?? ['default']),
        csi: { ...DEFAULT_CSI_TIMINGS, ...options.csi },
        onLog: options.onLog
      },
      (options.nodes ?? [{}]).map(makeNode)
    )
    this.engine.runEval = id => runEval(this.engine, id)
    for (const v of options.volumes ?? []) {
      this.engine.volumes.set(v.id, {
        id: v.id,
        accessMode: v.accessMode ?? 'single-node-writer',
        writer: undefined,
        releasedAt: undefined
      })
    }
  }

  /** A CSI volume's claim state (undefined for an unknown volume). */
  volume(id: string): Readonly<SimVolume> | undefined {
    return this.engine.volumes.get(id)
  }

  get clock(): Clock {
    return this.engine.clock
  }

  /** The client nodes. */
  get nodes(): readonly SimNode[] {
    return this.engine.nodes
  }

  /** Adds a client node; blocked evals retry. */
  addNode(spec: NodeSpec = {}): SimNode {
    const node = makeNode(spec, this.engine.nodes.length)
    this.engine.nodes = [...this.engine.nodes, node]
    this.engine.store.write('nodes')
    this.engine.defer(() => retryBlockedEvals(this.engine))
    return node
  }

  /**
   * `nomad volume create` (PUT /v1/volume/csi/:id/create, nomad/csi_endpoint.go Create): the volume
   * exists from now on, and evaluations blocked on "missing CSI volume(s)" are retried.
   */
  createVolume(id: string, accessMode: SimVolume['accessMode'] = 'single-node-writer'): void {
    this.engine.volumes.set(id, { id, accessMode, writer: undefined, releasedAt: undefined })
    this.engine.defer(() => retryBlockedEvals(this.engine))
  }

  /** Takes a node away (a lost VM): its allocations become `lost` and their jobs are rescheduled. */
  removeNode(nodeId: string): void {
    loseNode(this.engine, nodeId)
  }

  /** Replaces the automatic health behaviour for allocations placed from now on. */
  setHealthPolicy(health: HealthPolicy | HealthPolicyOptions | 'manual'): void {
    this.engine.settings.health = resolvePolicy(health)
  }

  /** Allocations matching the selector. */
  allocations(selector: AllocSelector = () => true): Allocation[] {
    const all = [...this.engine.store.allocs.values()]
    return typeof selector === 'string' ? all.filter(a => a.ID === selector) : all.filter(selector)
  }

  /** Sets allocations healthy or unhealthy now, as the Nomad client would report; returns them. */
  setAllocHealth(
    selector: AllocSelector,
    health: 'healthy' | 'unhealthy',
    options: AllocHealthOptions = {}
  ): Allocation[] {
    const targets = this.allocations(selector).filter(a => a.DesiredStatus === 'run')
    for (const alloc of targets) applyAllocHealth(this.engine, alloc, health, options)
    return targets
  }

  /** Current version of a job, if registered. */
  job(id: string, namespace = 'default'): Job | undefined {
    return this.engine.store.job(namespace, id)?.current
  }

  /** Every deployment of a job, newest first. */
  deployments(jobId: string, namespace = 'default'): Deployment[] {
    return this.engine.store
      .jobDeployments(namespace, jobId)
      .sort((a, b) => b.CreateIndex - a.CreateIndex)
  }

  /** Every eval, oldest first. */
  evaluations(): Evaluation[] {
    return [...this.engine.store.evals.values()].sort((a, b) => a.CreateIndex - b.CreateIndex)
  }

  /**
   * Holds new evals in the broker (pending, not scheduled) until `releaseEvaluations`, as a job's
   * evals wait while another eval of the job is being processed. Releasing runs the oldest of each
   * job, then cancels the older pending ones and runs the newest, as Nomad's broker does.
   */
  holdEvaluations(): void {
    this.engine.held ??= []
  }

  /**
   * Lets held evals go through the broker (see holdEvaluations). `retainedAfterMs` delays the
   * retained newest eval of each job (a scheduler worker busy elsewhere, or the eval's `Wait`:
   * nomad/eval_broker.go keeps a job's next eval until it is dequeued), so the deployment it makes
   * appears that much later.
   */
  releaseEvaluations(options: { readonly retainedAfterMs?: number } = {}): void {
    releaseHeldEvals(this.engine, options.retainedAfterMs ?? 0)
  }

  /**
   * Tags a stored version, as `PUT /v1/job/:id/versions/:name/tag` does
   * (state_store.go `updateJobVersionTagImpl`): the tag is part of the version's spec.
   */
  tagVersion(jobId: string, version: number, name: string, namespace = 'default'): void {
    const record = this.engine.store.job(namespace, jobId)
    const target = record?.versions.find(v => v.Version === version)
    if (!record || !target) throw new Error(`no version ${version} of job ${jobId}`)
    const tag = { Name: name, Description: '', TaggedTime: this.engine.nowNs() }
    target.VersionTag = tag
    if (record.current.Version === version) record.current.VersionTag = tag
    this.engine.store.write('jobs')
  }

  /** A new eval for the job, as `POST /v1/job/:id/evaluate` makes (`job-eval`); its ID. */
  evaluateJob(jobId: string, namespace = 'default'): string {
    const job = this.job(jobId, namespace)
    if (!job) throw new Error(`no job ${jobId}`)
    return this.engine.createEval(job, 'job-eval').ID
  }

  /** Waits until deferred scheduler work has run (it does not move a test clock). */
  async settle(): Promise<void> {
    for (let i = 0; i < 50; i++) {
      await flushTasks(2)
      if (!this.engine.busy) return
    }
  }

  /** Serves this cluster's Nomad HTTP API on 127.0.0.1 (a free port); same as `serveSimulatedNomad`. */
  listen(options: SimulatedNomadHttpOptions = {}): Promise<SimulatedNomadServer> {
    return serveSimulatedNomad(this, options)
  }

  /** Stops every timer; the cluster does nothing further. */
  close(): void {
    this.engine.close()
  }
}
