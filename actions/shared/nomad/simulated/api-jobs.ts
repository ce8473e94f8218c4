import type { Engine } from './engine.js'
import { nomadErrors } from './errors.js'
import { jobVersion, markVersionStable, upsertJobVersion } from './jobs.js'

type Loose = Record<string, unknown>

/** `DELETE /v1/job/:id[?purge=true]`: stop (a new version with Stop=true) or purge. */
export function deregisterJob(
  engine: Engine,
  namespace: string,
  id: string,
  purge: boolean
): Loose {
  const record = engine.store.job(namespace, id)
  if (!record) throw nomadErrors.notFound('job not found')
  let job = record.current
  if (purge) {
    engine.store.jobs.delete(`${namespace}\u0000${id}`)
    engine.store.write('jobs')
  } else if (!job.Stop) {
    job = upsertJobVersion(engine, { ...job, Stop: true })
  }
  const ev = engine.createEval(job, 'job-deregister')
  return {
    EvalID: ev.ID,
    EvalCreateIndex: ev.CreateIndex,
    JobModifyIndex: job.JobModifyIndex,
    Index: ev.CreateIndex
  }
}

/** `POST /v1/job/:id/revert`: registers a copy of version `JobVersion` as a new version. */
export function revertJob(engine: Engine, namespace: string, id: string, body: Loose): Loose {
  if (typeof body.JobID !== 'string' || body.JobID === '')
    throw nomadErrors.badRequest('JobID must be specified')
  if (body.JobID !== id) throw nomadErrors.badRequest('Job ID does not match')
  const record = engine.store.job(namespace, id)
  if (!record) throw nomadErrors.server(`job "${id}" not found`)
  const version = Number(body.JobVersion ?? 0)
  const enforce = body.EnforcePriorVersion
  if (typeof enforce === 'number' && enforce !== record.current.Version) {
    throw nomadErrors.server(
      `Current job has version ${record.current.Version}; enforcing version ${enforce}`
    )
  }
  if (version === record.current.Version)
    throw nomadErrors.server("can't revert to current version")
  const target = jobVersion(engine, namespace, id, version)
  if (!target)
    throw nomadErrors.server(
      `job "${id}" in namespace "${namespace}" at version ${version} not found`
    )
  const job = upsertJobVersion(engine, target)
  const ev = engine.createEval(job, 'job-register', {}, true, true)
  return {
    EvalID: ev.ID,
    EvalCreateIndex: ev.CreateIndex,
    JobModifyIndex: job.JobModifyIndex,
    Warnings: '',
    Index: ev.CreateIndex
  }
}

/** `POST /v1/job/:id/stable`: marks a version stable; answers `{Index}` like the server does. */
export function setStable(engine: Engine, namespace: string, id: string, body: Loose): Loose {
  const version = Number(body.JobVersion ?? 0)
  if (!jobVersion(engine, namespace, id, version)) {
    throw nomadErrors.server(
      `job "${id}" in namespace "${namespace}" at version ${version} not found`
    )
  }
  markVersionStable(engine, namespace, id, version)
  if (body.Stable === false) {
    const record = engine.store.job(namespace, id)
    if (record) {
      record.versions = record.versions.map(v =>
        v.Version === version ? { ...v, Stable: false } : v
      )
      if (record.current.Version === version) record.current = { ...record.current, Stable: false }
    }
  }
  return { Index: engine.store.index }
}
