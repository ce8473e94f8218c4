import type { Engine } from './engine.js'
import type { Allocation, Deployment } from './types.js'

/** Deployment status descriptions, exactly as nomad/structs/deployment.go writes them. */
export const DESCRIPTIONS = {
  running: 'Deployment is running',
  needsPromotion: 'Deployment is running but requires manual promotion',
  autoPromotion: 'Deployment is running pending automatic promotion',
  paused: 'Deployment is paused',
  successful: 'Deployment completed successfully',
  stoppedJob: 'Cancelled because job is stopped',
  newerJob: 'Cancelled due to newer version of job',
  failedAllocations: 'Failed due to unhealthy allocations',
  progressDeadline: 'Failed due to progress deadline',
  failedByUser: 'Deployment marked as failed'
} as const

export function isActive(d: Deployment): boolean {
  return d.Status === 'running' || d.Status === 'paused'
}

export function touchDeployment(engine: Engine, d: Deployment): number {
  const index = engine.store.write('deployment')
  d.ModifyIndex = index
  d.ModifyTime = engine.nowNs()
  return index
}

/** Bumps an allocation's index after a health or canary change. */
export function touchAllocIndex(engine: Engine, alloc: Allocation): void {
  const index = engine.store.write('allocs')
  alloc.ModifyIndex = index
  alloc.ModifyTime = engine.nowNs()
  if (alloc.DeploymentStatus) alloc.DeploymentStatus.ModifyIndex = index
}

export function isLive(a: Allocation): boolean {
  return a.DesiredStatus === 'run' && (a.ClientStatus === 'pending' || a.ClientStatus === 'running')
}
