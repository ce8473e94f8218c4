import { type Catalog, findService } from '../../shared/catalog/catalog.js'
import { decideOnComment } from '../../shared/chatops/decide.js'
import { type IssueCommentEvent, readIssueCommentEvent } from '../../shared/chatops/event.js'
import {
  inert,
  renderDeploying,
  renderFailure,
  renderImageMissing,
  renderPermissionUnknown,
  renderRefusal,
  renderUnauthorised
} from '../../shared/chatops/reply.js'
import { describeError } from '../../shared/errors.js'
import { runUrl } from '../../shared/github/ports.js'
import { authorise } from './authorise.js'
import { react } from './best-effort.js'
import type { ChatopsDeps, ChatopsGitHub } from './deps.js'
import { findImage } from './find-image.js'
import type { CommandInputs } from './inputs.js'
import { repoOf } from './repo.js'

type Outcome = 'ignore' | 'reject' | 'unauthorised' | 'image-missing' | 'error' | 'deploy'

interface Context {
  readonly deps: ChatopsDeps
  readonly inputs: CommandInputs
  readonly comment: IssueCommentEvent
  readonly github: ChatopsGitHub
}

function finish(deps: ChatopsDeps, decision: Outcome, reason: string): void {
  deps.outputs.set('decision', decision)
  deps.outputs.set('reason', reason)
  deps.logger.info(`Decision: ${decision}${reason === '' ? '' : ` (${reason})`}`)
}

/** Not a command: nothing is posted; the step summary says why. */
async function ignore(deps: ChatopsDeps, reason: string): Promise<void> {
  finish(deps, 'ignore', reason)
  await deps.summary.write(`## /deploy\n\nNothing to do: ${inert(reason)}.\n`)
}

/** Replies once and marks the command 😕: every refusal ends here. */
async function refuse(
  ctx: Context,
  decision: Outcome,
  reason: string,
  body: string
): Promise<void> {
  await ctx.github.comments.create(ctx.comment.issueNumber, body)
  await react(ctx.github, ctx.deps.logger, ctx.comment.commentId, 'confused')
  finish(ctx.deps, decision, reason)
  await ctx.deps.summary.write(`## /deploy refused\n\n${body}\n`)
}

/** Posts the one failure reply when something breaks after the command was accepted. */
async function replyFailure(ctx: Context, error: unknown): Promise<void> {
  const body = renderFailure(describeError(error), runUrl(ctx.deps.env))
  try {
    await refuse(ctx, 'error', describeError(error), body)
  } catch (replyError) {
    ctx.deps.logger.warning(`Could not post the failure reply: ${describeError(replyError)}`)
  }
}

/** After authorisation: check the image, reply "deploying…", and set the deploy job's outputs. */
async function accept(
  ctx: Context,
  catalog: Catalog,
  service: string,
  version: string,
  permission: string
): Promise<void> {
  const { deps, inputs, comment, github } = ctx
  const found = findService(catalog, service)
  const image = await findImage(deps, inputs, found, version)
  const target = { service, version, environment: inputs.environment }
  if (!image.found) {
    const body = renderImageMissing(target, image.repository, image.available, image.ambiguous)
    const why = image.ambiguous ? 'an ambiguous SHA prefix' : 'no such image'
    return refuse(ctx, 'image-missing', `${why}: ${image.repository}:${version}`, body)
  }
  const startedAt = deps.clock.now()
  const reply = await github.comments.create(
    comment.issueNumber,
    renderDeploying(target, comment.author, runUrl(deps.env))
  )
  const outputs: Record<string, string> = {
    'should-deploy': 'true',
    author: comment.author,
    service,
    // The resolved tag: a SHA prefix becomes the full SHA the image carries.
    version: image.tag,
    'job-file': found.jobFile,
    image: image.repository,
    'image-ref': image.ref,
    'comment-id': String(reply.id),
    'started-at': String(startedAt)
  }
  for (const [name, value] of Object.entries(outputs)) deps.outputs.set(name, value)
  finish(deps, 'deploy', '')
  await deps.summary.write(
    `## /deploy ${service} ${version}\n\nRequested by \`${comment.author}\` (${permission}); image ${image.ref}; handing over to nomad-deploy.\n`
  )
}

/** Command mode: decide, authorise, check the image, reply "deploying…" and hand over. */
export async function runCommand(deps: ChatopsDeps, inputs: CommandInputs): Promise<void> {
  deps.outputs.set('should-deploy', 'false')
  deps.outputs.set('environment', inputs.environment)
  const event = await deps.readEvent()
  if (event.name !== 'issue_comment') {
    return ignore(deps, `the event is ${event.name}, not issue_comment`)
  }
  const reading = readIssueCommentEvent(event.payload)
  if (!reading.ok) return ignore(deps, reading.reason)
  const comment = reading.event
  const catalog = await deps.loadCatalog(inputs.root)
  const names = catalog.services.map(s => s.name)
  const decision = decideOnComment(comment, names)
  if (decision.decision === 'ignore') return ignore(deps, decision.reason)

  const github = await deps.connectGitHub(
    inputs.githubToken,
    repoOf(deps.env, comment),
    inputs.trustedBot
  )
  const ctx: Context = { deps, inputs, comment, github }
  const auth = await authorise(github.collaborators, comment.author)
  if ('error' in auth) {
    deps.logger.error(`Could not read the permission of ${comment.author}: ${auth.error}`)
    const body = renderPermissionUnknown(comment.author, auth.error)
    return refuse(ctx, 'unauthorised', `permission check failed: ${auth.error}`, body)
  }
  if (!auth.allowed) {
    const body = renderUnauthorised(comment.author, auth.permission)
    return refuse(ctx, 'unauthorised', `${comment.author} has ${auth.permission} permission`, body)
  }
  deps.logger.info(`${comment.author} has ${auth.permission} permission`)
  await react(github, deps.logger, comment.commentId, 'eyes')
  if (decision.decision === 'reject') {
    return refuse(ctx, 'reject', decision.reason, renderRefusal(decision.reason, names))
  }

  try {
    await accept(ctx, catalog, decision.service, decision.version, auth.permission)
  } catch (error) {
    await replyFailure(ctx, error)
    throw error
  }
}
