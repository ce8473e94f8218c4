import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { throttling, type ThrottlingOptions } from '@octokit/plugin-throttling'
import type { Logger, SecretMasker } from '../ports.js'
import { toGitHubApiError } from './github-error.js'
import { timingFromEnv } from './timing-env.js'

/** The Octokit the adapters use: REST methods and pagination, with retries and throttling. */
export type GitHubClient = ReturnType<typeof getOctokit>

/** How patient the client is; tests shrink the units so they run in milliseconds. */
export interface GitHubTiming {
  /** Retries of 5xx and dropped connections (default 3), waiting n² × retryBaseMs. */
  readonly retries?: number
  readonly retryBaseMs?: number
  /** Rate limits are waited out this many times per request (default 3). */
  readonly rateLimitRetries?: number
  /** Longest rate-limit wait accepted, in seconds (default 3600: a primary window). */
  readonly maxRateLimitWaitSeconds?: number
  /** Milliseconds per second of `retry-after` / reset (default 1000). */
  readonly rateLimitUnitMs?: number
  /** Spacing between writes; unset keeps GitHub's advice (1 s, 3 s for notifying writes). */
  readonly writeSpacingMs?: number
}

export interface CreateOctokitOptions {
  readonly token: string
  /** Default: GITHUB_API_URL, else https://api.github.com. */
  readonly baseUrl?: string
  readonly log?: Logger
  /** Masks the token in the runner's log before anything is sent. */
  readonly masker?: SecretMasker
  /** Default: ELM_INFRA_GITHUB_TIMING (JSON), else GitHub's pacing. */
  readonly timing?: GitHubTiming
  readonly env?: Readonly<Record<string, string | undefined>>
}

const silent: Logger = {
  info: () => undefined,
  warning: () => undefined,
  error: () => undefined,
  debug: () => undefined,
  group: (_name, fn) => fn()
}

type WriteGroup = NonNullable<Extract<ThrottlingOptions, { onRateLimit: unknown }>['write']>

/** A stand-in for a Bottleneck group that only spaces jobs `minTimeMs` apart. */
function spacedGroup(minTimeMs: number): WriteGroup {
  let next = 0
  const schedule = async <A extends unknown[], R>(
    _options: unknown,
    job: (...args: A) => Promise<R>,
    ...args: A
  ): Promise<R> => {
    const now = Date.now()
    const wait = Math.max(0, next - now)
    next = Math.max(now, next) + minTimeMs
    if (wait > 0) await new Promise(resolve => setTimeout(resolve, wait))
    return job(...args)
  }
  // Duck-typed: the throttling plugin only calls key(id).schedule(options, job, ...args).
  return { key: () => ({ schedule }) } as unknown as WriteGroup
}

/** Builds the Octokit every adapter uses; 5xx retried, rate limits waited out, 4xx fail clearly. */
export function createOctokit(options: CreateOctokitOptions): GitHubClient {
  const env = options.env ?? process.env
  const log = options.log ?? silent
  const timing = options.timing ?? timingFromEnv(env)
  if (options.token === '') throw new Error('createOctokit: the GitHub token is empty.')
  options.masker?.mask(options.token)
  const maxRetries = timing.rateLimitRetries ?? 3
  const maxWait = timing.maxRateLimitWaitSeconds ?? 3600
  const onLimit =
    (kind: string) =>
    (after: number, request: { method: string; url: string }, _o: unknown, count: number) => {
      const what = `GitHub ${kind} rate limit on ${request.method} ${request.url}`
      if (count >= maxRetries || after > maxWait) {
        log.error(`${what}: giving up after ${count} waits (next wait ${after} s).`)
        return false
      }
      log.warning(`${what}: waiting ${after} s before retry ${count + 1} of ${maxRetries}.`)
      return true
    }
  const spacing = timing.writeSpacingMs
  const throttle = {
    onRateLimit: onLimit('primary'),
    onSecondaryRateLimit: onLimit('secondary'),
    retryAfterBaseValue: timing.rateLimitUnitMs ?? 1000,
    ...(spacing === undefined
      ? {}
      : { write: spacedGroup(spacing), notifications: spacedGroup(spacing) })
  }
  const octokit = getOctokit(
    options.token,
    {
      baseUrl: options.baseUrl ?? env['GITHUB_API_URL'] ?? 'https://api.github.com',
      log: {
        debug: (m: string) => log.debug(m),
        info: (m: string) => log.info(m),
        warn: (m: string) => log.warning(m),
        error: (m: string) => log.error(m)
      },
      retry: {
        retries: timing.retries ?? 3,
        retryAfterBaseValue: timing.retryBaseMs ?? 1000,
        // 403 and 429 are the throttling plugin's; the rest are answers, not accidents.
        doNotRetry: [400, 401, 403, 404, 409, 410, 422, 429, 451]
      },
      throttle
    },
    retry,
    throttling
  )
  octokit.hook.wrap('request', async (request, endpoint) => {
    try {
      return await request(endpoint)
    } catch (error) {
      throw toGitHubApiError(error, endpoint.method, endpoint.url)
    }
  })
  return octokit
}
