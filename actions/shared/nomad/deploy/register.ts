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
  const versions = await client.readJobVersions(job.id)
  const unchanged = isUnchangedRegister(plan, answer.jobModifyIndex, versions)
  // Unchanged: the current version is the one our plan was made against (its JobModifyIndex).
  const found = unchanged
    ? versions.find(v => v.jobModifyIndex === plan.jobModifyIndex)
    : await registeredVersion(client, job.id, answer.jobModifyIndex, versions)
  const version = found?.version ?? 0
  logger.info(
    unchanged
      ? `Nomad wrote no new version of job '${job.id}': its specification is unchanged (still version ${version})${answer.evalId ? `; evaluation ${answer.evalId.slice(0, 8)}` : ''}`
      : `Registered job '${job.id}' as version ${version} (JobModifyIndex ${answer.jobModifyIndex})${answer.evalId ? `, evaluation ${answer.evalId.slice(0, 8)}` : ''}`
  )
  return {
    evalId: answer.evalId,
    jobModifyIndex: answer.jobModifyIndex,
    version,
    specIndex: unchanged ? plan.jobModifyIndex : (found?.jobModifyIndex ?? answer.jobModifyIndex),
    unchanged
  }
}

/**
 * Pure: did the register write no new version? Read from two answers of Nomad (hashicorp/nomad
 * v2.0.5):
 * - the plan's `Diff.Type` is `None` when the submitted job equals the registered one
 *   (nomad/job_endpoint.go `Job.Plan`: `existingJob.Diff(args.Job, true)`), and its
 *   `JobModifyIndex` is the registered job's (`index = existingJob.JobModifyIndex`);
 * - the register (with EnforceIndex = that JobModifyIndex, so nothing came in between) answers,
 *   for an unchanged spec (`Job.SpecChanged` false), `reply.JobModifyIndex =
 *   existingJob.ModifyIndex` (nomad/job_endpoint.go `Job.Register`, since 1.11.2, GH-27386;
 *   1.10 answered `existingJob.JobModifyIndex`). `ModifyIndex` moves without a new version:
 *   marking a version stable re-upserts the job keeping its version
 *   (nomad/state/state_store.go `updateJobStabilityImpl` → `upsertJobImpl(…, keepVersion=true)`),
 *   and so does a status change. For a changed spec the answer is the raft index of the write,
 *   which becomes the new version's `JobModifyIndex`.
 * So: the plan saw no difference, and no stored version carries the answer as its JobModifyIndex
 * unless it is the planned one (the answer equals the plan's index when `ModifyIndex` had not
 * moved since the register of that version, and on 1.10).
 */
export function isUnchangedRegister(
  plan: { readonly diffType: string; readonly jobModifyIndex: number },
  answerIndex: number,
  versions: readonly JobInfo[]
): boolean {
  if (plan.diffType !== 'None') return false
  if (answerIndex === plan.jobModifyIndex) return true
  return !versions.some(v => v.jobModifyIndex === answerIndex)
}

/**
 * The version a changed register wrote: the one whose JobModifyIndex is the register's answer
 * (nomad/job_endpoint.go `Job.Register`: `reply.JobModifyIndex = index`, the raft index of the
 * write, v2.0.5). Read from the job's versions (also when the job has moved on since: Nomad
 * auto-reverted it, or someone registered after us), else from the job. undefined if neither holds it.
 */
export async function registeredVersion(
  client: NomadClient,
  jobId: string,
  jobModifyIndex: number,
  known?: readonly JobInfo[]
): Promise<JobInfo | undefined> {
  const versions = known ?? (await client.readJobVersions(jobId))
  const found = versions.find(v => v.jobModifyIndex === jobModifyIndex)
  if (found) return found
  const current = await client.readJob(jobId)
  return current?.jobModifyIndex === jobModifyIndex ? current : undefined
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
