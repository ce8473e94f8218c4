import { UserError } from '../errors.js'

/**
 * GitHub refused a request (after retries and rate-limit waits). A user-facing error: its message is
 * GitHub's own (`message` plus each `errors[].message`), the method, the path and the status.
 */
export class GitHubApiError extends UserError {
  override name = 'GitHubApiError'
  constructor(
    message: string,
    readonly status: number,
    readonly githubMessage: string
  ) {
    super(message)
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

/** GitHub's error body → one line: `Validation Failed: Body is too long (maximum is 65536 characters)`. */
export function describeGitHubError(data: unknown, fallback: string): string {
  if (!isRecord(data) || typeof data['message'] !== 'string') return fallback
  const details = (Array.isArray(data['errors']) ? data['errors'] : [])
    .map((e: unknown) => {
      if (typeof e === 'string') return e
      if (!isRecord(e)) return ''
      if (typeof e['message'] === 'string') return e['message']
      return [e['resource'], e['field'], e['code']].filter(p => typeof p === 'string').join(' ')
    })
    .filter(d => d !== '')
  return details.length > 0 ? `${data['message']}: ${details.join('; ')}` : data['message']
}

/** Turns an Octokit RequestError (or anything thrown by a request) into a GitHubApiError. */
export function toGitHubApiError(error: unknown, method: string, url: string): unknown {
  if (!isRecord(error) || typeof error['status'] !== 'number') return error
  const status = error['status']
  const response = error['response']
  const fallback = error instanceof Error ? error.message : 'unknown error'
  const githubMessage = describeGitHubError(
    isRecord(response) ? response['data'] : undefined,
    fallback
  )
  const request = error['request']
  const actual = isRecord(request) && typeof request['url'] === 'string' ? request['url'] : url
  const path = actual.replace(/^https?:\/\/[^/]+/, '').replace(/\?.*$/, '')
  const what = status >= 500 && !isRecord(response) ? 'could not be reached' : `answered ${status}`
  const result = new GitHubApiError(
    `GitHub API ${method} ${path} ${what}: ${githubMessage}`,
    status,
    githubMessage
  )
  result.cause = error
  return result
}
