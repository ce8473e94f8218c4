import { fitCommentBody } from './limits.js'
import type { GitHubClient } from './octokit.js'
import type { Comments, ReactionContent, Reactions, RepoRef } from './ports.js'

/** Plain comments, fitted to GitHub's limit. */
export function createComments(
  octokit: GitHubClient,
  repo: RepoRef,
  options: { readonly runUrl: string }
): Comments {
  const fit = (body: string): string => fitCommentBody(body, { runUrl: options.runUrl })
  return {
    async create(issueNumber, body) {
      const { data } = await octokit.rest.issues.createComment({
        ...repo,
        issue_number: issueNumber,
        body: fit(body)
      })
      return { id: data.id, url: data.html_url }
    },
    async update(commentId, body) {
      const { data } = await octokit.rest.issues.updateComment({
        ...repo,
        comment_id: commentId,
        body: fit(body)
      })
      return { id: data.id, url: data.html_url }
    }
  }
}

/** Reactions on issue comments; adding one that exists is a no-op (GitHub answers 200). */
export function createReactions(octokit: GitHubClient, repo: RepoRef): Reactions {
  return {
    async addToComment(commentId: number, content: ReactionContent) {
      await octokit.rest.reactions.createForIssueComment({
        ...repo,
        comment_id: commentId,
        content
      })
    }
  }
}
