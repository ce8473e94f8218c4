import type { Logger } from '../../ports.js'
import { JobChangedError } from '../client/register.js'
import type { NomadClient } from '../client/client.js'
import type { PlannedJob } from './plan.js'
import type { JobInfo } from '../types.js'

export interface Registered {
  /** '' when the register's answer was lost (it landed; the eval is then unknown). */
  readonly evalId: string
  readonly jobModifyIndex: number
  readonly version: number
  /** That version's JobModifyIndex (its deployment's JobSpecModifyIndex). */
  readonly specIndex: number
  /** The register wrote no new version: the spec equals the job's current one. */
  readonly unchanged: boolean
}

/**
 * Step 2: register with EnforceIndex and the plan's JobModifyIndex. When the answer was lost but
 * the job moved on, plans again: only if the registered job equals ours (diff None) is it ours;
 * anything else means someone else changed the job.
 */
export async function registerPlanned(
  client: NomadClient,
  planned: PlannedJob,
  logger: Logger
): Promise<Registered> {
  const { job, plan } = planned
  const answer = await client.registerJob(job, plan.jobModifyIndex, planned.submission)
  if ('landedWithoutAnswer' in answer) {
    logger.warning(
      `The answer to the register was lost, but job '${job.id}' is now at JobModifyIndex ${answer.jobModifyIndex}: checking it is ours instead of registering again.`
    )
    const again = await client.planJob(job)
    if (again.diffType !== 'None') {
      throw new JobChangedError(
        `Job '${job.id}' was changed by someone else since the plan (the registered job differs from ours); plan again and retry.`
      )
    }
    const found = await registeredVersion(client, job.id, answer.jobModifyIndex)
    return {
      evalId: '',
      jobModifyIndex: answer.jobModifyIndex,
      version: found?.version ?? answer.version,
      specIndex: found?.jobModifyIndex ?? answer.jobModifyIndex,
      unchanged: false
    }
  }
  if (answer.warnings.trim() !== '') logger.warning(`Nomad warns: ${answer.warnings.trim()}`)
  const found = await registeredVersion(client, job.id, answer.jobModifyIndex)
  const version = found?.version ?? 0
  // Unchanged spec: Nomad writes no version and answers the existing job's JobModifyIndex, the one
  // our plan saw (`Job.Register`, nomad/job_endpoint.go: `reply.JobModifyIndex =
  // existingJob.JobModifyIndex`, v1.6.0–v1.10.5); a changed spec answers the new raft index.
  const unchanged = plan.diffType === 'None' && answer.jobModifyIndex === plan.jobModifyIndex
  logger.info(
    `Registered job '${job.id}' as version ${version} (JobModifyIndex ${answer.jobModifyIndex})${answer.evalId ? `, evaluation ${answer.evalId.slice(0, 8)}` : ''}`
  )
  return {
    evalId: answer.evalId,
    jobModifyIndex: answer.jobModifyIndex,
    version,
    specIndex: found?.jobModifyIndex ?? answer.jobModifyIndex,
    unchanged
  }
}

/**
 * The version our register wrote: the one whose JobModifyIndex is the register's answer (for an
 * unchanged job the answer carries the job's ModifyIndex, per nomad-api.md §1.3). Read from the job,
 * or, when the job has already moved on (Nomad auto-reverted it, or someone registered after us),
 * from its versions: the current version is then not ours. undefined if neither holds it.
 */
export async function registeredVersion(
  client: NomadClient,
  jobId: string,
  jobModifyIndex: number
): Promise<JobInfo | undefined> {
  const isOurs = (v: JobInfo): boolean =>
    v.jobModifyIndex === jobModifyIndex || v.modifyIndex === jobModifyIndex
  const current = await client.readJob(jobId)
  if (current && isOurs(current)) return current
  const versions = await client.readJobVersions(jobId)
  return versions.find(v => v.jobModifyIndex === jobModifyIndex) ?? versions.find(isOurs)
}

/** Without an eval: the deployment for `version`, waiting (blocking) a bounded time for it. */
export async function findDeploymentFor(
  client: NomadClient,
  jobId: string,
  version: number,
  remainingMs: () => number
): Promise<string | undefined> {
  let index = 0
  const until = Math.min(remainingMs(), 30_000)
  const started = remainingMs()
  for (;;) {
    const waitMs = Math.min(5_000, Math.max(1, remainingMs()))
    const read = await client.readJobDeployments(jobId, index > 0 ? { index, waitMs } : undefined)
    const found = read.value.find(d => d.jobVersion === version)
    if (found) return found.id
    if (started - remainingMs() >= until) return undefined
    index = read.index
  }
}
