import pLimit from 'p-limit'
import type { JobEntry } from '../catalog/catalog.js'
import { describeError } from '../errors.js'
import { type JobCheck, type LiveJob, nomadLayer, summariseJobDiff } from './nomad-drift.js'
import type { ParsedJob, PlanResult } from '../nomad/types.js'
import type { LayerResult } from './report.js'

/** What the Nomad drift check needs from a cluster; one real implementation over the Nomad client. */
export interface NomadDriftApi {
  /** `GET /v1/jobs`: every job the cluster knows. */
  listJobs(): Promise<readonly LiveJob[]>
  /**
   * The HCL2 variables the live job was registered with, as var-file text, from
   * `GET /v1/job/:id/submission`; undefined when Nomad kept no submission (then the defaults apply).
   */
  submittedVariables(jobId: string): Promise<string | undefined>
  /** `POST /v1/jobs/parse` (canonicalized) with these variables (var-file text). */
  parseJob(hcl: string, variables: string): Promise<ParsedJob>
  /** `POST /v1/job/:id/plan` with `Diff: true`. */
  planJob(job: ParsedJob): Promise<PlanResult>
}

export interface NomadCheckOptions {
  readonly api: NomadDriftApi
  readonly jobs: readonly JobEntry[]
  /** Reads a job file (path relative to the repo root). */
  readonly readJobFile: (jobFile: string) => Promise<string>
  /** How many jobs are planned at once (default 8). */
  readonly concurrency?: number
}

/**
 * Plans every job file against the cluster, `concurrency` at a time. Jobs the cluster does not have
 * are reported missing without a plan; a job whose plan fails is reported, never taken as in sync.
 * If the cluster cannot even list its jobs, the whole layer is unknown and nothing else is tried.
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

async function checkOneJob(
  options: NomadCheckOptions,
  job: JobEntry,
  live: readonly LiveJob[]
): Promise<JobCheck> {
  const base = { jobId: job.jobId, jobFile: job.jobFile }
  if (!live.some(j => j.id === job.jobId)) {
    return { ...base, ok: true, diff: { type: 'Added', paths: [] } }
  }
  try {
    const hcl = await options.readJobFile(job.jobFile)
    const variables = (await options.api.submittedVariables(job.jobId)) ?? ''
    const parsed = await options.api.parseJob(hcl, variables)
    if (parsed.id !== job.jobId) {
      throw new Error(
        `the job file defines job '${parsed.id}', the catalog expected '${job.jobId}'`
      )
    }
    const plan = await options.api.planJob(parsed)
    return { ...base, ok: true, diff: summariseJobDiff(plan.diff) }
  } catch (error) {
    return { ...base, ok: false, error: describeError(error) }
  }
}
