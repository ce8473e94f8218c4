import { STATUS_CODES } from 'node:http'
import type { DoubleState } from './state.js'

/** Injected failures: the next `times` requests matching method and path get this answer. */
export interface FaultSpec {
  readonly method?: string
  /** Exact path, a glob (`*` = one segment, `**` = anything), or a RegExp on the path. */
  readonly path: string | RegExp
  /** How many matching requests fail (default 1; Infinity for all). */
  readonly times?: number
  /**
   * An HTTP status, 'reset' to drop the connection without a response, or 'pass' to answer as
   * usual (after `effect`).
   */
  readonly status: number | 'reset' | 'pass'
  /** Changes the world just before the request is answered (e.g. another run deletes a comment). */
  readonly effect?: (state: DoubleState) => void
  readonly headers?: Readonly<Record<string, string>>
  /**
   * A secondary rate limit: GitHub's message, with `retry-after` only when `headers` has one
   * (docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit:
   * "403 or 429 … If the retry-after response header is present … Otherwise, wait for at least one
   * minute"). Default for 429; set it for the 403 GitHub mostly sends.
   */
  readonly secondary?: boolean
  /** Overrides GitHub's message for this status. */
  readonly message?: string
}

export interface ActiveFault {
  readonly spec: FaultSpec
  remaining: number
}

export interface FaultResponse {
  readonly status: number
  readonly message: string
  readonly headers: Readonly<Record<string, string>>
  readonly documentationUrl: string
}

const RATE_LIMIT_DOCS =
  'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits'

function toRegExp(path: string | RegExp): RegExp {
  if (path instanceof RegExp) return path
  const escaped = path
    .split('**')
    .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
    .join('.*')
  return new RegExp(`^${escaped}$`)
}

/** Finds the first live fault for this request and uses up one of its times. */
export function takeFault(
  faults: ActiveFault[],
  method: string,
  path: string
): ActiveFault | undefined {
  const fault = faults.find(
    f =>
      f.remaining > 0 &&
      (f.spec.method === undefined || f.spec.method.toUpperCase() === method) &&
      toRegExp(f.spec.path).test(path)
  )
  if (fault) fault.remaining -= 1
  return fault
}

/** The response GitHub would send for this status: rate limits get GitHub's headers and wording. */
export function faultResponse(spec: FaultSpec, status: number, nowMs: number): FaultResponse {
  if (spec.secondary === true && spec.message === undefined) {
    return {
      status,
      message:
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID DOUBLE.',
      documentationUrl: RATE_LIMIT_DOCS,
      headers: { ...spec.headers }
    }
  }
  if (status === 403 && spec.message === undefined) {
    return {
      status,
      message: 'API rate limit exceeded for installation ID 1.',
      documentationUrl: RATE_LIMIT_DOCS.replace('#about-secondary-rate-limits', ''),
      headers: {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(Math.ceil(nowMs / 1000) + 1),
        ...spec.headers
      }
    }
  }
  if (status === 429 && spec.message === undefined) {
    return {
      status,
      message:
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      documentationUrl: RATE_LIMIT_DOCS,
      headers: { 'retry-after': '1', ...spec.headers }
    }
  }
  return {
    status,
    message: spec.message ?? (status >= 500 ? 'Server Error' : (STATUS_CODES[status] ?? 'Error')),
    documentationUrl: 'https://docs.github.com/rest',
    headers: { ...spec.headers }
  }
}
