import { HttpError, notFound, numberParam, paginate, repoOf, type Route } from '../http.js'
import { renderPermission } from '../render-permission.js'
import { renderPull, renderPullSimple } from '../render.js'

/** Collaborator permission, pull requests, and the pulls associated with a commit. */

export const repositoryRoutes: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/repos/:owner/:repo/collaborators/:user/permission',
    docs: 'https://docs.github.com/rest/collaborators/collaborators#get-repository-permissions-for-a-user',
    handle: ctx => {
      const repo = repoOf(ctx)
      const login = ctx.params['user'] ?? ''
      // The caller needs push access to ask (GitHub's wording for a read-only token).
      if (ctx.state.readOnlyLogins.includes(ctx.login)) {
        throw new HttpError(403, 'Must have push access to view collaborator permission.')
      }
      const explicit = ctx.state.permissions[repo]?.[login]
      // On a public repository everyone can read: an outsider answers 200 `read`, not 404.
      const role = explicit ?? (ctx.state.publicRepos.includes(repo) ? 'read' : undefined)
      if (role === undefined) throw notFound()
      return { status: 200, body: renderPermission(login, role) }
    }
  },
  {
    method: 'GET',
    pattern: '/repos/:owner/:repo/pulls/:number',
    docs: 'https://docs.github.com/rest/pulls/pulls#get-a-pull-request',
    handle: ctx => {
      const repo = repoOf(ctx)
      const number = numberParam(ctx, 'number')
      const pull = ctx.state.pulls.find(p => p.repo === repo && p.number === number)
      if (!pull) throw notFound()
      return { status: 200, body: renderPull(ctx.api, pull) }
    }
  },
  {
    method: 'GET',
    pattern: '/repos/:owner/:repo/commits/:sha/pulls',
    docs: 'https://docs.github.com/rest/commits/commits#list-pull-requests-associated-with-a-commit',
    handle: ctx => {
      const repo = repoOf(ctx)
      const sha = ctx.params['sha'] ?? ''
      const pulls = ctx.state.pulls.filter(
        p => p.repo === repo && (p.mergeCommitSha === sha || p.commits.includes(sha))
      )
      if (pulls.length === 0 && !(ctx.state.commits[repo] ?? []).includes(sha)) {
        throw new HttpError(422, `No commit found for SHA: ${sha}`)
      }
      pulls.sort((a, b) => b.number - a.number)
      // commits/{sha}/pulls answers pull-request-simple: no `merged` flag, only merged_at.
      return paginate(ctx, pulls, p => renderPullSimple(ctx.api, p))
    }
  }
]
