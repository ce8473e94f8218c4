import { type Clock, systemClock } from '../ports.js'
import {
  type SimulatedNomadHttpOptions,
  type SimulatedNomadServer,
  serveSimulatedNomad
} from './simulated-http.js'
import { Engine } from './simulated/engine.js'
import { runEval, retryBlockedEvals } from './simulated/evals.js'
import {
  type HealthPolicy,
  type HealthPolicyOptions,
  createHealthPolicy,
  manualHealth
} from './simulated/health-policy.js'
import { failAlloc, markRunning, touchAlloc } from './simulated/lifecycle.js'
import { allocUnhealthyEvent, exitEvents } from './simulated/task-events.js'
import { flushTasks } from './simulated/test-clock.js'
import type {
  Allocation,
  Deployment,
  Evaluation,
  Job,
  SimNode,
  TaskEvent
} from './simulated/types.js'
import { reportHealth } from './simulated/watcher.js'

export type {
  HealthDecision,
  HealthPolicy,
  HealthPolicyOptions,
  UnhealthyRule
} from './simulated/health-policy.js'
export { createHealthPolicy, manualHealth } from './simulated/health-policy.js'
export { TestClock, type TestClockOptions } from './simulated/test-clock.js'
export type {
  Allocation,
  Deployment,
  Evaluation,
  Job,
  SimNode,
  TaskEvent
} from './simulated/types.js'

/** A client node to create; unset fields get a small droplet's defaults. */
export interface NodeSpec {
  readonly name?: string
  readonly datacenter?: string
  /** Allocatable CPU in MHz (default 2000). */
  readonly cpu?: number
  /** Allocatable memory in MB (default 2048). */
  readonly memoryMB?: number
}

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
  /** Give system jobs deployments, as Nomad ≥ 1.11 does (default false: no deployment object). */
  readonly systemDeployments?: boolean
  /** Delay from an allocation turning healthy to the watcher's eval (default 0; Nomad ≈ 1000). */
  readonly watcherDelayMs?: number
  /** The agent's region (default `global`). */
  readonly region?: string
  /** Namespaces that exist (default `['default']`). */
  readonly namespaces?: readonly string[]
}

/** Which allocations a control call targets: an ID or a predicate. */
export type AllocSelector = string | ((alloc: Allocation) => boolean)

/** Extra detail for {@link SimulatedCluster.setAllocHealth}. */
export interface AllocHealthOptions {
  /** Task events recorded on the first task (default for unhealthy: exit code 1 events). */
  readonly taskEvents?: readonly TaskEvent[]
  /** Exit code of the failed task (unhealthy only; default 1). */
  readonly exitCode?: number
  /** Keep the task running and only fail its checks (an `Alloc Unhealthy` event with this message). */
  readonly checksFailing?: string
}

function resolvePolicy(health: SimulatedClusterOptions['health']): HealthPolicy {
  if (health === 'manual') return manualHealth
  if (typeof health === 'function') return health
  return createHealthPolicy(health ?? {})
}

function makeNode(spec: NodeSpec, index: number): SimNode {
  const name = spec.name ?? `node-${index + 1}`
  return {
    ID: `${(index + 1).toString(16).padStart(8, '0')}-0000-4000-8000-${name
      .padEnd(12, '0')
      .slice(0, 12)
      .replace(/[^0-9a-f]/g, 'a')}`,
    Name: name,
    Datacenter: spec.datacenter ?? 'dc1',
    NodePool: 'default',
    CPU: spec.cpu ?? 2000,
    MemoryMB: spec.memoryMB ?? 2048
  }
}

/**
 * An in-memory Nomad cluster that behaves as research/nomad-api.md documents: jobs, versions,
 * evals, deployments with canaries, health, deadlines and auto-revert. Serve it over HTTP with
 * `listen()` / `serveSimulatedNomad` (simulated-http.ts); drive it with the control methods here.
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
        systemDeployments: options.systemDeployments ?? false,
        watcherDelayMs: options.watcherDelayMs ?? 0,
        region: options.region ?? 'global',
        namespaces: new Set(options.namespaces ?? ['default'])
      },
      (options.nodes ?? [{}]).map(makeNode)
    )
    this.engine.runEval = id => runEval(this.engine, id)
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

  /** Takes a node away (a lost VM): its allocations become `lost` and their jobs are rescheduled. */
  removeNode(nodeId: string): void {
    const engine = this.engine
    engine.nodes = engine.nodes.filter(n => n.ID !== nodeId)
    engine.store.write('nodes')
    const jobs = new Set<string>()
    for (const alloc of engine.store.allocs.values()) {
      if (alloc.NodeID !== nodeId || alloc.DesiredStatus !== 'run') continue
      for (const cancel of engine.store.extra(alloc.ID).timers.splice(0)) cancel()
      alloc.ClientStatus = 'lost'
      alloc.ClientDescription = 'alloc is lost since its node is down'
      alloc.DesiredStatus = 'stop'
      alloc.DesiredDescription = 'alloc is lost since its node is down'
      touchAlloc(engine, alloc)
      jobs.add(`${alloc.Namespace}\u0000${alloc.JobID}`)
    }
    for (const key of jobs) {
      const [namespace = '', id = ''] = key.split('\u0000')
      const job = engine.store.job(namespace, id)?.current
      if (job) engine.createEval(job, 'node-update')
    }
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
    for (const alloc of targets) {
      for (const cancel of this.engine.store.extra(alloc.ID).timers.splice(0)) cancel()
      if (health === 'healthy') {
        markRunning(this.engine, alloc, '')
        reportHealth(this.engine, alloc, true, [...(options.taskEvents ?? [])])
      } else if (options.checksFailing !== undefined) {
        markRunning(this.engine, alloc, '')
        reportHealth(this.engine, alloc, false, [
          ...(options.taskEvents ?? []),
          allocUnhealthyEvent(this.engine.nowNs(), options.checksFailing)
        ])
      } else {
        const events = options.taskEvents
          ? [...options.taskEvents]
          : exitEvents(this.engine.nowNs(), options.exitCode ?? 1, undefined)
        markRunning(this.engine, alloc, '')
        failAlloc(this.engine, alloc, events, 'Unhealthy because of failed task')
      }
    }
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
