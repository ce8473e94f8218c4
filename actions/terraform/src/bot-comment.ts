import type { GitHubClient } from '../../shared/github/octokit.js'
import type { RepoRef } from '../../shared/github/ports.js'
import { findStickyComment } from '../../shared/github/sticky-comments.js'

/**
 * The body of our comment on an issue or PR that starts with `marker`; only a bot's comment counts
 * (see findStickyComment), so a forged plan record is never trusted.
 */
export async function readBotComment(
  octokit: GitHubClient,
  repo: RepoRef,
  issueNumber: number,
  marker: string,
  trustedBot?: string
): Promise<string | undefined> {
  return (await findStickyComment(octokit, repo, issueNumber, marker, trustedBot))?.body
}
