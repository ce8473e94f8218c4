import {
  checkBodyLength,
  notFound,
  numberParam,
  paginate,
  repoOf,
  requireString,
  validationFailed,
  type Route,
  type RouteContext
} from '../http.js'
import { renderComment, renderReaction } from '../render.js'
import { nextId, type StoredComment } from '../state.js'

/** Issue and PR comments, and reactions on them. */

const DOCS = 'https://docs.github.com/rest/issues/comments'
const REACTIONS = ['+1', '-1', 'laugh', 'confused', 'heart', 'hooray', 'rocket', 'eyes']

/** The issue or PR in the path, which must exist; says which it is. */
export function issueOrPull(ctx: RouteContext): { repo: string; number: number; isPull: boolean } {
  const repo = repoOf(ctx)
  const number = numberParam(ctx, 'number')
  const isPull = ctx.state.pulls.some(p => p.repo === repo && p.number === number)
  if (!isPull && !ctx.state.issues.some(i => i.repo === repo && i.number === number)) {
    throw notFound()
  }
  return { repo, number, isPull }
}

function render(ctx: RouteContext, c: StoredComment): unknown {
  const isPull = ctx.state.pulls.some(p => p.repo === c.repo && p.number === c.issueNumber)
  return renderComment(ctx.api, c, isPull)
}

function commentOf(ctx: RouteContext): StoredComment {
  const repo = repoOf(ctx)
  const id = numberParam(ctx, 'id')
  const comment = ctx.state.comments.find(c => c.id === id && c.repo === repo)
  if (!comment) throw notFound()
  return comment
}

export const commentRoutes: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/repos/:owner/:repo/issues/:number/comments',
    docs: `${DOCS}#list-issue-comments`,
    handle: ctx => {
      const { repo, number } = issueOrPull(ctx)
      const since = ctx.query.get('since')
      const comments = ctx.state.comments
        .filter(c => c.repo === repo && c.issueNumber === number)
        .filter(c => since === null || c.updatedAt >= since)
        .sort((a, b) => a.id - b.id)
      return paginate(ctx, comments, c => render(ctx, c))
    }
  },
  {
    method: 'POST',
    pattern: '/repos/:owner/:repo/issues/:number/comments',
    docs: `${DOCS}#create-an-issue-comment`,
    handle: ctx => {
      const { repo, number } = issueOrPull(ctx)
      const body = requireString(ctx, 'IssueComment', 'body')
      checkBodyLength('IssueComment', body)
      const now = ctx.now()
      const comment: StoredComment = {
        id: nextId(ctx.state),
        repo,
        issueNumber: number,
        body,
        user: ctx.login,
        createdAt: now,
        updatedAt: now
      }
      ctx.state.comments.push(comment)
      return { status: 201, body: render(ctx, comment) }
    }
  },
  {
    method: 'GET',
    pattern: '/repos/:owner/:repo/issues/comments/:id',
    docs: `${DOCS}#get-an-issue-comment`,
    handle: ctx => ({ status: 200, body: render(ctx, commentOf(ctx)) })
  },
  {
    method: 'PATCH',
    pattern: '/repos/:owner/:repo/issues/comments/:id',
    docs: `${DOCS}#update-an-issue-comment`,
    handle: ctx => {
      const comment = commentOf(ctx)
      const body = requireString(ctx, 'IssueComment', 'body')
      checkBodyLength('IssueComment', body)
      comment.body = body
      comment.updatedAt = ctx.now()
      return { status: 200, body: render(ctx, comment) }
    }
  },
  {
    method: 'DELETE',
    pattern: '/repos/:owner/:repo/issues/comments/:id',
    docs: `${DOCS}#delete-an-issue-comment`,
    handle: ctx => {
      const comment = commentOf(ctx)
      ctx.state.comments = ctx.state.comments.filter(c => c !== comment)
      return { status: 204 }
    }
  },
  {
    method: 'POST',
    pattern: '/repos/:owner/:repo/issues/comments/:id/reactions',
    docs: 'https://docs.github.com/rest/reactions/reactions#create-reaction-for-an-issue-comment',
    handle: ctx => {
      const comment = commentOf(ctx)
      const content = requireString(ctx, 'Reaction', 'content')
      if (!REACTIONS.includes(content)) {
        throw validationFailed([{ resource: 'Reaction', code: 'invalid', field: 'content' }])
      }
      const same = ctx.state.reactions.find(
        r => r.commentId === comment.id && r.content === content && r.user === ctx.login
      )
      if (same) return { status: 200, body: renderReaction(same) }
      const reaction = {
        id: nextId(ctx.state),
        commentId: comment.id,
        content,
        user: ctx.login,
        createdAt: ctx.now()
      }
      ctx.state.reactions.push(reaction)
      return { status: 201, body: renderReaction(reaction) }
    }
  },
  {
    method: 'GET',
    pattern: '/repos/:owner/:repo/issues/comments/:id/reactions',
    docs: 'https://docs.github.com/rest/reactions/reactions#list-reactions-for-an-issue-comment',
    handle: ctx => {
      const comment = commentOf(ctx)
      const content = ctx.query.get('content')
      const reactions = ctx.state.reactions.filter(
        r => r.commentId === comment.id && (content === null || r.content === content)
      )
      return paginate(ctx, reactions, renderReaction)
    }
  }
]
