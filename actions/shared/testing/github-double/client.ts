import {
  createOctokit,
  type CreateOctokitOptions,
  type GitHubClient,
  type GitHubTiming
} from '../../github/octokit.js'
import { TIMING_ENV } from '../../github/timing-env.js'
import type { GitHubDouble } from './index.js'

/** Retries and waits shrunk to milliseconds, writes unspaced: for tests against the double. */
export const FAST_GITHUB_TIMING: GitHubTiming = {
  retries: 3,
  retryBaseMs: 5,
  rateLimitUnitMs: 50,
  writeSpacingMs: 0
}

/** A real Octokit (retry + throttling) pointed at the double, with fast timing by default. */
export function testOctokit(
  double: GitHubDouble,
  options: Partial<CreateOctokitOptions> = {}
): GitHubClient {
  return createOctokit({
    token: 'ghs_double_token',
    baseUrl: double.url,
    ...options,
    timing: { ...FAST_GITHUB_TIMING, ...options.timing }
  })
}

/** Environment for a bundled action run against the double: its URL, a token, fast timing. */
export function doubleEnv(
  double: GitHubDouble,
  token = 'ghs_double_token'
): Record<string, string> {
  return { ...double.env(token), [TIMING_ENV]: JSON.stringify(FAST_GITHUB_TIMING) }
}
