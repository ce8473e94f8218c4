import { hiddenMarker } from '../markdown.js'
import { fitCommentBody } from './limits.js'
import { GitHubApiError } from './github-error.js'
import type { GitHubClient } from './octokit.js'
import { DEFAULT_TRUSTED_BOT, isTrustedAuthor } from './trusted-bot.js'
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
 * Finds our comment on any page of the issue or PR: its body starts with the marker AND exactly the
 * trusted bot wrote it (trusted-bot.ts: default github-actions[bot], the workflow token's identity).
 * Anyone can post a comment that starts with our marker, another GitHub App included; such a
 * comment is never updated, and never trusted as a record.
 */
export async function findStickyComment(
  octokit: GitHubClient,
  repo: RepoRef,
  issueNumber: number,
  marker: string,
  trustedBot: string = DEFAULT_TRUSTED_BOT
): Promise<{ id: number; body: string; html_url: string } | undefined> {
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
    ...repo,
    issue_number: issueNumber,
    per_page: 100
  })
  for await (const page of pages) {
    const found = page.data.find(
      c => isTrustedAuthor(c, trustedBot) && (c.body ?? '').startsWith(marker)
    )
    if (found) return { id: found.id, body: found.body ?? '', html_url: found.html_url }
  }
  return undefined
}

/** 404 or 410: the comment was deleted (or never was). */
export const isGone = (error: unknown): boolean =>
  error instanceof GitHubApiError && (error.status === 404 || error.status === 410)

export interface StickyOptions {
  readonly runUrl: string
  /** Whose comment is ours (default github-actions[bot]). */
  readonly trustedBot?: string
}

/**
 * One comment per (issue/PR, marker): created once, then updated in place; never over the limit.
 * The comment found may be gone by the time it is edited (a maintainer deleted it, another run
 * replaced it): GitHub then answers the PATCH with 404 (docs.github.com/rest/issues/comments
 * #update-an-issue-comment lists 404 "Resource not found"), and we list once more and update the
 * comment found then, or create one — never fail, never leave two.
 */
export function createStickyComments(
  octokit: GitHubClient,
  repo: RepoRef,
  options: StickyOptions
): StickyComments {
  const trustedBot = options.trustedBot ?? DEFAULT_TRUSTED_BOT
  const create = async (issueNumber: number, body: string): Promise<StickyResult> => {
    const { data } = await octokit.rest.issues.createComment({
      ...repo,
      issue_number: issueNumber,
      body
    })
    return { id: data.id, url: data.html_url, created: true }
  }
  const update = async (id: number, body: string): Promise<StickyResult | undefined> => {
    try {
      const { data } = await octokit.rest.issues.updateComment({ ...repo, comment_id: id, body })
      return { id: data.id, url: data.html_url, created: false }
    } catch (error) {
      if (isGone(error)) return undefined
      throw error
    }
  }
  return {
    async upsert(issueNumber, markerOrId, body) {
      const marker = normaliseMarker(markerOrId)
      const fitted = fitCommentBody(stickyBody(marker, body), { runUrl: options.runUrl })
      const find = (): ReturnType<typeof findStickyComment> =>
        findStickyComment(octokit, repo, issueNumber, marker, trustedBot)
      const existing = await find()
      if (existing && existing.body === fitted) {
        return { id: existing.id, url: existing.html_url, created: false }
      }
      if (!existing) return create(issueNumber, fitted)
      const updated = await update(existing.id, fitted)
      if (updated) return updated
      // Gone between the list and the edit: list once more (another run may have made a new one).
      const again = await find()
      if (again && again.id !== existing.id) {
        if (again.body === fitted) return { id: again.id, url: again.html_url, created: false }
        const second = await update(again.id, fitted)
        if (second) return second
      }
      return create(issueNumber, fitted)
    },
    async updateIfPresent(issueNumber, markerOrId, body) {
      const marker = normaliseMarker(markerOrId)
      const fitted = fitCommentBody(stickyBody(marker, body), { runUrl: options.runUrl })
      const existing = await findStickyComment(octokit, repo, issueNumber, marker, trustedBot)
      if (!existing) return undefined
      if (existing.body === fitted) return { id: existing.id, url: existing.html_url }
      // Deleted since the list: nothing to correct any more.
      const updated = await update(existing.id, fitted)
      return updated ? { id: updated.id, url: updated.url } : undefined
    }
  }
}

type StickyResult = CommentRef & { created: boolean }
