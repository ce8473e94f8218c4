import { parseDeployCommand } from './command.js'
import { type IssueCommentEvent, readIssueCommentEvent } from './event.js'

/** What to do with a webhook event; service and version only for deploy, a reason otherwise. */
export type Decision =
  | { readonly decision: 'deploy'; readonly service: string; readonly version: string }
  | { readonly decision: 'reject'; readonly reason: string }
  | { readonly decision: 'ignore'; readonly reason: string }

function ignore(reason: string): Decision {
  return { decision: 'ignore', reason }
}

/** Whether an account is a bot: GitHub's type, or the `[bot]` suffix of app logins. */
function isBot(comment: IssueCommentEvent): boolean {
  return comment.authorType !== 'User' || comment.author.endsWith('[bot]')
}

/** Decides on an already-read comment: only new comments by users on pull requests count. */
export function decideOnComment(
  comment: IssueCommentEvent,
  serviceNames: readonly string[]
): Decision {
  if (comment.action !== 'created') {
    return ignore(`the comment was ${comment.action}, not created: only new comments are commands`)
  }
  if (!comment.onPullRequest) {
    return ignore(`#${comment.issueNumber} is an issue, not a pull request`)
  }
  if (isBot(comment)) {
    return ignore(`the comment is by ${comment.author} (${comment.authorType}), not a user`)
  }
  const parsed = parseDeployCommand(comment.body, serviceNames)
  switch (parsed.kind) {
    case 'deploy':
      return { decision: 'deploy', service: parsed.service, version: parsed.version }
    case 'rejected':
      return { decision: 'reject', reason: parsed.reason }
    case 'not-a-command':
      return ignore(parsed.reason)
  }
}

/**
 * Decides on any webhook payload. `eventName` (GITHUB_EVENT_NAME) is checked when given;
 * otherwise an issue_comment is recognised by its `issue` and `comment` objects (event.ts).
 */
export function decide(
  payload: unknown,
  serviceNames: readonly string[],
  eventName?: string
): Decision {
  if (eventName !== undefined && eventName !== 'issue_comment') {
    return ignore(`the event is ${eventName}, not issue_comment`)
  }
  const reading = readIssueCommentEvent(payload)
  return reading.ok ? decideOnComment(reading.event, serviceNames) : ignore(reading.reason)
}
