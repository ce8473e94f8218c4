import { UserError } from '../../shared/errors.js'
import { commentMarker } from '../../shared/terraform/comment-parts.js'
import { guardPlan } from '../../shared/terraform/plan-guard.js'
import { hasOldPlanRecord, readPlanRecord } from '../../shared/terraform/plan-record.js'
import {
  renderApplyComment,
  renderFailureComment
} from '../../shared/terraform/render-status-comment.js'
import { summarisePlan, type PlanSummary } from '../../shared/terraform/summarise-plan.js'
import { producePlan } from './produce-plan.js'
import { failureOutput, runStep, type Session } from './session.js'

/**
 * `command: apply`: applies only what was reviewed. Finds the PR merged as this commit, re-plans,
 * and applies the new plan only when its intent (plan-guard.ts: resource and output changes,
 * variables, the saved configuration) equals the one recorded in the PR's plan comment;
 * otherwise refuses and says what differs.
 */
export async function runApply(session: Session): Promise<PlanSummary> {
  const { deps, inputs, github } = session
  const sha = deps.env['GITHUB_SHA'] ?? ''
  const pr = sha === '' ? undefined : await github.pullRequests.findMergedFor(sha)
  if (pr === undefined)
    throw new UserError(
      `No merged pull request found for commit ${sha || '(GITHUB_SHA unset)'}: apply only applies a plan reviewed in a pull request.`
    )
  const body = await github.readComment(pr, commentMarker('plan', inputs.workingDirectory))
  const reviewed = body === undefined ? undefined : readPlanRecord(body)
  if (reviewed === undefined && body !== undefined && hasOldPlanRecord(body))
    throw new UserError(
      `Pull request #${pr} was planned by an older elm-infra whose record leaves out outputs, secrets and the configuration: re-run its plan (or plan and apply from a new pull request); nothing applied.`
    )
  if (reviewed === undefined)
    throw new UserError(
      `Pull request #${pr} has no reviewed plan for ${inputs.workingDirectory} (its last plan failed or never ran): nothing applied.`
    )
  const report = (
    summary: PlanSummary,
    outcome: 'applied' | 'refused' | 'nothing-to-apply',
    differences?: string[]
  ): string =>
    renderApplyComment({
      workingDirectory: inputs.workingDirectory,
      pullRequest: pr,
      sha,
      runUrl: session.runUrl,
      summary,
      outcome,
      differences
    })
  const marker = commentMarker('apply', inputs.workingDirectory)
  session.onFailure = async (step, result, diagnostics) => {
    const failure = renderFailureComment({
      kind: 'apply',
      workingDirectory: inputs.workingDirectory,
      step,
      diagnostics,
      output: failureOutput(step, result),
      runUrl: session.runUrl
    })
    await deps.summary.write(failure)
    await github.stickyComments.upsert(pr, marker, failure)
  }
  const produced = await producePlan(session, { validate: false })
  const summary = summarisePlan(produced.plan)
  // The same comparison as `elm-infra plan-guard` (cli/commands/plan-guard.ts).
  const verdict = guardPlan(reviewed, produced.intent)
  if (!verdict.same) {
    const differences = [...verdict.differences]
    for (const line of differences)
      deps.logger.error(`Plan differs from the reviewed plan: ${line}`)
    const refusal = report(summary, 'refused', differences)
    await deps.summary.write(refusal)
    await github.stickyComments.upsert(pr, marker, refusal)
    throw new UserError(
      `Refused to apply: the plan differs from the one reviewed in #${pr} (${differences.length} difference${differences.length === 1 ? '' : 's'}); nothing was applied.`
    )
  }
  if (!summary.hasChanges) {
    const nothing = report(summary, 'nothing-to-apply')
    await deps.summary.write(nothing)
    await github.stickyComments.upsert(pr, marker, nothing)
    return summary
  }
  await runStep(session, 'apply', () => session.tf.apply(produced.planFile))
  const applied = report(summary, 'applied')
  await deps.summary.write(applied)
  const comment = await github.stickyComments.upsert(pr, marker, applied)
  deps.outputs.set('comment-url', comment.url)
  return summary
}
