import {
  HttpError,
  notFound,
  numberParam,
  optionalString,
  paginate,
  repoOf,
  requireString,
  validationFailed,
  type Route,
  type RouteContext
} from '../http.js'
import { renderDeployment, renderDeploymentStatus } from '../render.js'
import { nextId, type StoredDeployment } from '../state.js'

/** Deployments and their statuses. */

const DOCS = 'https://docs.github.com/rest/deployments'
const STATES = ['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success']

function deploymentOf(ctx: RouteContext): StoredDeployment {
  const repo = repoOf(ctx)
  const id = numberParam(ctx, 'id')
  const deployment = ctx.state.deployments.find(d => d.repo === repo && d.id === id)
  if (!deployment) throw notFound()
  return deployment
}

/** A ref resolves to itself when it is a sha, else to a stable fake sha (refs are not modelled). */
function shaOf(ref: string): string {
  if (/^[0-9a-f]{40}$/.test(ref)) return ref
  let hex = ''
  for (let i = 0; hex.length < 40; i++)
    hex += (ref.charCodeAt(i % ref.length) * (i + 7)).toString(16)
  return hex.slice(0, 40)
}

function flag(ctx: RouteContext, field: string): boolean | undefined {
  const value = ctx.body[field]
  if (value === undefined || typeof value === 'boolean') return value
  throw validationFailed([{ resource: 'Deployment', code: 'invalid', field }])
}

/**
 * GitHub refuses a description over 140 characters (docs.github.com/rest/deployments/statuses
 * #create-a-deployment-status: "The maximum description length is 140 characters"), counted in
 * characters (code points).
 */
function checkDescription(ctx: RouteContext, resource: string): void {
  const description = optionalString(ctx, 'description')
  if (description !== undefined && [...description].length > 140) {
    throw validationFailed([
      {
        resource,
        code: 'custom',
        field: 'description',
        message: 'description is too long (maximum is 140 characters)'
      }
    ])
  }
}

export const deploymentRoutes: readonly Route[] = [
  {
    method: 'POST',
    pattern: '/repos/:owner/:repo/deployments',
    docs: `${DOCS}/deployments#create-a-deployment`,
    handle: ctx => {
      const repo = repoOf(ctx)
      const ref = requireString(ctx, 'Deployment', 'ref')
      const contexts = ctx.body['required_contexts']
      if (contexts !== undefined && !Array.isArray(contexts)) {
        throw validationFailed([
          { resource: 'Deployment', code: 'invalid', field: 'required_contexts' }
        ])
      }
      checkDescription(ctx, 'Deployment')
      const autoMerge = flag(ctx, 'auto_merge')
      // auto_merge defaults to true: a ref behind the default branch is merged instead (202).
      if (autoMerge !== false && (ctx.state.behindRefs[repo] ?? []).includes(ref)) {
        return { status: 202, body: { message: `Auto-merged main into ${ref} on deployment.` } }
      }
      // Without required_contexts every context must be green; failing ones answer 409.
      const failing = (ctx.state.failingContexts[repo] ?? []).filter(
        c => contexts === undefined || (contexts as unknown[]).includes(c)
      )
      if (failing.length > 0) {
        throw new HttpError(409, `Conflict: Commit status checks failed for ${ref}.`, [
          {
            resource: 'Deployment',
            field: 'required_contexts',
            code: 'invalid',
            message: failing.map(c => `${c}: failure`).join(', ')
          }
        ])
      }
      const environment = optionalString(ctx, 'environment') ?? 'production'
      const deployment: StoredDeployment = {
        id: nextId(ctx.state),
        repo,
        ref,
        sha: shaOf(ref),
        task: optionalString(ctx, 'task') ?? 'deploy',
        environment,
        description: optionalString(ctx, 'description') ?? null,
        payload: ctx.body['payload'] ?? {},
        transientEnvironment: flag(ctx, 'transient_environment') ?? false,
        productionEnvironment: flag(ctx, 'production_environment') ?? environment === 'production',
        autoMerge,
        requiredContexts: contexts?.map(String),
        creator: ctx.login,
        createdAt: ctx.now()
      }
      ctx.state.deployments.push(deployment)
      return { status: 201, body: renderDeployment(ctx.api, deployment) }
    }
  },
  {
    method: 'GET',
    pattern: '/repos/:owner/:repo/deployments',
    docs: `${DOCS}/deployments#list-deployments`,
    handle: ctx => {
      const repo = repoOf(ctx)
      const filters = ['sha', 'ref', 'task', 'environment'] as const
      const items = ctx.state.deployments
        .filter(d => d.repo === repo)
        .filter(d => filters.every(f => ctx.query.get(f) === null || ctx.query.get(f) === d[f]))
        .sort((a, b) => b.id - a.id)
      return paginate(ctx, items, d => renderDeployment(ctx.api, d))
    }
  },
  {
    method: 'GET',
    pattern: '/repos/:owner/:repo/deployments/:id',
    docs: `${DOCS}/deployments#get-a-deployment`,
    handle: ctx => ({ status: 200, body: renderDeployment(ctx.api, deploymentOf(ctx)) })
  },
  {
    method: 'POST',
    pattern: '/repos/:owner/:repo/deployments/:id/statuses',
    docs: `${DOCS}/statuses#create-a-deployment-status`,
    handle: ctx => {
      const deployment = deploymentOf(ctx)
      const state = requireString(ctx, 'DeploymentStatus', 'state')
      checkDescription(ctx, 'DeploymentStatus')
      if (!STATES.includes(state)) {
        throw validationFailed([{ resource: 'DeploymentStatus', code: 'invalid', field: 'state' }])
      }
      const logUrl = optionalString(ctx, 'log_url') ?? optionalString(ctx, 'target_url') ?? ''
      const status = {
        id: nextId(ctx.state),
        deploymentId: deployment.id,
        state,
        description: optionalString(ctx, 'description') ?? '',
        logUrl,
        environmentUrl: optionalString(ctx, 'environment_url') ?? '',
        environment: optionalString(ctx, 'environment') ?? deployment.environment,
        creator: ctx.login,
        createdAt: ctx.now()
      }
      ctx.state.deploymentStatuses.push(status)
      return { status: 201, body: renderDeploymentStatus(ctx.api, deployment.repo, status) }
    }
  },
  {
    method: 'GET',
    pattern: '/repos/:owner/:repo/deployments/:id/statuses',
    docs: `${DOCS}/statuses#list-deployment-statuses`,
    handle: ctx => {
      const deployment = deploymentOf(ctx)
      const items = ctx.state.deploymentStatuses
        .filter(s => s.deploymentId === deployment.id)
        .sort((a, b) => b.id - a.id)
      return paginate(ctx, items, s => renderDeploymentStatus(ctx.api, deployment.repo, s))
    }
  }
]
