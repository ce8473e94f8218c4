import { basename } from 'node:path'
import { commentMarker } from '../../shared/terraform/comment-parts.js'
import { renderPlanRecord } from '../../shared/terraform/plan-record.js'
import { renderPlanComment } from '../../shared/terraform/render-plan-comment.js'
import { renderFailureComment } from '../../shared/terraform/render-status-comment.js'
import { summarisePlan, type PlanSummary } from '../../shared/terraform/summarise-plan.js'
import { producePlan } from './produce-plan.js'
import { pullRequestFromEvent } from './pull-request.js'
import { failureOutput, runStep, type Session } from './session.js'

const SUMMARY_LIMIT = 300_000

/** `command: plan`: fmt, init, validate, plan, show; then comment, summary, artifact, outputs. */
export async function runPlan(session: Session): Promise<PlanSummary> {
  const { deps, inputs } = session
  const pr = inputs.pullRequest ?? pullRequestFromEvent(await deps.readEvent())
  const marker = commentMarker('plan', inputs.workingDirectory)
  session.onFailure = async (step, result, diagnostics) => {
    const body = renderFailureComment({
      kind: 'plan',
      workingDirectory: inputs.workingDirectory,
      step,
      diagnostics,
      output: failureOutput(step, result),
      runUrl: session.runUrl
    })
    await deps.summary.write(body)
    if (pr !== undefined) await session.github.stickyComments.upsert(pr, marker, body)
  }
  await runStep(session, 'fmt', () => session.tf.fmtCheck())
  const produced = await producePlan(session, { validate: true })
  const summary = summarisePlan(produced.plan)
  const options = {
    workingDirectory: inputs.workingDirectory,
    humanPlan: produced.humanPlan,
    runUrl: session.runUrl
  }
  const record = renderPlanRecord(produced.intent)
  await deps.summary.write(renderPlanComment(summary, { ...options, maxLength: SUMMARY_LIMIT }))
  if (pr === undefined) {
    deps.logger.info('Not a pull request run: no plan comment written.')
  } else {
    const comment = await session.github.stickyComments.upsert(
      pr,
      marker,
      renderPlanComment(summary, { ...options, record })
    )
    deps.logger.info(`${comment.created ? 'Wrote' : 'Updated'} the plan comment: ${comment.url}`)
    deps.outputs.set('comment-url', comment.url)
  }
  if (inputs.uploadArtifact) {
    const name = `terraform-plan-${inputs.workingDirectory.replace(/[^A-Za-z0-9_-]/g, '-')}`
    const files = [produced.planFile, produced.jsonFile]
    const root = produced.planFile.slice(0, -basename(produced.planFile).length)
    const uploaded = await deps.artifacts.upload(name, files, root, inputs.artifactRetentionDays)
    deps.logger.info(
      uploaded === 'uploaded'
        ? `Uploaded the plan as artifact ${name}.`
        : 'Not on a GitHub runner (no ACTIONS_RUNTIME_TOKEN): the plan artifact was not uploaded.'
    )
  }
  return summary
}
