import { ConfigError } from '../errors.js'
import type { GitHubTiming } from './octokit.js'

/** The variable that lets a test run a bundled action against the double with short waits. */
export const TIMING_ENV = 'ELM_INFRA_GITHUB_TIMING'

const KEYS: readonly (keyof GitHubTiming)[] = [
  'retries',
  'retryBaseMs',
  'rateLimitRetries',
  'maxRateLimitWaitSeconds',
  'rateLimitUnitMs',
  'writeSpacingMs'
]

/** Reads ELM_INFRA_GITHUB_TIMING (JSON of GitHubTiming); unset means GitHub's own pacing. */
export function timingFromEnv(env: Readonly<Record<string, string | undefined>>): GitHubTiming {
  const text = env[TIMING_ENV]
  if (text === undefined || text.trim() === '') return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = undefined
  }
  const fail = (): never => {
    throw new ConfigError(
      `${TIMING_ENV} is ${JSON.stringify(text)}: expected a JSON object of non-negative numbers with keys ${KEYS.join(', ')}.`
    )
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return fail()
  const timing: Record<string, number> = {}
  for (const [key, value] of Object.entries(parsed)) {
    if (!(KEYS as readonly string[]).includes(key)) return fail()
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return fail()
    timing[key] = value
  }
  return timing
}
