import type { StoredSettings } from './routes/settings.js'
import type { RepoPermission } from '../../github/ports.js'

/**
 * The double's world: plain records a test can seed or inspect directly. Responses are rendered
 * from these in GitHub's JSON shape (see render.ts), so tests never build API JSON by hand.
 */

export interface StoredComment {
  id: number
  repo: string
  issueNumber: number
  body: string
  user: string
  createdAt: string
  updatedAt: string
}

export interface StoredIssue {
  repo: string
  number: number
  title: string
  body: string | null
  state: 'open' | 'closed'
  stateReason: string | null
  labels: string[]
  user: string
  createdAt: string
  updatedAt: string
  closedAt: string | null
}

export interface StoredPull {
  repo: string
  number: number
  title: string
  body: string | null
  state: 'open' | 'closed'
  merged: boolean
  mergeCommitSha: string | null
  headRef: string
  headSha: string
  baseRef: string
  /** Shas of the PR's own commits (listed by `commits/{sha}/pulls` too). */
  commits: string[]
  user: string
  createdAt: string
  mergedAt: string | null
}

export interface StoredReaction {
  id: number
  commentId: number
  content: string
  user: string
  createdAt: string
}

export interface StoredDeployment {
  id: number
  repo: string
  ref: string
  sha: string
  task: string
  environment: string
  description: string | null
  payload: unknown
  transientEnvironment: boolean
  productionEnvironment: boolean
  /** Recorded as sent, so tests can assert on them (GitHub's defaults apply when absent). */
  autoMerge: boolean | undefined
  requiredContexts: string[] | undefined
  creator: string
  createdAt: string
}

export interface StoredDeploymentStatus {
  id: number
  deploymentId: number
  state: string
  description: string
  logUrl: string
  environmentUrl: string
  environment: string
  creator: string
  createdAt: string
}

export interface StoredPackageVersion {
  id: number
  name: string
  tags: string[]
  createdAt: string
  deleted?: boolean
}

export interface StoredPackage {
  owner: string
  ownerKind: 'orgs' | 'users'
  name: string
  versions: StoredPackageVersion[]
  /** False: the token may not read it; GitHub then answers 404 as for a missing package. */
  readable?: boolean
}

export interface DoubleState {
  /** `owner/repo` names that exist; anything else is 404. */
  repos: string[]
  /** token → login. Empty: any token is accepted as `github-actions[bot]`. */
  tokens: Record<string, string>
  /**
   * Public repositories: there an outsider's permission is 200 `read`, not 404
   * (docs.github.com/rest/collaborators/collaborators#get-repository-permissions-for-a-user).
   */
  publicRepos: string[]
  /** Logins whose token lacks push access: permission lookups answer 403 "Must have push access…". */
  readOnlyLogins: string[]
  /** `owner/repo` → commit status contexts that failed: a deployment requiring them answers 409. */
  failingContexts: Record<string, string[]>
  /** `owner/repo` → refs behind the default branch: a deployment with auto_merge answers 202. */
  behindRefs: Record<string, string[]>
  /**
   * Page links as GitHub writes them for repository listings: `/repositories/{id}/…` (default)
   * or `/repos/{owner}/{repo}/…`.
   */
  linkStyle: 'repositories' | 'repos'
  /** `owner/repo` → login → role. Absent users are not collaborators (404). */
  permissions: Record<string, Record<string, RepoPermission>>
  /** Shas known to exist per `owner/repo` besides those of pull requests. */
  commits: Record<string, string[]>
  comments: StoredComment[]
  issues: StoredIssue[]
  pulls: StoredPull[]
  reactions: StoredReaction[]
  deployments: StoredDeployment[]
  deploymentStatuses: StoredDeploymentStatus[]
  packages: StoredPackage[]
  /** `owner/repo` → its settings (routes/settings.ts, read by `elm-infra doctor`). */
  settings: Record<string, StoredSettings>
  rateLimit: { limit: number; remaining: number; resetAt: number }
  nextId: number
}

export const DEFAULT_REPO = 'elm/elm-infra'
export const ACTIONS_BOT = 'github-actions[bot]'

/** A fresh world with one repository and a full rate limit. */
export function createState(now = Date.now()): DoubleState {
  return {
    repos: [DEFAULT_REPO],
    publicRepos: [],
    readOnlyLogins: [],
    failingContexts: {},
    behindRefs: {},
    linkStyle: 'repositories',
    tokens: {},
    permissions: {},
    commits: {},
    comments: [],
    issues: [],
    pulls: [],
    reactions: [],
    deployments: [],
    deploymentStatuses: [],
    packages: [],
    settings: {},
    rateLimit: { limit: 5000, remaining: 5000, resetAt: Math.ceil(now / 1000) + 3600 },
    nextId: 1000
  }
}

/** A repository's numeric id, stable for its name (GitHub's `repository.id`). */
export function repoId(state: DoubleState, repo: string): number {
  return 100_000 + state.repos.indexOf(repo)
}

/** Hands out ids the way GitHub does: unique across the whole world, increasing. */
export function nextId(state: DoubleState): number {
  state.nextId += 1
  return state.nextId
}

/** The next issue/PR number in a repository (they share one sequence). */
export function nextNumber(state: DoubleState, repo: string): number {
  const numbers = [...state.issues, ...state.pulls].filter(i => i.repo === repo).map(i => i.number)
  return Math.max(0, ...numbers) + 1
}
