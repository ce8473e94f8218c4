import { eligibleNodes } from './placement.js'
import type { GroupSnapshot } from './reconcile.js'
import { type GroupRun, placeOne, stopOne, updateInPlace } from './group-actions.js'

/**
 * A system job's group: one allocation per eligible node. Changed allocations are replaced on
 * their node; allocations on nodes that left the job's datacenters are stopped.
 *
 * The rollout is a deployment's (Nomad ≥ 1.11): at most `max_parallel` destructive updates are in
 * flight, an allocation of the current deployment whose health is not yet set counting against
 * the limit and an explicitly unhealthy one not; the next node is replaced by the eval the
 * deployment watcher makes when health changes (scheduler/scheduler_system.go `evictAndPlace`,
 * v2.0.5). `stagger` is read by nothing any more (no `NextRollingEval` in the scheduler).
 * `max_parallel = 0` has no limit and no deployment.
 */
export function scheduleSystemGroup(run: GroupRun, snap: GroupSnapshot): void {
  const budget = { left: systemLimit(run, snap) }
  const nodes = eligibleNodes(run.engine, run.job)
  const nodeIds = new Set(nodes.map(n => n.ID))
  for (const a of [...snap.current, ...snap.inPlace, ...snap.destructive]) {
    if (!nodeIds.has(a.NodeID)) stopOne(run, a, 'alloc not needed as node is not eligible')
  }
  for (const node of nodes) {
    const here = (list: typeof snap.current): typeof snap.current =>
      list.filter(a => a.NodeID === node.ID)
    const current = here(snap.current)
    const inPlace = here(snap.inPlace)
    const destructive = here(snap.destructive)
    const occupied = here(snap.occupied)
    if (current.length > 0 || occupied.length > 0) {
      run.updates.Ignore += current.length
      continue
    }
    const keep = inPlace[0]
    if (keep) {
      updateInPlace(run, keep)
      continue
    }
    if (destructive.length > 0) {
      if (budget.left <= 0) {
        run.updates.Ignore += destructive.length
        continue
      }
      budget.left -= 1
    }
    for (const old of destructive) {
      stopOne(run, old, 'alloc is being updated due to job update')
      run.updates.Stop -= 1
    }
    const previous = here(snap.due)[0]
    if (placeOne(run, false, previous, node)) {
      if (destructive.length > 0) run.updates.DestructiveUpdate += 1
      else run.updates.Place += 1
    }
  }
}

/** `evictAndPlace`'s per-group limit: `max_parallel` (group, else job) less the in-flight ones. */
function systemLimit(run: GroupRun, snap: GroupSnapshot): number {
  const maxParallel = run.group.Update?.MaxParallel ?? run.job.Update?.MaxParallel ?? 0
  if (maxParallel <= 0) return Infinity
  const d = run.deployment
  if (!d) return maxParallel
  const inFlight = snap.current.filter(
    a =>
      a.DeploymentID === d.ID &&
      a.DesiredStatus === 'run' &&
      (a.DeploymentStatus?.Healthy ?? null) === null
  ).length
  return maxParallel - inFlight
}
