import type { GitHubClient } from '../../shared/github/octokit.js'
import type { RepoRef } from '../../shared/github/ports.js'

/**
 * The body of the first comment on an issue or PR that starts with `marker` AND was written by a
 * bot (the workflow token's identity). Anyone can post a comment starting with our marker; only
 * a bot's comment can be the reviewed plan, so a forged record is never trusted.
 */
export async function readBotComment(
  octokit: GitHubClient,
  repo: RepoRef,
  issueNumber: number,
  marker: string
): Promise<string | undefined> {
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
    ...repo,
    issue_number: issueNumber,
    per_page: 100
  })
  for await (const page of pages) {
    const found = page.data.find(
      c => c.user?.type === 'Bot' && (c.body ?? '').startsWith(marker)
    )
    if (found) return found.body ?? ''
  }
  return undefined
}
