import { type FaultSpec } from './faults.js'
import { addComments, addIssue, addPackage, addPull } from './seed.js'
import { listen, type DoubleCore, type LoggedRequest } from './server.js'
import { ACTIONS_BOT, DEFAULT_REPO, createState, type DoubleState } from './state.js'

/**
 * An in-process GitHub REST API double on 127.0.0.1. Point Octokit (or a bundled action, via
 * GITHUB_API_URL) at `url`; seed and inspect `state`; assert on `requests`; inject `fail()`ures.
 */
export interface GitHubDouble {
  readonly url: string
  readonly state: DoubleState
  readonly requests: LoggedRequest[]
  /** The next `times` matching requests get this failure. */
  fail(fault: FaultSpec): void
  /** Uses up the primary rate limit until `resetInMs` from now (403 with x-ratelimit-remaining 0). */
  exhaustRateLimit(resetInMs: number): void
  /** Requests that reached the double, optionally only those matching method and path prefix. */
  requestsTo(method: string, pathPrefix?: string): LoggedRequest[]
  /** Environment for a bundled action run against the double. */
  env(token?: string): Record<string, string>
  addIssue: OmitState<typeof addIssue>
  addPull: OmitState<typeof addPull>
  addComments: OmitState<typeof addComments>
  addPackage: OmitState<typeof addPackage>
  close(): Promise<void>
}

type OmitState<F> = F extends (state: DoubleState, ...rest: infer A) => infer R
  ? (...args: A) => R
  : never

/** Starts a fresh double with one repository, `elm/elm-infra`, and a full rate limit. */
export async function startGitHubDouble(): Promise<GitHubDouble> {
  const core: DoubleCore = { state: createState(), requests: [], faults: [], api: '' }
  const { url, close } = await listen(core)
  const state = core.state
  return {
    url,
    state,
    requests: core.requests,
    fail: fault => core.faults.push({ spec: fault, remaining: fault.times ?? 1 }),
    exhaustRateLimit: resetInMs => {
      state.rateLimit.remaining = 0
      state.rateLimit.resetAt = Math.ceil((Date.now() + resetInMs) / 1000)
    },
    requestsTo: (method, pathPrefix = '') =>
      core.requests.filter(r => r.method === method && r.path.startsWith(pathPrefix)),
    env: (token = 'ghs_double_token') => ({ GITHUB_API_URL: url, GITHUB_TOKEN: token }),
    addIssue: (...args) => addIssue(state, ...args),
    addPull: (...args) => addPull(state, ...args),
    addComments: (...args) => addComments(state, ...args),
    addPackage: (...args) => addPackage(state, ...args),
    close
  }
}

export { ACTIONS_BOT, DEFAULT_REPO }
export type { DoubleState, FaultSpec, LoggedRequest }
export type * from './state.js'
