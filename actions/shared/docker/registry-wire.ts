import type { RegistryCredentials } from './registry-client.js'

/** Small readers for what registries send back; pure, no I/O. */

/** HTTP Basic credentials, for the token endpoint. */
export function basic(credentials: RegistryCredentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`
}

/** The token from a token endpoint's answer (`token`, or OAuth2's `access_token`). */
export function readToken(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined
  const record = body as Record<string, unknown>
  const token = record['token'] ?? record['access_token']
  return typeof token === 'string' && token !== '' ? token : undefined
}

/** The tags of a `/tags/list` answer. */
export function readTags(body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return []
  const tags = (body as Record<string, unknown>)['tags']
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : []
}

/** `</v2/x/tags/list?last=a&n=1000>; rel="next"` → the path to fetch next. */
export function nextLink(header: string | null): string | undefined {
  const match = header === null ? null : /<([^>]+)>\s*;\s*rel="?next"?/.exec(header)
  if (match === null || match[1] === undefined) return undefined
  const target = match[1]
  return target.startsWith('http') ? new URL(target).pathname + new URL(target).search : target
}

/** fetch's TypeError hides the reason in `cause` (ECONNREFUSED, ENOTFOUND, a TLS error). */
export function describeNetworkError(error: unknown): string {
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    message?: unknown
    cause?: { message?: unknown }
  }
  const message = typeof e.message === 'string' ? e.message : String(error)
  const cause = typeof e.cause?.message === 'string' ? e.cause.message : ''
  return cause === '' ? message : `${message} (${cause})`
}
