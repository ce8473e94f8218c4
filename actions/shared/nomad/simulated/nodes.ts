import type { HealthPolicy, HealthPolicyOptions } from './health-policy.js'
import { createHealthPolicy, manualHealth } from './health-policy.js'
import type { SimNode } from './types.js'
import { CONSUL_VERSION } from '../../versions.js'

/** A client node to create; unset fields get a small droplet's defaults. */
export interface NodeSpec {
  readonly name?: string
  readonly datacenter?: string
  /** Allocatable CPU in MHz (default 2000). */
  readonly cpu?: number
  /** Allocatable memory in MB (default 2048). */
  readonly memoryMB?: number
  /** The Consul agent's version the node fingerprints (default: the pinned Consul, versions.json); null: no Consul agent. */
  readonly consulVersion?: string | null
}

export function resolvePolicy(
  health: HealthPolicy | HealthPolicyOptions | 'manual' | undefined
): HealthPolicy {
  if (health === 'manual') return manualHealth
  if (typeof health === 'function') return health
  return createHealthPolicy(health ?? {})
}

export function makeNode(spec: NodeSpec, index: number): SimNode {
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
    MemoryMB: spec.memoryMB ?? 2048,
    Attributes:
      spec.consulVersion === null ? {} : { 'consul.version': spec.consulVersion ?? CONSUL_VERSION }
  }
}
