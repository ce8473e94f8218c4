import pLimit from 'p-limit'
import type { JobEntry } from '../catalog/catalog.js'
import { describeError } from '../errors.js'
import { describeFieldChange, diffJobFields } from '../nomad/job-diff/field-diff.js'
import { classifyUpdates, describeUpdate } from '../nomad/job-diff/update-kind.js'
import type { ParsedJob } from '../nomad/types.js'
import { type JobCheck, type LiveJob, nomadLayer } from './nomad-drift.js'
import { type DeploymentRecord, type VersionRecord, findRevert } from './nomad-revert.js'
import type { LayerResult } from './report.js'

/**
 * What the Nomad drift check needs from a cluster: reads only. A token with `list-jobs`,
 * `read-job` and `parse-job` suffices (hashicorp/nomad v2.0.5 nomad/job_endpoint.go: `Job.List`
 * checks list-jobs; `GetJob`, `GetJobVersions`, `GetJobSubmission`, `Deployments` check read-job;
 * command/agent/job_endpoint.go `JobsParseRequest` accepts parse-job). No plan: `Job.Plan` needs
 * submit-job.
 */
export interface NomadDriftApi {
  /** `GET /v1/jobs`: every job the cluster knows. */
  listJobs(): Promise<readonly LiveJob[]>
  /** `GET /v1/job/:id/versions`: the kept versions, newest first, each the whole job. */
  jobVersions(jobId: string): Promise<readonly VersionRecord[]>
  /**
   * The HCL2 variables version `version` was registered with, as var-file text
   * (`GET /v1/job/:id/submission?version=`); undefined when Nomad kept no submission for it.
   */
  submittedVariables(jobId: string, version: number): Promise<string | undefined>
  /** `GET /v1/job/:id/deployments`. */
  jobDeployments(jobId: string): Promise<readonly DeploymentRecord[]>
  /** `POST /v1/jobs/parse` (canonicalized) with these variables (var-file text). */
  parseJob(hcl: string, variables: string): Promise<ParsedJob>
}

export interface NomadCheckOptions {
  readonly api: NomadDriftApi
  readonly jobs: readonly JobEntry[]
  /** Reads a job file (path relative to the repo root). */
  readonly readJobFile: (jobFile: string) => Promise<string>
  /** How many jobs are checked at once (default 8). */
  readonly concurrency?: number
}

/**
 * Compares every job file, parsed by Nomad, with the running job, `concurrency` at a time. Jobs the
 * cluster does not have are reported missing; a job that cannot be read is reported, never taken
 * as in sync. If the cluster cannot even list its jobs, the whole layer is unknown.
 */
export async function checkNomadJobs(options: NomadCheckOptions): Promise<LayerResult> {
  let live: readonly LiveJob[]
  try {
    live = await options.api.listJobs()
  } catch (error) {
    return {
      layer: 'nomad',
      status: 'unknown',
      summary: 'could not be checked',
      items: [],
      reason: `cannot list the cluster's jobs: ${describeError(error)}`
    }
  }
  const limit = pLimit(options.concurrency ?? 8)
  const checks = await Promise.all(
    options.jobs.map(job => limit(() => checkOneJob(options, job, live)))
  )
  return nomadLayer(checks, live)
}

/** How many older versions are asked for a submission (Nomad keeps a handful). */
const MAX_SUBMISSION_LOOKUPS = 6

/** The newest version that has a submission, and its variables (none: the job file's defaults). */
async function newestVariables(
  api: NomadDriftApi,
  jobId: string,
  versions: readonly VersionRecord[]
): Promise<{ variables: string }> {
  for (const v of versions.slice(0, MAX_SUBMISSION_LOOKUPS)) {
    const variables = await api.submittedVariables(jobId, v.version)
    if (variables !== undefined) return { variables }
  }
  return { variables: '' }
}

type Json = Record<string, unknown>
const groupsOf = (job: unknown): Json[] => {
  const groups = (job as Json | undefined)?.['TaskGroups']
  return Array.isArray(groups) ? (groups as Json[]) : []
}

/** Reads, parses and compares one job: the field changes and what Nomad would do about them. */
export async function compareJob(
  api: NomadDriftApi,
  jobId: string,
  hcl: string
): Promise<Omit<JobCheck & { ok: true }, 'jobId' | 'jobFile'>> {
  const versions = [...(await api.jobVersions(jobId))].sort((a, b) => b.version - a.version)
  const running = versions[0]
  if (!running) return { ok: true, missing: true, changes: [], updates: [] }
  const { variables } = await newestVariables(api, jobId, versions)
  const parsed = await api.parseJob(hcl, variables)
  if (parsed.id !== jobId) {
    throw new Error(`the job file defines job '${parsed.id}', the catalog expected '${jobId}'`)
  }
  const fieldChanges = diffJobFields(running.raw, parsed.raw)
  const updates = classifyUpdates(fieldChanges, groupsOf(parsed.raw), groupsOf(running.raw))
    .filter(u => u.kind !== 'none')
    .map(describeUpdate)
  const revert = findRevert(running.version, versions, await api.jobDeployments(jobId))
  return {
    ok: true,
    missing: false,
    changes: fieldChanges.map(describeFieldChange),
    updates,
    runningVersion: running.version,
    ...(revert ? { revert } : {})
  }
}

async function checkOneJob(
  options: NomadCheckOptions,
  job: JobEntry,
  live: readonly LiveJob[]
): Promise<JobCheck> {
  const base = { jobId: job.jobId, jobFile: job.jobFile }
  if (!live.some(j => j.id === job.jobId)) {
    return { ...base, ok: true, missing: true, changes: [], updates: [] }
  }
  try {
    const hcl = await options.readJobFile(job.jobFile)
    return { ...base, ...(await compareJob(options.api, job.jobId, hcl)) }
  } catch (error) {
    return { ...base, ok: false, error: describeError(error) }
  }
}
