import { hiddenMarker } from '../markdown.js'
import { fitCommentBody } from './limits.js'
import type { GitHubClient } from './octokit.js'
import type { CommentRef, RepoRef, StickyComments } from './ports.js'

/** Accepts a full marker (`<!-- elm-infra:x -->`) or just its id (`x`). */
export function normaliseMarker(marker: string): string {
  return marker.startsWith('<!--') ? marker : hiddenMarker(marker)
}

/** Our body always starts with the marker line, whatever the caller passed. */
export function stickyBody(marker: string, body: string): string {
  const rest = body.split(marker).join('').replace(/^\n+/, '')
  return `${marker}\n${rest}`
}

/**
 * Finds our comment on any page of the issue or PR: its body starts with the marker AND a bot wrote
 * it (the workflow token's identity, github-actions[bot]). Anyone can post a comment that starts
 * with our marker; such a forgery is never updated, and never trusted as a record.
 */
export async function findStickyComment(
  octokit: GitHubClient,
  repo: RepoRef,
  issueNumber: number,
  marker: string
): Promise<{ id: number; body: string; html_url: string } | undefined> {
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
    ...repo,
    issue_number: issueNumber,
    per_page: 100
  })
  for await (const page of pages) {
    const found = page.data.find(c => c.user?.type === 'Bot' && (c.body ?? '').startsWith(marker))
    if (found) return { id: found.id, body: found.body ?? '', html_url: found.html_url }
  }
  return undefined
}

/** One comment per (issue/PR, marker): created once, then updated in place; never over the limit. */
export function createStickyComments(
  octokit: GitHubClient,
  repo: RepoRef,
  options: { readonly runUrl: string }
): StickyComments {
  return {
    async upsert(issueNumber, markerOrId, body) {
      const marker = normaliseMarker(markerOrId)
      const fitted = fitCommentBody(stickyBody(marker, body), { runUrl: options.runUrl })
      const existing = await findStickyComment(octokit, repo, issueNumber, marker)
      if (existing && existing.body === fitted) {
        return { id: existing.id, url: existing.html_url, created: false }
      }
      if (existing) {
        const { data } = await octokit.rest.issues.updateComment({
          ...repo,
          comment_id: existing.id,
          body: fitted
        })
        return { id: data.id, url: data.html_url, created: false }
      }
      const { data } = await octokit.rest.issues.createComment({
        ...repo,
        issue_number: issueNumber,
        body: fitted
      })
      return { id: data.id, url: data.html_url, created: true } satisfies CommentRef & {
        created: boolean
      }
    }
  }
}
