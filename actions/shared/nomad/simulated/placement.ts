import type { Engine } from './engine.js'
import type { AllocationMetric, Job, SimNode, TaskGroup } from './types.js'
import { csiVolumesOf } from './csi.js'
import { isLive } from './deployment-status.js'

function datacenterMatches(patterns: readonly string[], dc: string): boolean {
  return patterns.some(p => {
    const re = new RegExp(`^${p.split('*').map(escapeRegExp).join('.*')}$`)
    return re.test(dc)
  })
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function hasDistinctHosts(job: Job, group: TaskGroup): boolean {
  const constraints = [
    ...((job.Constraints as Record<string, unknown>[] | null | undefined) ?? []),
    ...((group.Constraints as Record<string, unknown>[] | null | undefined) ?? [])
  ]
  return constraints.some(c => c.Operand === 'distinct_hosts' && c.RTarget !== 'false')
}

/**
 * The implicit constraint Nomad adds to a group with a Consul-provider service (the default
 * provider): `${attr.consul.version} semver >= 1.8.0` (nomad/job_endpoint_hooks.go
 * `consulServiceDiscoveryConstraint`, `jobImpliedConstraints.Mutate`, v2.0.5). A node without a
 * Consul agent has no such attribute and is filtered out.
 */
export const CONSUL_CONSTRAINT = '${attr.consul.version} semver >= 1.8.0'

function usesConsul(group: TaskGroup): boolean {
  const services = [...(group.Services ?? []), ...group.Tasks.flatMap(t => t.Services ?? [])] as {
    Provider?: string
  }[]
  return services.some(
    s => s.Provider === undefined || s.Provider === '' || s.Provider === 'consul'
  )
}

function semverAtLeast(version: string, min: readonly number[]): boolean {
  const parts = version.split(/[.+-]/).map(Number)
  for (let i = 0; i < min.length; i++) {
    const a = parts[i] ?? 0
    const b = min[i] ?? 0
    if (Number.isNaN(a)) return false
    if (a !== b) return a > b
  }
  return true
}

/** Whether a node satisfies the group's implicit Consul constraint (true when it has none). */
export function meetsConsulConstraint(node: SimNode, group: TaskGroup): boolean {
  if (!usesConsul(group)) return true
  const version = node.Attributes?.['consul.version']
  return version !== undefined && semverAtLeast(version, [1, 8, 0])
}

/** Nodes in the job's datacenters. */
export function eligibleNodes(engine: Engine, job: Job): SimNode[] {
  return engine.nodes.filter(n => datacenterMatches(job.Datacenters, n.Datacenter))
}

/** How many allocations a group should end with: one per eligible node for system jobs. */
export function desiredCount(engine: Engine, job: Job, group: TaskGroup): number {
  return job.Type === 'system' || job.Type === 'sysbatch'
    ? eligibleNodes(engine, job).length
    : group.Count
}

/** Resources already claimed on a node by live allocations. */
export function nodeUsage(engine: Engine, nodeId: string): { cpu: number; memory: number } {
  let cpu = 0
  let memory = 0
  for (const a of engine.store.allocs.values()) {
    if (a.NodeID !== nodeId || !isLive(a)) continue
    cpu += a.Resources.CPU
    memory += a.Resources.MemoryMB
  }
  return { cpu, memory }
}

/** Outcome of trying to place one allocation. */
export type NodeChoice =
  | { readonly ok: true; readonly node: SimNode }
  | {
      readonly ok: false
      readonly dimension: 'cpu' | 'memory' | 'distinct_hosts' | 'datacenter' | 'consul' | 'csi'
    }

/** Picks a node with room, spreading a group over distinct nodes first (binpack on ties). */
export function chooseNode(engine: Engine, job: Job, group: TaskGroup, only?: SimNode): NodeChoice {
  const inDc = only ? [only] : eligibleNodes(engine, job)
  if (inDc.length === 0) return { ok: false, dimension: 'datacenter' }
  // A CSI volume that does not exist filters every node: "missing CSI volume(s) <source>"
  // (scheduler/feasible/feasible.go `CSIVolumeChecker.isFeasible`, v2.0.5). Write claims held
  // by the job's own allocations do not block placement there; the client waits for them (csi.ts).
  if (missingVolumes(engine, group).length > 0) return { ok: false, dimension: 'csi' }
  const nodes = inDc.filter(n => meetsConsulConstraint(n, group))
  if (nodes.length === 0) return { ok: false, dimension: 'consul' }
  const cpu = group.Tasks.reduce((s, t) => s + t.Resources.CPU, 0)
  const memory = group.Tasks.reduce((s, t) => s + t.Resources.MemoryMB, 0)
  const siblings = (n: SimNode): number =>
    [...engine.store.allocs.values()].filter(
      a =>
        a.NodeID === n.ID &&
        a.JobID === job.ID &&
        a.Namespace === job.Namespace &&
        a.TaskGroup === group.Name &&
        isLive(a)
    ).length
  const distinct = hasDistinctHosts(job, group)
  let dimension: 'cpu' | 'memory' | 'distinct_hosts' = 'memory'
  const fitting = nodes.filter(n => {
    const used = nodeUsage(engine, n.ID)
    const blocker =
      used.memory + memory > n.MemoryMB
        ? 'memory'
        : used.cpu + cpu > n.CPU
          ? 'cpu'
          : distinct && siblings(n) > 0
            ? 'distinct_hosts'
            : undefined
    if (blocker) dimension = blocker
    return blocker === undefined
  })
  const best = fitting.sort((a, b) => siblings(a) - siblings(b))[0]
  return best ? { ok: true, node: best } : { ok: false, dimension }
}

function missingVolumes(engine: Engine, group: TaskGroup): string[] {
  return csiVolumesOf(group)
    .map(v => v.source)
    .filter(source => !engine.volumes.has(source))
}

/** The `AllocationMetric` for a group whose placements failed (one dimension per failure). */
export function failureMetric(
  engine: Engine,
  job: Job,
  dimensions: readonly string[]
): AllocationMetric {
  const nodes = eligibleNodes(engine, job)
  const available: Record<string, number> = {}
  for (const n of nodes) available[n.Datacenter] = (available[n.Datacenter] ?? 0) + 1
  const first = dimensions[0]
  const resource = first === 'cpu' || first === 'memory' ? first : undefined
  const distinct = first === 'distinct_hosts'
  const consul = first === 'consul'
  const missing = job.TaskGroups.flatMap(g => missingVolumes(engine, g))
  const csi = first === 'csi'
  const filtered: Record<string, number> | null = distinct
    ? { distinct_hosts: nodes.length }
    : consul
      ? { [CONSUL_CONSTRAINT]: nodes.length }
      : csi
        ? { [`missing CSI volume(s) ${missing.join(', ')}`]: nodes.length }
        : null
  return {
    NodesEvaluated: nodes.length,
    NodesFiltered: distinct || consul || csi ? nodes.length : 0,
    NodesInPool: engine.nodes.length,
    NodePool: 'default',
    NodesAvailable: available,
    ClassFiltered: null,
    ConstraintFiltered: filtered,
    NodesExhausted: resource ? nodes.length : 0,
    ClassExhausted: null,
    DimensionExhausted: resource ? { [resource]: nodes.length } : null,
    QuotaExhausted: null,
    ResourcesExhausted: null,
    Scores: null,
    ScoreMetaData: null,
    AllocationTime: 12000,
    CoalescedFailures: Math.max(0, dimensions.length - 1)
  }
}
