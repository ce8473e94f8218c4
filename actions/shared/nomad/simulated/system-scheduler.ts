import { eligibleNodes } from './placement.js'
import type { GroupSnapshot } from './reconcile.js'
import { type GroupRun, placeOne, stopOne, updateInPlace } from './group-actions.js'

/**
 * A system job's group: one allocation per eligible node. Changed allocations are replaced on
 * their node; allocations on nodes that left the job's datacenters are stopped.
 */
export function scheduleSystemGroup(
  run: GroupRun,
  snap: GroupSnapshot,
  budget: { left: number; reached: boolean }
): void {
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
    // A rolling job-level update (`stagger > 0 && max_parallel > 0`) replaces at most max_parallel
    // allocations per eval, whatever their health; the rest waits for the next eval
    // (scheduler/scheduler_system.go `computeJobAllocs`: `limit = s.job.Update.MaxParallel`,
    // `evictAndPlace`; nomad/structs/structs.go `UpdateStrategy.Rolling`).
    if (destructive.length > 0) {
      if (budget.left <= 0) {
        budget.reached = true
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
