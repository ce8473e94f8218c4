import { type Service, findService } from '../../shared/catalog/catalog.js'
import { decideOnComment } from '../../shared/chatops/decide.js'
import { type IssueCommentEvent, readIssueCommentEvent } from '../../shared/chatops/event.js'
import {
  renderDeploying,
  renderImageMissing,
  renderPermissionUnknown,
  renderRefusal,
  renderUnauthorised
} from '../../shared/chatops/reply.js'
import { latestVersions } from '../../shared/chatops/versions.js'
import {
  type ImageRepository,
  formatRepository,
  parseRepository,
  pinnedReference,
  withRegistry
} from '../../shared/docker/image-ref.js'
import { runUrl } from '../../shared/github/ports.js'
import { authorise } from './authorise.js'
import { react } from './best-effort.js'
import type { ChatopsDeps, ChatopsGitHub } from './deps.js'
import type { CommandInputs } from './inputs.js'
import { repoOf } from './repo.js'

type Outcome = 'ignore' | 'reject' | 'unauthorised' | 'image-missing' | 'deploy'

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

/** The service's image repository, moved to the `registry` input's host when given. */
function imageOf(service: Service, inputs: CommandInputs): ImageRepository {
  return inputs.registry
    ? withRegistry(service.image, inputs.registry)
    : parseRepository(service.image)
}

/**
 * The image for the version, pinned by digest so the deploy runs exactly what was checked; when
 * there is none, replies with the versions that do exist and returns undefined.
 */
async function findImage(
  ctx: Context,
  service: Service,
  version: string
): Promise<string | undefined> {
  const { deps, inputs } = ctx
  const repo = imageOf(service, inputs)
  const registry = deps.connectRegistry(repo.registry, {
    username: deps.env['GITHUB_ACTOR'] ?? 'elm-infra',
    password: inputs.registryToken
  })
  const tags = await deps.logger.group(`Tags of ${repo.registry}/${repo.path}`, async () => {
    const found = await registry.listTags(repo.path)
    deps.logger.info(`${found.length} tags`)
    return found
  })
  const digest = tags.includes(version) ? await registry.readDigest(repo.path, version) : undefined
  if (digest !== undefined) return pinnedReference(repo, digest)
  const target = { service: service.name, version, environment: inputs.environment }
  const image = `${repo.registry}/${repo.path}`
  const body = renderImageMissing(target, image, latestVersions(tags))
  await refuse(ctx, 'image-missing', `no image ${image}:${version}`, body)
  return undefined
}

/** Command mode: decide, authorise, check the image, reply "deploying…" and hand over. */
export async function runCommand(deps: ChatopsDeps, inputs: CommandInputs): Promise<void> {
  deps.outputs.set('should-deploy', 'false')
  deps.outputs.set('environment', inputs.environment)
  const event = await deps.readEvent()
  if (event.name !== 'issue_comment') {
    return finish(deps, 'ignore', `the event is ${event.name}, not issue_comment`)
  }
  const reading = readIssueCommentEvent(event.payload)
  if (!reading.ok) return finish(deps, 'ignore', reading.reason)
  const comment = reading.event
  const catalog = await deps.loadCatalog(inputs.root)
  const names = catalog.services.map(s => s.name)
  const decision = decideOnComment(comment, names)
  if (decision.decision === 'ignore') return finish(deps, 'ignore', decision.reason)

  const github = deps.connectGitHub(inputs.githubToken, repoOf(deps.env, comment))
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

  const service = findService(catalog, decision.service)
  const imageRef = await findImage(ctx, service, decision.version)
  if (imageRef === undefined) return
  const target = { ...decision, environment: inputs.environment }
  const startedAt = deps.clock.now()
  const reply = await github.comments.create(
    comment.issueNumber,
    renderDeploying(target, comment.author, runUrl(deps.env))
  )
  const outputs: Record<string, string> = {
    'should-deploy': 'true',
    service: service.name,
    version: decision.version,
    'job-file': service.jobFile,
    image: formatRepository(imageOf(service, inputs)),
    'image-ref': imageRef,
    'comment-id': String(reply.id),
    'started-at': String(startedAt)
  }
  for (const [name, value] of Object.entries(outputs)) deps.outputs.set(name, value)
  finish(deps, 'deploy', '')
  await deps.summary.write(
    `## /deploy ${service.name} ${decision.version}\n\nRequested by \`${comment.author}\` (${auth.permission}); image found; handing over to nomad-deploy.\n`
  )
}
