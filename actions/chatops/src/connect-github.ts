import { createGitHub } from '../../shared/github/create-github.js'
import type { GitHubTiming } from '../../shared/github/octokit.js'
import type { RepoRef } from '../../shared/github/ports.js'
import type { Logger, SecretMasker } from '../../shared/ports.js'
import type { ChatopsGitHub } from './deps.js'

export interface ConnectOptions {
  readonly env: Readonly<Record<string, string | undefined>>
  readonly log?: Logger
  readonly masker?: SecretMasker
  /** Tests shrink the waits; the defaults follow GitHub's advice. */
  readonly timing?: GitHubTiming
  /** Whose deployment statuses are ours; default github-actions[bot]. */
  readonly trustedBot?: string
}

/** The GitHub ports chatops uses, over one retrying Octokit for `repo`. */
export function connectGitHub(
  token: string,
  repo: RepoRef,
  options: ConnectOptions
): ChatopsGitHub {
  const github = createGitHub({
    token,
    env: { ...options.env, GITHUB_REPOSITORY: `${repo.owner}/${repo.repo}` },
    ...(options.log ? { log: options.log } : {}),
    ...(options.masker ? { masker: options.masker } : {}),
    ...(options.timing ? { timing: options.timing } : {}),
    ...(options.trustedBot ? { trustedBot: options.trustedBot } : {})
  })
  return {
    comments: github.comments,
    reactions: github.reactions,
    collaborators: github.collaborators,
    latestDeploymentStatus: async id => {
      // GitHub lists a deployment's statuses newest first; only the trusted bot's are ours
      // (anyone with write access can add a status to a deployment).
      const { data } = await github.octokit.rest.repos.listDeploymentStatuses({
        ...repo,
        deployment_id: id,
        per_page: 10
      })
      const ours = data.find(s => s.creator?.login === github.trustedBot)
      return ours?.description ?? undefined
    }
  }
}
