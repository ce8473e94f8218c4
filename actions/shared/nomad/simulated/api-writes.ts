import { canonicalizeJob, specChanged } from './canonicalize.js'
import { validateJob } from './validate-job.js'
import { dryRunSchedule } from './dry-run.js'
import type { Engine } from './engine.js'
import { NomadError, nomadErrors } from './errors.js'
import { type GroupUpdates } from './reconcile.js'
import { diffJobs } from './job-diff.js'
import { upsertJobVersion } from './jobs.js'
import type { Job } from './types.js'

type Loose = Record<string, unknown>

/** `?namespace=` / `?region=` of a request (undefined when absent). */
export interface Scope {
  readonly namespace?: string
  readonly region?: string
}

function asObject(value: unknown): Loose | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Loose) : undefined
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** Resolves namespace and region as `namespaceForJob`/`regionForJob` do, then canonicalizes. */
export function prepareJob(engine: Engine, body: Loose, jobIn: Loose, scope: Scope): Job {
  const id = String(jobIn.ID ?? '')
  const namespace = scope.namespace ?? str(body.Namespace) ?? str(jobIn.Namespace) ?? 'default'
  const requested = scope.region ?? str(body.Region) ?? str(jobIn.Region) ?? 'global'
  const region = requested === 'global' ? engine.settings.region : requested
  if (region !== engine.settings.region) throw nomadErrors.server('No path to region')
  if (!engine.settings.namespaces.has(namespace)) {
    throw nomadErrors.server(`job "${id}" is in nonexistent namespace "${namespace}"`)
  }
  const job = canonicalizeJob({ ...jobIn, Namespace: namespace, Region: region })
  validateJob(job)
  return job
}

function checkEnforceIndex(existing: Job | undefined, body: Loose): void {
  if (body.EnforceIndex !== true) return
  const sent = Number(body.JobModifyIndex ?? 0)
  const prefix = `Enforcing job modify index ${sent}`
  if (sent === 0 && existing) throw nomadErrors.server(`${prefix}: job already exists`)
  if (sent !== 0 && !existing) throw nomadErrors.server(`${prefix}: job does not exist`)
  if (sent !== 0 && existing && existing.JobModifyIndex !== sent) {
    throw nomadErrors.server(
      `${prefix}: job exists with conflicting job modify index: ${existing.JobModifyIndex}`
    )
  }
}

/** `POST /v1/jobs` and `/v1/job/:id`: register; an unchanged job gets an eval but no new version. */
export function registerJob(engine: Engine, body: Loose, scope: Scope, pathId?: string): Loose {
  const jobIn = asObject(body.Job)
  if (!jobIn) throw nomadErrors.badRequest('Job must be specified')
  if (!str(jobIn.ID)) throw nomadErrors.badRequest("Job ID hasn't been provided")
  if (pathId !== undefined && pathId !== jobIn.ID)
    throw nomadErrors.badRequest('Job ID does not match name')
  const priority = body.EvalPriority
  if (typeof priority === 'number' && priority !== 0 && (priority < 1 || priority > 100)) {
    throw nomadErrors.badRequest('Eval priority must be between 1 and 100 inclusively')
  }
  const job = prepareJob(engine, body, jobIn, scope)
  const existing = engine.store.job(job.Namespace, job.ID)?.current
  checkEnforceIndex(existing, body)
  if (existing && existing.Type !== job.Type) {
    throw nomadErrors.server(`cannot update job from type "${existing.Type}" to "${job.Type}"`)
  }
  const changed = !existing || specChanged(existing, job)
  const stored = changed ? upsertJobVersion(engine, job, body.Submission) : existing
  const evaluation = engine.createEval(stored, 'job-register', {}, true, changed)
  return {
    EvalID: evaluation.ID,
    EvalCreateIndex: evaluation.CreateIndex,
    // An unchanged spec (`Job.SpecChanged` false) writes no version and still makes a new eval;
    // since 1.11.2 the answer carries the existing job's *ModifyIndex* (`reply.JobModifyIndex =
    // existingJob.ModifyIndex` in `Job.Register`, nomad/job_endpoint.go v2.0.5, GH-27386), which
    // marking a version stable has moved past its JobModifyIndex. A changed spec answers the
    // write's index, the new version's JobModifyIndex.
    JobModifyIndex: changed ? stored.JobModifyIndex : stored.ModifyIndex,
    Warnings: '',
    Index: evaluation.CreateIndex,
    LastContact: 0,
    KnownLeader: false,
    NextToken: ''
  }
}

const UPDATE_KEYS: readonly [keyof GroupUpdates, string][] = [
  ['Ignore', 'ignore'],
  ['Place', 'create'],
  ['Stop', 'destroy'],
  ['Migrate', 'migrate'],
  ['Canary', 'canary'],
  ['InPlaceUpdate', 'in-place update'],
  ['DestructiveUpdate', 'create/destroy update']
]

function diffUpdates(
  updates: Record<string, GroupUpdates>
): Record<string, Record<string, number>> {
  return Object.fromEntries(
    Object.entries(updates).map(([g, u]) => [
      g,
      Object.fromEntries(UPDATE_KEYS.filter(([k]) => u[k] > 0).map(([k, name]) => [name, u[k]]))
    ])
  )
}

/** `POST /v1/job/:id/plan`: what would change, never writing state. */
export function planJob(engine: Engine, pathId: string, body: Loose, scope: Scope): Loose {
  const jobIn = asObject(body.Job)
  if (!jobIn) throw nomadErrors.badRequest('Job must be specified')
  if (!str(jobIn.ID)) throw nomadErrors.badRequest('Job must have a valid ID')
  if (pathId !== jobIn.ID) throw nomadErrors.badRequest('Job ID does not match')
  const job = prepareJob(engine, body, jobIn, scope)
  const existing = engine.store.job(job.Namespace, job.ID)?.current
  const changed = !existing || specChanged(existing, job)
  const run = dryRunSchedule(engine, job, changed)
  const modifyIndex = existing?.JobModifyIndex ?? 0
  const failed = Object.keys(run.failed).length > 0 ? run.failed : null
  return {
    Annotations: { DesiredTGUpdates: run.updates, PreemptedAllocs: null },
    FailedTGAllocs: failed,
    JobModifyIndex: modifyIndex,
    CreatedEvals: null,
    Diff: body.Diff === true ? diffJobs(existing, job, diffUpdates(run.updates)) : null,
    NextPeriodicLaunch: '0001-01-01T00:00:00Z', // zero time.Time for a non-periodic job
    Warnings: '',
    Index: modifyIndex
  }
}

/** `POST /v1/validate/job`: validation result (200 with `Error` text, as Nomad answers). */
export function validateJobRequest(engine: Engine, body: Loose, scope: Scope): Loose {
  const jobIn = asObject(body.Job)
  if (!jobIn) throw nomadErrors.badRequest('Job must be specified')
  try {
    prepareJob(engine, body, jobIn, scope)
    return { DriverConfigValidated: true, ValidationErrors: [], Error: '', Warnings: '' }
  } catch (error) {
    if (!(error instanceof NomadError) || error.status !== 500) throw error
    return {
      DriverConfigValidated: false,
      ValidationErrors: [error.message],
      Error: error.message,
      Warnings: ''
    }
  }
}
