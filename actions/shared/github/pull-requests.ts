import type { GitHubClient } from './octokit.js'
import type { PullRequests, RepoRef } from './ports.js'

/** The merged PR for a commit: the one whose merge commit it is, else any merged one containing it. */
export function createPullRequests(octokit: GitHubClient, repo: RepoRef): PullRequests {
  return {
    async findMergedFor(sha) {
      const pulls = await octokit.paginate(
        octokit.rest.repos.listPullRequestsAssociatedWithCommit,
        {
          ...repo,
          commit_sha: sha,
          per_page: 100
        }
      )
      const merged = pulls.filter(p => p.merged_at !== null)
      return (merged.find(p => p.merge_commit_sha === sha) ?? merged[0])?.number
    }
  }
}
