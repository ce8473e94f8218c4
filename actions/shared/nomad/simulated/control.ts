import type { Engine } from './engine.js'
import { releaseClaims } from './csi.js'
import { failAlloc, markRunning, touchAlloc } from './lifecycle.js'
import { allocUnhealthyEvent, exitEvents } from './task-events.js'
import type { Allocation, TaskEvent } from './types.js'
import { reportHealth } from './watcher.js'

/** Extra detail for {@link SimulatedCluster.setAllocHealth}. */
export interface AllocHealthOptions {
  /** Task events recorded on the first task (default for unhealthy: exit code 1 events). */
  readonly taskEvents?: readonly TaskEvent[]
  /** Exit code of the failed task (unhealthy only; default 1). */
  readonly exitCode?: number
  /** Keep the task running and only fail its checks (an `Alloc Unhealthy` event with this message). */
  readonly checksFailing?: string
}

/** Reports one allocation's health now, as the Nomad client would (the test's hand on the cluster). */
export function applyAllocHealth(
  engine: Engine,
  alloc: Allocation,
  health: 'healthy' | 'unhealthy',
  options: AllocHealthOptions
): void {
  for (const cancel of engine.store.extra(alloc.ID).timers.splice(0)) cancel()
  markRunning(engine, alloc, '')
  if (health === 'healthy') {
    reportHealth(engine, alloc, true, [...(options.taskEvents ?? [])])
  } else if (options.checksFailing !== undefined) {
    const events = [...(options.taskEvents ?? [])]
    reportHealth(engine, alloc, false, [
      ...events,
      allocUnhealthyEvent(engine.nowNs(), options.checksFailing)
    ])
  } else {
    const events = options.taskEvents
      ? [...options.taskEvents]
      : exitEvents(engine.nowNs(), options.exitCode ?? 1, undefined)
    failAlloc(engine, alloc, events, 'Unhealthy because of failed task')
  }
}

/** A node is lost: its allocations become `lost` and each affected job gets a `node-update` eval. */
export function loseNode(engine: Engine, nodeId: string): void {
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
    // Its volume claims become past claims that the volume watcher unpublishes: the node unpublish
    // is skipped for a down node ("skipping node unpublish for down or GC'd node": nomad/
    // csi_endpoint.go nodeUnpublishVolume, v2.0.5), then the controller detaches the device and the
    // claim is freed (nomad/volumewatcher/volume_watcher.go volumeReapImpl → unpublish).
    releaseClaims(engine, alloc)
    touchAlloc(engine, alloc)
    jobs.add(`${alloc.Namespace}\u0000${alloc.JobID}`)
  }
  for (const key of jobs) {
    const [namespace = '', id = ''] = key.split('\u0000')
    const job = engine.store.job(namespace, id)?.current
    if (job) engine.createEval(job, 'node-update')
  }
}
