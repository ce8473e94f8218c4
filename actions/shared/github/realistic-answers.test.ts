import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { authorise } from '../../chatops/src/authorise.js'
import { testOctokit } from '../testing/github-double/client.js'
import {
  ACTIONS_BOT,
  startGitHubDouble,
  type GitHubDouble
} from '../testing/github-double/index.js'
import { createCollaborators } from './collaborators.js'
import { createDeployments } from './deployments.js'
import { createStickyComments } from './sticky-comments.js'

/**
 * GitHub's less kind answers, as the double now gives them, and what the client does with each
 * (docs.github.com/rest: rate limits, collaborators, deployments, statuses, packages).
 */
const repo = { owner: 'elm', repo: 'elm-infra' }
let gh: GitHubDouble

beforeEach(async () => {
  gh = await startGitHubDouble()
})
afterEach(async () => {
  await gh.close()
})

const warnings: string[] = []
const log = {
  info: () => undefined,
  warning: (m: string) => void warnings.push(m),
  error: () => undefined,
  debug: () => undefined,
  group: <T>(_n: string, fn: () => Promise<T>) => fn()
}

describe('secondary rate limits (403, with and without retry-after)', () => {
  it('waits out a 403 secondary limit that says retry-after, then succeeds', async () => {
    gh.addIssue({ number: 1 })
    gh.fail({
      method: 'POST',
      path: '/repos/elm/elm-infra/issues/1/comments',
      status: 403,
      secondary: true,
      headers: { 'retry-after': '2' }
    })
    warnings.length = 0
    const started = Date.now()
    const octokit = testOctokit(gh, { log, timing: { rateLimitUnitMs: 20 } })
    await octokit.rest.issues.createComment({ ...repo, issue_number: 1, body: 'hello' })
    expect(Date.now() - started).toBeGreaterThanOrEqual(40)
    expect(gh.requestsTo('POST').map(r => r.status)).toEqual([403, 201])
    expect(warnings.join('\n')).toMatch(/secondary rate limit .*waiting 2 s/)
  })

  it('waits GitHub’s advised minute (shrunk) when a 403 secondary limit has no retry-after', async () => {
    gh.addIssue({ number: 2 })
    gh.fail({
      method: 'POST',
      path: '/repos/elm/elm-infra/issues/2/comments',
      status: 403,
      secondary: true
    })
    warnings.length = 0
    const started = Date.now()
    const octokit = testOctokit(gh, { log, timing: { rateLimitUnitMs: 5 } })
    await octokit.rest.issues.createComment({ ...repo, issue_number: 2, body: 'hello' })
    expect(Date.now() - started).toBeGreaterThanOrEqual(60 * 5)
    expect(gh.requestsTo('POST').map(r => r.status)).toEqual([403, 201])
    expect(warnings.join('\n')).toMatch(/secondary rate limit .*waiting 60 s/)
  })

  it('gives up with GitHub’s message when the secondary limit persists', async () => {
    gh.addIssue({ number: 3 })
    gh.fail({
      path: '/repos/elm/elm-infra/issues/3/comments',
      status: 403,
      secondary: true,
      headers: { 'retry-after': '1' },
      times: Infinity
    })
    const octokit = testOctokit(gh, { log, timing: { rateLimitUnitMs: 1 } })
    await expect(
      octokit.rest.issues.createComment({ ...repo, issue_number: 3, body: 'x' })
    ).rejects.toThrow(/answered 403: You have exceeded a secondary rate limit/)
    expect(gh.requestsTo('POST')).toHaveLength(4)
  })
})

describe('collaborator permission', () => {
  it('an outsider on a public repository reads as `read` and is refused /deploy', async () => {
    gh.state.publicRepos = ['elm/elm-infra']
    const collaborators = createCollaborators(testOctokit(gh), repo)
    expect(await collaborators.permissionOf('outsider')).toBe('read')
    expect(await authorise(collaborators, 'outsider')).toEqual({
      allowed: false,
      permission: 'read'
    })
  })

  it('a token without push access gets a clear reason, not "no permission"', async () => {
    gh.state.readOnlyLogins = [ACTIONS_BOT]
    gh.state.permissions['elm/elm-infra'] = { maintainer: 'maintain' }
    const collaborators = createCollaborators(testOctokit(gh), repo)
    const result = await authorise(collaborators, 'maintainer')
    expect(result).toEqual({
      allowed: false,
      error: expect.stringContaining(
        "Cannot read maintainer's permission on elm/elm-infra: GitHub answered 403 (Must have push access to view collaborator permission.)"
      )
    })
  })
})

describe('deployments', () => {
  it('answers 409 for failed contexts and 202 for an auto-merge, unless asked not to', async () => {
    gh.state.failingContexts['elm/elm-infra'] = ['ci/test']
    gh.state.behindRefs['elm/elm-infra'] = ['topic']
    const octokit = testOctokit(gh)
    await expect(octokit.rest.repos.createDeployment({ ...repo, ref: 'main' })).rejects.toThrow(
      'answered 409: Conflict: Commit status checks failed for main.'
    )
    const merged = await octokit.rest.repos.createDeployment({ ...repo, ref: 'topic' })
    expect(merged.status).toBe(202)
    // Our client sends auto_merge: false and required_contexts: [] and so gets a deployment.
    const created = await createDeployments(octokit, repo).create({
      ref: 'topic',
      environment: 'production',
      description: 'deploy web 1.2'
    })
    expect(gh.state.deployments.map(d => d.id)).toEqual([created.id])
  })

  it('a 202 from GitHub is an error naming GitHub’s message, not a deployment', async () => {
    gh.state.behindRefs['elm/elm-infra'] = ['topic']
    const octokit = testOctokit(gh)
    // A client that forgot auto_merge: false, to show what the check in create() guards.
    octokit.hook.before('request', options => {
      if (options.method === 'POST') delete (options as { auto_merge?: boolean }).auto_merge
    })
    await expect(
      createDeployments(octokit, repo).create({
        ref: 'topic',
        environment: 'production',
        description: 'x'
      })
    ).rejects.toThrow(
      'GitHub did not create a deployment (202): Auto-merged main into topic on deployment.'
    )
  })

  it('refuses a description over 140 characters with 422; the client cuts it whole-emoji first', async () => {
    const octokit = testOctokit(gh)
    const { data } = await octokit.rest.repos.createDeployment({
      ...repo,
      ref: 'main',
      auto_merge: false,
      required_contexts: []
    })
    if (!('id' in data)) throw new Error('no deployment')
    await expect(
      octokit.rest.repos.createDeploymentStatus({
        ...repo,
        deployment_id: data.id,
        state: 'failure',
        description: 'x'.repeat(141)
      })
    ).rejects.toThrow(
      'answered 422: Validation Failed: description is too long (maximum is 140 characters)'
    )
    const long = `${'x'.repeat(138)}🚀 and then some more text`
    await createDeployments(octokit, repo).setStatus(data.id, {
      state: 'failure',
      description: long
    })
    const stored = gh.state.deploymentStatuses.at(-1)?.description ?? ''
    expect(stored).toBe(`${'x'.repeat(138)}…`)
  })
})

describe('pagination through /repositories/{id} links', () => {
  it('follows GitHub’s repository-id page links to our comment on page 3', async () => {
    gh.addIssue({ number: 9 })
    const marker = '<!-- elm-infra:x -->'
    gh.addComments(9, 250, i => (i === 240 ? { body: `${marker}\nold`, user: ACTIONS_BOT } : {}))
    const sticky = createStickyComments(testOctokit(gh), repo, { runUrl: 'https://x' })
    expect((await sticky.upsert(9, marker, 'new')).created).toBe(false)
    const gets = gh.requestsTo('GET')
    expect(gets.map(r => r.requestedPath)).toEqual([
      '/repos/elm/elm-infra/issues/9/comments',
      '/repositories/100000/issues/9/comments',
      '/repositories/100000/issues/9/comments'
    ])
    expect(gh.state.comments[240]?.body).toBe(`${marker}\nnew`)
  })
})
