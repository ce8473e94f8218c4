import type { Allocation, Deployment, DeploymentGroup } from '../nomad/types.js'

/**
 * THE deploy decision. For each watched state of a deployment and its allocations, exactly one of:
 *   done    terminal: `successful` is the only success; `failed`/`cancelled` are failures
 *   promote running, every canary group's canaries placed and healthy, not yet promoted
 *   fail    running/paused but our own deadline has passed: fail it so Nomad reverts
 *   wait    anything else
 * Nothing else decides; everything else reports.
 */
export type DeployDecision =
  | { readonly kind: 'wait'; readonly reason: string }
  | { readonly kind: 'promote'; readonly groups: readonly string[]; readonly reason: string }
  | { readonly kind: 'fail'; readonly reason: string }
  | {
      readonly kind: 'done'
      readonly outcome: 'success' | 'failure'
      readonly reason: string
      readonly rollback: Rollback
      readonly failedAllocations: readonly Allocation[]
    }

/** What Nomad said about reverting, read from the rollback suffix of the status description. */
export type Rollback =
  | { readonly kind: 'none' }
  | { readonly kind: 'reverting'; readonly toVersion: number }
  | { readonly kind: 'same-spec'; readonly stableVersion: number }
  | { readonly kind: 'no-stable-version' }

const TERMINAL_CLIENT = new Set(['complete', 'failed', 'lost'])

/** Reads Nomad's rollback suffix (` - rolling back to job version 3`, …) from a description. */
export function readRollback(description: string): Rollback {
  const to = / - rolling back to job version (\d+)/.exec(description)
  if (to) return { kind: 'reverting', toVersion: Number(to[1]) }
  const same = / - not rolling back to stable job version (\d+)/.exec(description)
  if (same) return { kind: 'same-spec', stableVersion: Number(same[1]) }
  if (description.includes(' - no stable job version to auto revert to'))
    return { kind: 'no-stable-version' }
  return { kind: 'none' }
}

/** Allocations that explain a failure: unhealthy, or failed/lost on the client. */
export function failedAllocationsOf(allocations: readonly Allocation[]): Allocation[] {
  return allocations.filter(
    a => a.healthy === false || a.clientStatus === 'failed' || a.clientStatus === 'lost'
  )
}

function needsPromotion(group: DeploymentGroup): boolean {
  return group.desiredCanaries > 0 && !group.promoted
}

/** Canaries of `group` that are healthy and still running, counted from the allocations. */
export function healthyCanaries(
  group: DeploymentGroup,
  allocations: readonly Allocation[]
): number {
  const placed = new Set(group.placedCanaries)
  return allocations.filter(
    a =>
      placed.has(a.id) &&
      a.healthy === true &&
      a.desiredStatus === 'run' &&
      !TERMINAL_CLIENT.has(a.clientStatus)
  ).length
}

function canaryReady(group: DeploymentGroup, allocations: readonly Allocation[]): boolean {
  // Enough placed canaries is implied: only placed ones are counted healthy.
  return (
    group.healthyAllocs >= group.desiredCanaries &&
    healthyCanaries(group, allocations) >= group.desiredCanaries
  )
}

/** What is still outstanding, in one phrase, for wait and timeout reasons. */
function pending(deployment: Deployment, allocations: readonly Allocation[]): string {
  const parts = deployment.groups.flatMap(g => {
    if (needsPromotion(g)) {
      return [`${g.name}: ${healthyCanaries(g, allocations)}/${g.desiredCanaries} canaries healthy`]
    }
    const want = Math.max(g.desiredTotal, g.desiredCanaries)
    return g.healthyAllocs < want
      ? [`${g.name}: ${g.healthyAllocs}/${want} allocations healthy`]
      : []
  })
  return parts.length > 0 ? parts.join('; ') : 'Nomad to mark the deployment successful'
}

/** Decides the next step for one observed deployment state; `deadline` is our own (epoch ms). */
export function evaluateDeployment(
  deployment: Deployment,
  allocations: readonly Allocation[],
  now: number,
  deadline: number
): DeployDecision {
  const { status, statusDescription } = deployment
  if (status === 'successful') {
    return {
      kind: 'done',
      outcome: 'success',
      reason: statusDescription,
      rollback: { kind: 'none' },
      failedAllocations: []
    }
  }
  if (status === 'failed' || status === 'cancelled') {
    return {
      kind: 'done',
      outcome: 'failure',
      reason: statusDescription || `Deployment ${status}`,
      rollback: readRollback(statusDescription),
      failedAllocations: failedAllocationsOf(allocations)
    }
  }
  const outstanding = pending(deployment, allocations)
  if (now >= deadline) {
    return { kind: 'fail', reason: `our deadline passed while waiting for ${outstanding}` }
  }
  if (status !== 'running') {
    return { kind: 'wait', reason: `deployment is ${status}: ${statusDescription}` }
  }
  const canaryGroups = deployment.groups.filter(needsPromotion)
  if (canaryGroups.length === 0) return { kind: 'wait', reason: `waiting for ${outstanding}` }
  if (canaryGroups.every(g => g.autoPromote)) {
    return { kind: 'wait', reason: `waiting for ${outstanding} (Nomad promotes automatically)` }
  }
  if (canaryGroups.every(g => canaryReady(g, allocations))) {
    return {
      kind: 'promote',
      groups: canaryGroups.map(g => g.name),
      reason: `every canary is healthy (${canaryGroups.map(g => `${g.name} ${g.desiredCanaries}/${g.desiredCanaries}`).join(', ')})`
    }
  }
  return { kind: 'wait', reason: `waiting for ${outstanding}` }
}
