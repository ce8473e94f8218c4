import { Engine } from './engine.js'
import { manualHealth } from './health-policy.js'
import { upsertJobVersion } from './jobs.js'
import type { GroupUpdates } from './reconcile.js'
import { scheduleJob } from './scheduler.js'
import type { AllocationMetric, Job } from './types.js'

/** What the scheduler would do with `job`, computed on a copy of the state (plan never writes). */
export interface DryRunResult {
  readonly updates: Record<string, GroupUpdates>
  readonly failed: Record<string, AllocationMetric>
}

class DryRunEngine extends Engine {
  override after(): () => void {
    return () => undefined
  }

  override defer(): void {
    return undefined
  }
}

/** Runs one scheduler pass for `job` against a copy of the engine's state. */
export function dryRunSchedule(engine: Engine, job: Job, changed: boolean): DryRunResult {
  const fork = new DryRunEngine({ ...engine.settings, health: manualHealth, onLog: undefined }, [
    ...engine.nodes
  ])
  for (const [k, v] of engine.volumes) fork.volumes.set(k, { ...v })
  const s = engine.store
  const f = fork.store
  f.index = s.index
  Object.assign(f.tables, s.tables)
  for (const [k, v] of s.jobs) f.jobs.set(k, structuredClone(v))
  for (const [k, v] of s.deployments) f.deployments.set(k, structuredClone(v))
  for (const [k, v] of s.allocs) f.allocs.set(k, structuredClone(v))
  for (const [k, v] of s.allocExtra) f.allocExtra.set(k, { ...v, timers: [] })
  const target = changed
    ? upsertJobVersion(fork, job)
    : (f.job(job.Namespace, job.ID)?.current ?? job)
  const result = scheduleJob(fork, target, 'plan')
  fork.close()
  return { updates: result.updates, failed: result.failed }
}
