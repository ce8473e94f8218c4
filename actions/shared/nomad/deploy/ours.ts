import type { Logger } from '../../ports.js'
import { NomadApiError } from '../client/errors.js'
import type { NomadClient } from '../client/client.js'
import type { Deployment, ParsedJob } from '../types.js'

/** The job version this run registered, as Nomad stored it. */
export interface OurVersion {
  readonly jobId: string
  readonly version: number
  /** The version's JobModifyIndex: a deployment of it carries it as `JobSpecModifyIndex`. */
  readonly specIndex: number
}

/**
 * Pure: is this deployment the one of the version we registered? An eval's `DeploymentID` is the
 * job's *latest* deployment, of any status and any version (scheduler/generic_sched.go `process`:
 * `s.deployment = LatestDeploymentByJobID(…)`, then `setStatus(…, s.deployment.GetID())`), so a
 * changed spec that gets no deployment of its own (count 0, `max_parallel = 0`) and an unchanged
 * one both name an older deployment. `NewDeployment` stamps `JobVersion` and `JobSpecModifyIndex
 * = job.JobModifyIndex` (nomad/structs/deployment.go), which tell ours apart, also from a purged
 * and re-created job's deployments of the same version number.
 */
export function isOurDeployment(d: Deployment, ours: OurVersion): boolean {
  return (
    d.jobId === ours.jobId &&
    d.jobVersion === ours.version &&
    (d.jobSpecModifyIndex === 0 || d.jobSpecModifyIndex === ours.specIndex)
  )
}

/**
 * The deployment of our version: the eval's candidate when it is ours, else the newest of the
 * job's deployments that is ours, waiting (blocking queries) up to `waitMs` for it to appear — a
 * canceled eval's successor may still be scheduling. undefined when Nomad made none.
 */
export async function findOurDeployment(
  client: NomadClient,
  ours: OurVersion,
  candidateId: string,
  opts: { readonly waitMs: number; readonly remainingMs: () => number; readonly logger: Logger }
): Promise<Deployment | undefined> {
  if (candidateId !== '') {
    const candidate = await readIfExists(client, candidateId)
    if (candidate && isOurDeployment(candidate, ours)) return candidate
    if (candidate) {
      opts.logger.info(
        `The evaluation names deployment ${candidateId.slice(0, 8)} of job version ${candidate.jobVersion} (${candidate.status}), not ours (version ${ours.version}): Nomad's eval carries the job's latest deployment. Looking for the deployment of version ${ours.version}.`
      )
    }
  }
  const start = opts.remainingMs()
  const budget = Math.min(opts.waitMs, start)
  let index = 0
  for (;;) {
    const left = budget - (start - opts.remainingMs())
    const read = await client.readJobDeployments(
      ours.jobId,
      index > 0 ? { index, waitMs: Math.max(1, Math.min(5_000, left)) } : undefined
    )
    const found = read.value.find(d => isOurDeployment(d, ours))
    if (found) return found
    // A newer version's deployment: ours was superseded before Nomad made one.
    if (read.value.some(d => d.jobVersion > ours.version)) return undefined
    if (budget - (start - opts.remainingMs()) <= 0) return undefined
    index = read.index
  }
}

async function readIfExists(client: NomadClient, id: string): Promise<Deployment | undefined> {
  try {
    return (await client.readDeployment(id)).value
  } catch (error) {
    if (error instanceof NomadApiError && error.status === 404) return undefined
    throw error
  }
}

/**
 * Pure: will Nomad make a deployment for a changed version of this job? Service and system jobs
 * (system since 1.11) get one when some group has `max_parallel > 0` (a service group also needs
 * `count > 0`): scheduler/reconciler/reconcile_cluster.go `createDeployment` and
 * reconcile_node.go `computeForNode` ("maxParallel of 0 means no deployments"), hashicorp/nomad
 * v2.0.5. Batch jobs never do. The update block is read after Nomad's canonicalization
 * (`/v1/jobs/parse` with Canonicalize: the job-level block merged into every group).
 */
export function expectsDeployment(job: ParsedJob): boolean {
  if (job.type !== 'service' && job.type !== 'system') return false
  const raw = job.raw as {
    TaskGroups?: { Count?: number | null; Update?: { MaxParallel?: number | null } | null }[]
  }
  // Stryker disable next-line ArrayDeclaration: a placeholder element has no Update, so `some` is false as for []
  return (raw.TaskGroups ?? []).some(
    g => (g.Update?.MaxParallel ?? 0) > 0 && (job.type === 'system' || (g.Count ?? 1) > 0)
  )
}
