import type { Clock } from '../../ports.js'
import { UserError, describeError } from '../../errors.js'
import { NomadNetworkError, isTransient } from './errors.js'

/** Bounded retries with exponential backoff and full jitter, for transient faults only. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number
  readonly baseDelayMs: number
  readonly maxDelayMs: number
  /** [0, 1): Math.random in production, a seeded source in tests. */
  readonly random: () => number
  /**
   * A budget for all attempts of one request, from the first: no retry starts after it (the CLI's
   * `--request-timeout` sets it, so a server that accepts and never answers is given up on in a
   * bounded, known time instead of attempts × the request timeout).
   */
  readonly maxElapsedMs?: number
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 8,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  random: Math.random
}

/** The delay before retry number `retry` (1-based): random in [0, min(max, base·2^(retry-1))]. */
export function backoffDelay(policy: RetryPolicy, retry: number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1))
  return Math.round(cap * policy.random())
}

export interface RetryContext {
  readonly clock: Clock
  readonly policy: RetryPolicy
  readonly signal?: AbortSignal | undefined
  /** Told about each retry (for a debug line). */
  readonly onRetry?: ((what: string, attempt: number, error: unknown) => void) | undefined
  /** A transient-looking fault that is still the final answer here (see `isFinalNetworkError`). */
  readonly isFinal?: ((error: unknown) => boolean) | undefined
}

/**
 * Network faults that one answer settles: a host name that does not resolve (ENOTFOUND: the
 * resolver's definite "no such name"; EAI_AGAIN, "try again", stays transient), and a refused
 * connection from an address that has never answered (nothing listens there: a wrong address, not
 * an agent restarting mid-deploy). Retrying them only delays the error by 8–19 s.
 */
export function isFinalNetworkError(error: unknown, everAnswered: boolean): boolean {
  if (!(error instanceof NomadNetworkError)) return false
  return error.code === 'ENOTFOUND' || (error.code === 'ECONNREFUSED' && !everAnswered)
}

/**
 * Runs `fn` until it succeeds, fails with a non-transient error, or runs out of attempts.
 * `beforeRetry` may settle the outcome after an ambiguous failure (e.g. "did the write land?").
 */
export async function withRetry<T>(
  what: string,
  context: RetryContext,
  fn: () => Promise<T>,
  beforeRetry?: () => Promise<{ settled: T } | undefined>
): Promise<T> {
  const started = context.clock.now()
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn()
    } catch (error) {
      if (context.signal?.aborted || !isTransient(error) || context.isFinal?.(error) === true)
        throw error
      const delay = backoffDelay(context.policy, attempt)
      const elapsed = context.clock.now() - started
      const budget = context.policy.maxElapsedMs
      if (
        attempt >= context.policy.attempts ||
        (budget !== undefined && elapsed + delay >= budget)
      ) {
        const within =
          attempt < context.policy.attempts ? ` within ${Math.round(elapsed / 100) / 10} s` : ''
        throw new UserError(
          `${describeError(error)} (gave up on ${what} after ${attempt} attempts${within})`,
          {
            cause: error
          }
        )
      }
      context.onRetry?.(what, attempt, error)
      await context.clock.sleep(delay, context.signal)
      const settled = beforeRetry ? await beforeRetry() : undefined
      if (settled) return settled.settled
    }
  }
}
