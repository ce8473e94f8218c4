import {
  checkBodyLength,
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
import { renderIssue, renderPullAsIssue } from '../render.js'
import { nextNumber, type StoredIssue, type StoredPull } from '../state.js'

/** Issues: list (labels, state, sort, pagination; PRs included as GitHub does), create, update. */

const DOCS = 'https://docs.github.com/rest/issues/issues'

function commentCount(ctx: RouteContext, repo: string, number: number): number {
  return ctx.state.comments.filter(c => c.repo === repo && c.issueNumber === number).length
}

function render(ctx: RouteContext, item: StoredIssue | StoredPull): unknown {
  const count = commentCount(ctx, item.repo, item.number)
  return 'merged' in item
    ? renderPullAsIssue(ctx.api, item, count)
    : renderIssue(ctx.api, item, count)
}

function issueOf(ctx: RouteContext): StoredIssue {
  const repo = repoOf(ctx)
  const number = numberParam(ctx, 'number')
  const issue = ctx.state.issues.find(i => i.repo === repo && i.number === number)
  if (!issue) throw notFound()
  return issue
}

function labelsOf(ctx: RouteContext): string[] | undefined {
  const labels = ctx.body['labels']
  if (labels === undefined) return undefined
  if (!Array.isArray(labels) || !labels.every(l => typeof l === 'string')) {
    throw validationFailed([{ resource: 'Issue', code: 'invalid', field: 'labels' }])
  }
  return labels
}

function stateOf(ctx: RouteContext): 'open' | 'closed' | undefined {
  const state = ctx.body['state']
  if (state === undefined || state === 'open' || state === 'closed') return state
  throw validationFailed([{ resource: 'Issue', code: 'invalid', field: 'state' }])
}

export const issueRoutes: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/repos/:owner/:repo/issues',
    docs: `${DOCS}#list-repository-issues`,
    handle: ctx => {
      const repo = repoOf(ctx)
      const state = ctx.query.get('state') ?? 'open'
      const labels = (ctx.query.get('labels') ?? '').split(',').filter(l => l !== '')
      const sort = ctx.query.get('sort') === 'updated' ? 'updated' : 'created'
      const ascending = ctx.query.get('direction') === 'asc'
      const items = [...ctx.state.issues, ...ctx.state.pulls]
        .filter(i => i.repo === repo && (state === 'all' || i.state === state))
        .filter(i => labels.every(l => 'labels' in i && i.labels.includes(l)))
      const key = (i: StoredIssue | StoredPull): string =>
        sort === 'updated' && 'updatedAt' in i ? i.updatedAt : i.createdAt
      items.sort((a, b) => key(a).localeCompare(key(b)) || a.number - b.number)
      if (!ascending) items.reverse()
      return paginate(ctx, items, i => render(ctx, i))
    }
  },
  {
    method: 'POST',
    pattern: '/repos/:owner/:repo/issues',
    docs: `${DOCS}#create-an-issue`,
    handle: ctx => {
      const repo = repoOf(ctx)
      const title = requireString(ctx, 'Issue', 'title')
      const body = optionalString(ctx, 'body') ?? null
      if (body !== null) checkBodyLength('Issue', body)
      const now = ctx.now()
      const issue: StoredIssue = {
        repo,
        number: nextNumber(ctx.state, repo),
        title,
        body,
        state: 'open',
        stateReason: null,
        labels: labelsOf(ctx) ?? [],
        user: ctx.login,
        createdAt: now,
        updatedAt: now,
        closedAt: null
      }
      ctx.state.issues.push(issue)
      return { status: 201, body: render(ctx, issue) }
    }
  },
  {
    method: 'GET',
    pattern: '/repos/:owner/:repo/issues/:number',
    docs: `${DOCS}#get-an-issue`,
    handle: ctx => ({ status: 200, body: render(ctx, issueOf(ctx)) })
  },
  {
    method: 'PATCH',
    pattern: '/repos/:owner/:repo/issues/:number',
    docs: `${DOCS}#update-an-issue`,
    handle: ctx => {
      const issue = issueOf(ctx)
      const body = optionalString(ctx, 'body')
      if (body !== undefined) checkBodyLength('Issue', body)
      const state = stateOf(ctx)
      const now = ctx.now()
      issue.title = optionalString(ctx, 'title') ?? issue.title
      issue.body = body ?? issue.body
      issue.labels = labelsOf(ctx) ?? issue.labels
      if (state !== undefined && state !== issue.state) {
        issue.state = state
        issue.closedAt = state === 'closed' ? now : null
        issue.stateReason =
          state === 'closed' ? (optionalString(ctx, 'state_reason') ?? 'completed') : 'reopened'
      }
      issue.updatedAt = now
      return { status: 200, body: render(ctx, issue) }
    }
  }
]
