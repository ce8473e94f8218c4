import type { Engine } from './engine.js'
import type { JobRecord, Submission } from './store.js'
import type { Job } from './types.js'

const TRACKED_SUBMISSIONS = 6

/**
 * Writes `job` as the next version of its job (version 0 when new) with the register's
 * `Submission`, if any; returns the stored job. As `upsertJobImpl` does, a job arriving without a
 * submission whose own Version is not above the current one (a revert's copy of version N, a stop)
 * gets the submission of version N.
 */
export function upsertJobVersion(engine: Engine, job: Job, submission?: unknown): Job {
  const index = engine.store.write('jobs')
  const before = engine.store.job(job.Namespace, job.ID)
  const previous = before?.current
  const inherited =
    previous && job.Version <= previous.Version ? before.submissions.get(job.Version) : undefined
  const source = decodeSubmission(submission) ?? inherited
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
  // The register keeps whatever VersionTag it carried (none from a parse); only a revert clears it
  // (`Job.Revert`: `revJob.VersionTag = nil`, nomad/job_endpoint.go).
  engine.store.putJobVersion(stored)
  const record = engine.store.job(stored.Namespace, stored.ID)
  if (record && source) storeSubmission(record, stored, source)
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

const text = (v: unknown): string => (typeof v === 'string' ? v : '')

/** Decodes a register's `Submission` (api.JobSubmission); undefined when absent. */
function decodeSubmission(
  value: unknown
): Omit<Submission, 'Namespace' | 'JobID' | 'Version' | 'JobModifyIndex'> | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined
  const s = value as Record<string, unknown>
  const flags = s.VariableFlags
  return {
    Source: text(s.Source),
    Format: text(s.Format),
    VariableFlags:
      flags && typeof flags === 'object' && !Array.isArray(flags)
        ? Object.fromEntries(Object.entries(flags).map(([k, v]) => [k, text(v)]))
        : null,
    Variables: text(s.Variables)
  }
}

/**
 * `updateJobSubmission` and `pruneJobSubmissions` (state_store.go): stores the submission for the
 * new version unless that version already has one, then keeps the newest 6 by JobModifyIndex.
 */
function storeSubmission(
  record: JobRecord,
  job: Job,
  submission: Omit<Submission, 'Namespace' | 'JobID' | 'Version' | 'JobModifyIndex'>
): void {
  if (record.submissions.has(job.Version)) return
  record.submissions.set(job.Version, {
    ...submission,
    Namespace: job.Namespace,
    JobID: job.ID,
    Version: job.Version,
    JobModifyIndex: job.JobModifyIndex
  })
  const kept = [...record.submissions.values()].sort((a, b) => b.JobModifyIndex - a.JobModifyIndex)
  for (const old of kept.slice(TRACKED_SUBMISSIONS)) record.submissions.delete(old.Version)
}
