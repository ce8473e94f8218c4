import { fitCommentBody } from './limits.js'
import type { GitHubClient } from './octokit.js'
import type { IssueRef, Issues, RepoRef } from './ports.js'
import { DEFAULT_TRUSTED_BOT, isTrustedAuthor } from './trusted-bot.js'

interface IssueData {
  readonly number: number
  readonly html_url: string
  readonly state: string
  readonly body?: string | null
  readonly pull_request?: unknown
  readonly labels?: readonly (string | { readonly name?: string | null })[]
  readonly user?: { readonly login?: string | null; readonly type?: string | null } | null
}

function toIssueRef(issue: IssueData): IssueRef {
  return {
    number: issue.number,
    url: issue.html_url,
    state: issue.state === 'closed' ? 'closed' : 'open',
    body: issue.body ?? '',
    labels: (issue.labels ?? []).flatMap(l =>
      typeof l === 'string' ? [l] : l.name ? [l.name] : []
    )
  }
}

/**
 * Issues found by label and hidden marker (open first, then the newest closed one), opened by the
 * trusted bot only: anyone who may open issues can add our label and marker to one of theirs.
 */
export function createIssues(
  octokit: GitHubClient,
  repo: RepoRef,
  options: { readonly runUrl: string; readonly trustedBot?: string }
): Issues {
  const trustedBot = options.trustedBot ?? DEFAULT_TRUSTED_BOT
  const fit = (body: string): string => fitCommentBody(body, { runUrl: options.runUrl })
  return {
    async findByMarker(label, marker) {
      const all = await octokit.paginate(octokit.rest.issues.listForRepo, {
        ...repo,
        labels: label,
        state: 'all',
        sort: 'created',
        direction: 'desc',
        per_page: 100
      })
      const ours = all.filter(
        i => !i.pull_request && isTrustedAuthor(i, trustedBot) && (i.body ?? '').includes(marker)
      )
      const found = ours.find(i => i.state === 'open') ?? ours[0]
      return found ? toIssueRef(found) : undefined
    },
    async findOurs(marker) {
      // `creator` narrows the listing on GitHub (REST "List repository issues"); the author is
      // checked again here, so a listing that ignores it cannot hand us someone else's issue.
      const all = await octokit.paginate(octokit.rest.issues.listForRepo, {
        ...repo,
        creator: trustedBot,
        state: 'all',
        sort: 'created',
        direction: 'desc',
        per_page: 100
      })
      const ours = all.filter(
        i => !i.pull_request && isTrustedAuthor(i, trustedBot) && (i.body ?? '').includes(marker)
      )
      const found = ours.find(i => i.state === 'open') ?? ours[0]
      return found ? toIssueRef(found) : undefined
    },
    async create(input) {
      const { data } = await octokit.rest.issues.create({
        ...repo,
        title: input.title,
        body: fit(input.body),
        labels: [...input.labels]
      })
      return toIssueRef(data)
    },
    async update(issueNumber, input) {
      const { data } = await octokit.rest.issues.update({
        ...repo,
        issue_number: issueNumber,
        ...(input.body === undefined ? {} : { body: fit(input.body) }),
        ...(input.state === undefined ? {} : { state: input.state }),
        ...(input.labels === undefined ? {} : { labels: [...input.labels] })
      })
      return toIssueRef(data)
    },
    async comment(issueNumber, body) {
      const { data } = await octokit.rest.issues.createComment({
        ...repo,
        issue_number: issueNumber,
        body: fit(body)
      })
      return { id: data.id, url: data.html_url }
    }
  }
}
