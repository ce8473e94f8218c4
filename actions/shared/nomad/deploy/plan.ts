import type { Logger } from '../../ports.js'
import type { NomadClient } from '../client/client.js'
import { type DiffLine, readPlanDiff, renderPlanDiff } from './diff.js'
import { describePlacementFailure } from './report.js'
import { checkDeclared, declaredVariables, renderVariables, submissionOf } from './variables.js'
import type { JobSubmission, ParsedJob, PlanResult } from '../types.js'

export interface PlannedJob {
  readonly job: ParsedJob
  readonly plan: PlanResult
  readonly diff: readonly DiffLine[]
  readonly diffText: readonly string[]
  /** Sent with the register, so that Nomad keeps the source and variables of this version. */
  readonly submission: JobSubmission
}

/** Steps 1: parse the HCL with its variables through Nomad, plan it with a diff, log the diff. */
export async function planJob(
  client: NomadClient,
  jobHcl: string,
  variables: Readonly<Record<string, string>>,
  logger: Logger
): Promise<PlannedJob> {
  // Before any request: a variable the job does not declare would be dropped by Nomad.
  checkDeclared(await declaredVariables(jobHcl), variables)
  const job = await client.parseJob(jobHcl, renderVariables(variables))
  const plan = await client.planJob(job)
  const diffText = renderPlanDiff(job.id, plan)
  for (const line of diffText) logger.info(line)
  if (plan.warnings.trim() !== '') logger.warning(`Nomad warns: ${plan.warnings.trim()}`)
  for (const failure of plan.failedPlacements) {
    logger.warning(`The plan could not place everything: ${describePlacementFailure(failure)}`)
  }
  return {
    job,
    plan,
    diff: readPlanDiff(plan),
    diffText,
    submission: submissionOf(jobHcl, variables)
  }
}
