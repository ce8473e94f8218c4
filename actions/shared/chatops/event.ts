/**
 * The trust boundary for webhook payloads: an `unknown` JSON value becomes an IssueCommentEvent
 * (only the fields ChatOps reads), or a reason why it is not one.
 */

export interface IssueCommentEvent {
  readonly action: string
  /** True when the issue is a pull request (`issue.pull_request` is present). */
  readonly onPullRequest: boolean
  readonly issueNumber: number
  readonly commentId: number
  readonly body: string
  readonly author: string
  /** GitHub's account type: 'User', 'Bot', 'Organization'… */
  readonly authorType: string
  /** owner/repo from `repository.full_name`, when the payload carries it. */
  readonly repository?: string
}

export type EventReading =
  | { readonly ok: true; readonly event: IssueCommentEvent }
  | { readonly ok: false; readonly reason: string }

type Json = Readonly<Record<string, unknown>>

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function field<T>(record: Json, key: string, guard: (v: unknown) => v is T): T | undefined {
  const value = record[key]
  return guard(value) ? value : undefined
}

const isString = (v: unknown): v is string => typeof v === 'string'
// Number.isSafeInteger is false for anything but a number, so no typeof test is needed.
const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0

/** Reads an issue_comment payload, checking the type of every field used. */
export function readIssueCommentEvent(payload: unknown): EventReading {
  if (!isRecord(payload)) return { ok: false, reason: 'the event payload is not a JSON object' }
  const issue = payload['issue']
  const comment = payload['comment']
  if (!isRecord(issue) || !isRecord(comment)) {
    return { ok: false, reason: 'the event is not an issue comment (no issue or comment object)' }
  }
  const user = comment['user']
  const action = field(payload, 'action', isString)
  const issueNumber = field(issue, 'number', isId)
  const commentId = field(comment, 'id', isId)
  const body = comment['body'] === null ? '' : field(comment, 'body', isString)
  const author = isRecord(user) ? field(user, 'login', isString) : undefined
  const authorType = isRecord(user) ? field(user, 'type', isString) : undefined
  if (
    action === undefined ||
    issueNumber === undefined ||
    commentId === undefined ||
    body === undefined ||
    author === undefined ||
    authorType === undefined
  ) {
    const fields = {
      action,
      'issue.number': issueNumber,
      'comment.id': commentId,
      'comment.body': body,
      'comment.user.login': author,
      'comment.user.type': authorType
    }
    const missing = Object.entries(fields).filter(([, value]) => value === undefined)
    return {
      ok: false,
      reason: `the issue_comment payload lacks ${missing.map(([name]) => name).join(', ')}`
    }
  }
  const repository = isRecord(payload['repository'])
    ? field(payload['repository'], 'full_name', isString)
    : undefined
  return {
    ok: true,
    event: {
      action,
      onPullRequest: isRecord(issue['pull_request']),
      issueNumber,
      commentId,
      body,
      author,
      authorType,
      ...(repository === undefined ? {} : { repository })
    }
  }
}
