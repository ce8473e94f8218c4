import { describeError } from '../../shared/errors.js'
import { readIssueCommentEvent } from '../../shared/chatops/event.js'
import { type DeployOutcome, renderResult } from '../../shared/chatops/reply.js'
import { runUrl } from '../../shared/github/ports.js'
import { isGone } from '../../shared/github/sticky-comments.js'
import { react } from './best-effort.js'
import type { ChatopsDeps, ChatopsGitHub } from './deps.js'
import type { ReportInputs } from './inputs.js'
import { repoOf } from './repo.js'

/** What the deploy job's result and nomad-deploy's outputs say happened. */
export function outcomeOf(
  inputs: ReportInputs,
  now: number,
  url: string,
  statusText?: string
): DeployOutcome {
  const succeeded = inputs.result === 'success'
  const reason =
    inputs.reason ??
    statusText ??
    (succeeded ? undefined : `The deploy job ended as ${inputs.result}; its log has the details.`)
  return {
    succeeded,
    status: inputs.status ?? inputs.result,
    promoted: inputs.promoted,
    revertedTo: inputs.revertedTo,
    revertedAppVersion: inputs.revertedAppVersion,
    jobVersion: inputs.jobVersion,
    deploymentId: inputs.deploymentId,
    reason,
    durationMs: inputs.startedAt === undefined ? undefined : Math.max(0, now - inputs.startedAt),
    runUrl: url
  }
}

/** A failure's reason from the GitHub Deployment's newest status, when no reason was passed. */
async function failureText(
  deps: ChatopsDeps,
  github: ChatopsGitHub,
  inputs: ReportInputs
): Promise<string | undefined> {
  if (inputs.result === 'success' || inputs.reason !== undefined) return undefined
  if (inputs.githubDeploymentId === undefined) return undefined
  try {
    const text = await github.latestDeploymentStatus(inputs.githubDeploymentId)
    return text === undefined || text.trim() === '' ? undefined : text
  } catch (error) {
    deps.logger.warning(`Could not read the GitHub Deployment's status: ${describeError(error)}`)
    return undefined
  }
}

/** Report mode: updates the reply to the result and reacts 🚀 or 😕 on the command. */
export async function runReport(deps: ChatopsDeps, inputs: ReportInputs): Promise<void> {
  const event = await deps.readEvent()
  const reading = readIssueCommentEvent(event.payload)
  const github = await deps.connectGitHub(
    inputs.githubToken,
    repoOf(deps.env, reading.ok ? reading.event : undefined),
    inputs.trustedBot
  )
  const target = {
    service: inputs.service,
    version: inputs.version,
    environment: inputs.environment
  }
  const statusText = await failureText(deps, github, inputs)
  const outcome = outcomeOf(inputs, deps.clock.now(), runUrl(deps.env), statusText)
  const body = renderResult(target, outcome)
  // The reply may have been deleted while the deploy ran: an edit by id answers 404 (REST "Update
  // an issue comment"), and the result is then posted as a new comment, never lost and never a
  // failed reply job. Any other error still fails it.
  const written = await github.comments.update(inputs.commentId, body).then(
    ref => ({ ref, created: false }),
    async (error: unknown) => {
      if (!isGone(error) || !reading.ok) throw error
      deps.logger.warning(
        `The reply ${inputs.commentId} is gone (deleted?): posting the result as a new comment.`
      )
      return { ref: await github.comments.create(reading.event.issueNumber, body), created: true }
    }
  )
  deps.logger.info(
    `${written.created ? 'Posted' : 'Updated'} comment ${written.ref.id}: ${outcome.succeeded ? 'success' : 'failure'}`
  )
  if (reading.ok) {
    await react(
      github,
      deps.logger,
      reading.event.commentId,
      outcome.succeeded ? 'rocket' : 'confused'
    )
  } else {
    deps.logger.warning(`No command comment to react to: ${reading.reason}`)
  }
  deps.outputs.set('decision', outcome.succeeded ? 'deploy' : 'failed')
  await deps.summary.write(`## /deploy result\n\n${body}\n`)
}
