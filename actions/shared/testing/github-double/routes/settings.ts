import type { BranchPolicy, Environment, Protection, Rule } from '../../../repo/doctor.js'
import { HttpError, notFound, repoOf, type Route } from '../http.js'

/**
 * A repository's settings as `elm-infra doctor` reads them (actions/shared/repo/doctor.ts names
 * each endpoint). Seed `state.settings[repo]` with answers typed by @octokit/openapi-types.
 */
export interface StoredSettings {
  /** Branch → its protection; absent: 404 "Branch not protected". */
  protection?: Record<string, Protection>
  /** Set: the protection endpoint answers 403 (a token without administration: read). */
  protectionForbidden?: boolean
  /** Branch → the ruleset rules that apply to it. */
  rules?: Record<string, Rule[]>
  environments?: Array<{ environment: Environment; policies: BranchPolicy[] }>
  /** Repository files by path (the default branch's), e.g. .github/CODEOWNERS. */
  files?: Record<string, string>
}

const DOCS = 'https://docs.github.com/rest'
const settingsOf = (ctx: Parameters<Route['handle']>[0]): StoredSettings =>
  ctx.state.settings[repoOf(ctx)] ?? {}

const contentRoute = (path: string): Route => ({
  method: 'GET',
  pattern: `/repos/:owner/:repo/contents/${path}`,
  docs: `${DOCS}/repos/contents#get-repository-content`,
  handle: ctx => {
    const text = settingsOf(ctx).files?.[path]
    if (text === undefined) throw notFound()
    const name = path.split('/').at(-1) ?? path
    return {
      status: 200,
      body: {
        type: 'file',
        encoding: 'base64',
        name,
        path,
        size: text.length,
        content: Buffer.from(text).toString('base64')
      }
    }
  }
})

export const settingsRoutes: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/repos/:owner/:repo/branches/:branch/protection',
    docs: `${DOCS}/branches/branch-protection#get-branch-protection`,
    handle: ctx => {
      const s = settingsOf(ctx)
      if (s.protectionForbidden) throw new HttpError(403, 'Resource not accessible by integration')
      const p = s.protection?.[ctx.params['branch'] ?? '']
      if (!p) throw new HttpError(404, 'Branch not protected')
      return { status: 200, body: p }
    }
  },
  {
    method: 'GET',
    pattern: '/repos/:owner/:repo/rules/branches/:branch',
    docs: `${DOCS}/repos/rules#get-rules-for-a-branch`,
    handle: ctx => ({
      status: 200,
      body: settingsOf(ctx).rules?.[ctx.params['branch'] ?? ''] ?? []
    })
  },
  {
    method: 'GET',
    pattern: '/repos/:owner/:repo/environments',
    docs: `${DOCS}/deployments/environments#list-environments`,
    handle: ctx => {
      const envs = (settingsOf(ctx).environments ?? []).map(e => e.environment)
      return { status: 200, body: { total_count: envs.length, environments: envs } }
    }
  },
  {
    method: 'GET',
    pattern: '/repos/:owner/:repo/environments/:env/deployment-branch-policies',
    docs: `${DOCS}/deployments/branch-policies#list-deployment-branch-policies`,
    handle: ctx => {
      const found = (settingsOf(ctx).environments ?? []).find(
        e => e.environment.name === ctx.params['env']
      )
      if (!found) throw notFound()
      return {
        status: 200,
        body: { total_count: found.policies.length, branch_policies: found.policies }
      }
    }
  },
  contentRoute('.github/CODEOWNERS'),
  contentRoute('CODEOWNERS'),
  contentRoute('docs/CODEOWNERS')
]
