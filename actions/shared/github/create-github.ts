import type { Logger, SecretMasker } from '../ports.js'
import { createCollaborators } from './collaborators.js'
import { createComments, createReactions } from './comments.js'
import { githubContext, type GitHubContext } from './context.js'
import { createDeployments } from './deployments.js'
import { createIssues } from './issues.js'
import { createOctokit, type GitHubClient, type GitHubTiming } from './octokit.js'
import type {
  Collaborators,
  Comments,
  Deployments,
  Issues,
  PullRequests,
  Reactions,
  StickyComments
} from './ports.js'
import { createPullRequests } from './pull-requests.js'
import { createStickyComments } from './sticky-comments.js'
import { trustedBotFrom } from './trusted-bot.js'

/** Every GitHub port, over one Octokit, for the repository the action runs in. */
export interface GitHub {
  readonly context: GitHubContext
  /** The login whose comments and issues are ours (trusted-bot.ts). */
  readonly trustedBot: string
  readonly octokit: GitHubClient
  readonly stickyComments: StickyComments
  readonly comments: Comments
  readonly reactions: Reactions
  readonly deployments: Deployments
  readonly issues: Issues
  readonly collaborators: Collaborators
  readonly pullRequests: PullRequests
}

export interface CreateGitHubDeps {
  readonly token: string
  /** Default process.env: GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_SERVER_URL, GITHUB_RUN_ID. */
  readonly env?: Readonly<Record<string, string | undefined>>
  readonly log?: Logger
  readonly masker?: SecretMasker
  readonly timing?: GitHubTiming
  /** Whose comments and issues are ours; default: the `trusted-bot` input, ELM_INFRA_TRUSTED_BOT, github-actions[bot]. */
  readonly trustedBot?: string
  /** Use this client instead of building one (tests, or a second repository). */
  readonly octokit?: GitHubClient
}

/** Builds all ports for the current repository (GITHUB_REPOSITORY) over a retrying Octokit. */
export function createGitHub(deps: CreateGitHubDeps): GitHub {
  const env = deps.env ?? process.env
  const context = githubContext(env)
  const trustedBot = deps.trustedBot ?? trustedBotFrom(env)
  const octokit =
    deps.octokit ??
    createOctokit({
      token: deps.token,
      baseUrl: context.apiUrl,
      env,
      ...(deps.log ? { log: deps.log } : {}),
      ...(deps.masker ? { masker: deps.masker } : {}),
      ...(deps.timing ? { timing: deps.timing } : {})
    })
  const repo = { owner: context.owner, repo: context.repo }
  const runUrl = { runUrl: context.runUrl }
  const ours = { ...runUrl, trustedBot }
  return {
    context,
    trustedBot,
    octokit,
    stickyComments: createStickyComments(octokit, repo, ours),
    comments: createComments(octokit, repo, runUrl),
    reactions: createReactions(octokit, repo),
    deployments: createDeployments(octokit, repo),
    issues: createIssues(octokit, repo, ours),
    collaborators: createCollaborators(octokit, repo),
    pullRequests: createPullRequests(octokit, repo)
  }
}
