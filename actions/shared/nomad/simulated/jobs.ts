import type { Engine } from './engine.js'
import type { Job } from './types.js'

/** Writes `job` as the next version of its job (version 0 when new); returns the stored job. */
export function upsertJobVersion(engine: Engine, job: Job): Job {
  const index = engine.store.write('jobs')
  const previous = engine.store.job(job.Namespace, job.ID)?.current
  const stored: Job = {
    ...structuredClone(job),
    Version: previous ? previous.Version + 1 : 0,
    Stable: false,
    Status: 'pending',
    SubmitTime: engine.nowNs(),
    CreateIndex: previous?.CreateIndex ?? index,
    ModifyIndex: index,
    JobModifyIndex: index
  }
  delete stored.VersionTag
  engine.store.putJobVersion(stored)
  return stored
}

/** Marks one version stable; bumps ModifyIndex only (JobModifyIndex and Version unchanged). */
export function markVersionStable(
  engine: Engine,
  namespace: string,
  id: string,
  version: number
): void {
  const record = engine.store.job(namespace, id)
  if (!record) return
  const index = engine.store.write('jobs')
  record.versions = record.versions.map(v =>
    v.Version === version ? { ...v, Stable: true, ModifyIndex: index } : v
  )
  if (record.current.Version === version) {
    record.current = { ...record.current, Stable: true, ModifyIndex: index }
  }
}

/** The job version an allocation runs (undefined when pruned from the history). */
export function jobVersion(
  engine: Engine,
  namespace: string,
  id: string,
  version: number
): Job | undefined {
  return engine.store.job(namespace, id)?.versions.find(v => v.Version === version)
}

/** Live status of a job as Nomad reports it: pending, running or dead. */
export function jobStatus(engine: Engine, job: Job): string {
  if (job.Stop) return 'dead'
  const live = engine.store
    .jobAllocs(job.Namespace, job.ID)
    .some(
      a =>
        a.DesiredStatus === 'run' && (a.ClientStatus === 'running' || a.ClientStatus === 'pending')
    )
  return live ? 'running' : 'pending'
}
