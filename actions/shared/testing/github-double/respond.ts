import type { ServerResponse } from 'node:http'
import { HttpError, type RouteResult } from './http.js'
import { ACTIONS_BOT, type DoubleState } from './state.js'

/** Primary rate limit bookkeeping; every response carries these headers. */
export function rateLimitHeaders(state: DoubleState, spend: boolean): Record<string, string> {
  const limit = state.rateLimit
  if (Date.now() >= limit.resetAt * 1000) {
    limit.remaining = limit.limit
    limit.resetAt = Math.ceil(Date.now() / 1000) + 3600
  }
  if (spend && limit.remaining > 0) limit.remaining -= 1
  return {
    'x-ratelimit-limit': String(limit.limit),
    'x-ratelimit-remaining': String(limit.remaining),
    'x-ratelimit-reset': String(limit.resetAt),
    'x-ratelimit-used': String(limit.limit - limit.remaining),
    'x-ratelimit-resource': 'core'
  }
}

export function loginOf(state: DoubleState, header: string | undefined): string {
  const token = /^(?:token|bearer)\s+(\S+)$/i.exec(header ?? '')?.[1]
  if (token === undefined) throw new HttpError(401, 'Requires authentication')
  if (Object.keys(state.tokens).length === 0) return ACTIONS_BOT
  const login = state.tokens[token]
  if (login === undefined) throw new HttpError(401, 'Bad credentials')
  return login
}

export function send(
  res: ServerResponse,
  result: RouteResult,
  headers: Record<string, string>
): void {
  const body = result.status === 204 ? '' : JSON.stringify(result.body ?? {})
  res.writeHead(result.status, {
    'content-type': 'application/json; charset=utf-8',
    'x-github-api-version-selected': '2022-11-28',
    'x-github-media-type': 'github.v3; format=json',
    'x-github-request-id': `DOUBLE:${Math.random().toString(16).slice(2, 10).toUpperCase()}`,
    ...headers,
    ...result.headers
  })
  res.end(body)
}

export function errorResult(error: HttpError, docs: string): RouteResult {
  const body: Record<string, unknown> = { message: error.message, documentation_url: docs }
  if (error.errors) body['errors'] = error.errors
  body['status'] = String(error.status)
  return { status: error.status, body, headers: error.headers }
}
