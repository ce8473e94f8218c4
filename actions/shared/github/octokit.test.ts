import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import type { Logger } from '../ports.js'
import { startGitHubDouble, type GitHubDouble } from '../testing/github-double/index.js'
import { testOctokit } from '../testing/github-double/client.js'
import { GitHubApiError } from './github-error.js'

const TOKEN = 'ghs_SuperSecretToken123'
let gh: GitHubDouble
let lines: string[]
const log: Logger = {
  info: m => lines.push(`info ${m}`),
  warning: m => lines.push(`warning ${m}`),
  error: m => lines.push(`error ${m}`),
  debug: m => lines.push(`debug ${m}`),
  group: (_n, fn) => fn()
}
const repo = { owner: 'elm', repo: 'elm-infra' }
const path = '/repos/elm/elm-infra/issues/7/comments'

beforeEach(async () => {
  lines = []
  gh = await startGitHubDouble()
  gh.addIssue({ number: 7 })
})
afterEach(async () => {
  await gh.close()
})

describe('createOctokit against the GitHub double', () => {
  it.each([500, 502, 503, 'reset' as const])('retries a %p and then succeeds', async status => {
    gh.fail({ method: 'POST', path, status, times: 2 })
    const octokit = testOctokit(gh, { token: TOKEN, log })
    const res = await octokit.rest.issues.createComment({ ...repo, issue_number: 7, body: 'hi' })
    expect(res.status).toBe(201)
    expect(gh.requestsTo('POST', path).map(r => r.status)).toEqual([status, status, 201])
    expect(gh.state.comments).toHaveLength(1)
  })

  it('gives up after the configured retries with GitHub’s message', async () => {
    gh.fail({ method: 'GET', path, status: 503, times: Infinity })
    const octokit = testOctokit(gh, { log, timing: { retries: 2 } })
    await expect(octokit.rest.issues.listComments({ ...repo, issue_number: 7 })).rejects.toThrow(
      `GitHub API GET ${path} answered 503: Server Error`
    )
    expect(gh.requestsTo('GET', path)).toHaveLength(3)
  })

  it('waits out a primary rate limit until its reset', async () => {
    gh.exhaustRateLimit(1000)
    const resetAt = gh.state.rateLimit.resetAt * 1000
    const octokit = testOctokit(gh, { log, timing: { rateLimitUnitMs: 1000 } })
    const res = await octokit.rest.issues.listComments({ ...repo, issue_number: 7 })
    expect(res.status).toBe(200)
    expect(Date.now()).toBeGreaterThanOrEqual(resetAt)
    expect(gh.requestsTo('GET', path).map(r => r.status)).toEqual([403, 200])
    expect(lines.join('\n')).toMatch(/warning GitHub primary rate limit on GET .*: waiting \d s/)
  }, 10_000)

  it('waits out a 429 secondary rate limit for its retry-after', async () => {
    gh.fail({ method: 'POST', path, status: 429, headers: { 'retry-after': '2' } })
    const octokit = testOctokit(gh, { log })
    const started = Date.now()
    await octokit.rest.issues.createComment({ ...repo, issue_number: 7, body: 'hi' })
    expect(Date.now() - started).toBeGreaterThanOrEqual(100)
    expect(gh.requestsTo('POST', path).map(r => r.status)).toEqual([429, 201])
    expect(lines.join('\n')).toContain('GitHub secondary rate limit on POST')
  })

  it('gives up on a rate limit after a bounded number of waits', async () => {
    gh.fail({ path, status: 429, times: Infinity })
    const octokit = testOctokit(gh, { log, timing: { rateLimitRetries: 2 } })
    await expect(octokit.rest.issues.listComments({ ...repo, issue_number: 7 })).rejects.toThrow(
      'answered 429: You have exceeded a secondary rate limit'
    )
    expect(gh.requestsTo('GET', path)).toHaveLength(3)
    expect(lines.join('\n')).toContain('giving up after 2 waits')
  })

  it.each([
    [
      { body: 'x'.repeat(70_000) },
      422,
      'Validation Failed: Body is too long (maximum is 65536 characters)'
    ],
    [{ issue_number: 99, body: 'x' }, 404, 'Not Found']
  ])('fails at once on a 4xx with GitHub’s message', async (params, status, message) => {
    const octokit = testOctokit(gh, { log })
    const call = octokit.rest.issues.createComment({ ...repo, issue_number: 7, ...params })
    await expect(call).rejects.toThrow(GitHubApiError)
    await expect(call).rejects.toMatchObject({ status, githubMessage: message })
    expect(gh.requestsTo('POST')).toHaveLength(1)
  })

  it('masks the token and never logs it', async () => {
    const masked: string[] = []
    gh.fail({ path, status: 500 })
    gh.fail({ path: '/repos/elm/elm-infra/issues/8/comments', status: 429 })
    const octokit = testOctokit(gh, { token: TOKEN, log, masker: { mask: s => masked.push(s) } })
    await octokit.rest.issues.listComments({ ...repo, issue_number: 7 })
    const failure = await octokit.rest.issues
      .listComments({ ...repo, issue_number: 8 })
      .catch((e: unknown) => e)
    expect(masked).toEqual([TOKEN])
    expect(gh.requests[0]?.headers.authorization).toBe(`token ${TOKEN}`)
    expect(lines.length).toBeGreaterThan(0)
    expect(`${lines.join('\n')}\n${String(failure)}\n${JSON.stringify(failure)}`).not.toContain(
      TOKEN
    )
  })
})
