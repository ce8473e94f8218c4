import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { hiddenMarker } from '../markdown.js'
import { testOctokit } from '../testing/github-double/client.js'
import {
  ACTIONS_BOT,
  startGitHubDouble,
  type GitHubDouble
} from '../testing/github-double/index.js'
import { GITHUB_BODY_LIMIT } from './limits.js'
import { createStickyComments, stickyBody } from './sticky-comments.js'

const runUrl = 'https://github.com/elm/elm-infra/actions/runs/42'
const repo = { owner: 'elm', repo: 'elm-infra' }
const marker = hiddenMarker('terraform-plan:dns')
let gh: GitHubDouble

beforeEach(async () => {
  gh = await startGitHubDouble()
})
afterEach(async () => {
  await gh.close()
})

function sticky(): ReturnType<typeof createStickyComments> {
  return createStickyComments(testOctokit(gh), repo, { runUrl })
}

describe('sticky comments against the GitHub double', () => {
  it('creates the comment once, then updates it in place', async () => {
    gh.addPull({ number: 5 })
    const first = await sticky().upsert(5, marker, 'Plan: 1 to add')
    const second = await sticky().upsert(5, 'terraform-plan:dns', 'Plan: 2 to add')
    expect(first.created).toBe(true)
    expect(second).toEqual({ id: first.id, url: first.url, created: false })
    expect(first.url).toMatch(/\/pull\/5#issuecomment-\d+$/)
    expect(gh.state.comments.map(c => c.body)).toEqual([`${marker}\nPlan: 2 to add`])
    expect(gh.requestsTo('POST')).toHaveLength(1)
    expect(gh.requestsTo('PATCH')).toHaveLength(1)
  })

  it('finds our comment on page 3 of 250 and leaves the others alone', async () => {
    gh.addIssue({ number: 9 })
    gh.addComments(9, 250, i =>
      i === 230 ? { body: `${marker}\nold`, user: 'github-actions[bot]' } : {}
    )
    gh.addComments(9, 1, () => ({ body: `> quoting ${marker}` }))
    const result = await sticky().upsert(9, marker, 'new')
    expect(result.created).toBe(false)
    expect(gh.requestsTo('GET').map(r => r.query['page'] ?? '1')).toEqual(['1', '2', '3'])
    expect(gh.state.comments.filter(c => c.body.includes('new'))).toHaveLength(1)
    expect(gh.state.comments[230]?.body).toBe(`${marker}\nnew`)
    expect(gh.state.comments).toHaveLength(251)
  })

  it('updateIfPresent: edits only our existing comment, never creates one, never a forged one', async () => {
    gh.addPull({ number: 6 })
    gh.addComments(6, 1, () => ({ body: `${marker}\nforged`, user: 'mallory' }))
    expect(await sticky().updateIfPresent(6, marker, 'stale')).toBeUndefined()
    expect(gh.requestsTo('POST')).toHaveLength(0)
    expect(gh.requestsTo('PATCH')).toHaveLength(0)
    const ours = await sticky().upsert(6, marker, 'diff')
    const updated = await sticky().updateIfPresent(6, marker, 'stale')
    expect(updated).toEqual({ id: ours.id, url: ours.url })
    expect(gh.state.comments.map(c => c.body)).toEqual([`${marker}\nforged`, `${marker}\nstale`])
    // The same text again: no edit.
    await sticky().updateIfPresent(6, marker, 'stale')
    expect(gh.requestsTo('PATCH')).toHaveLength(1)
  })

  it('never updates a comment a user forged with our marker', async () => {
    gh.addIssue({ number: 8 })
    gh.addComments(8, 1, () => ({ body: `${marker}\nforged`, user: 'mallory' }))
    const result = await sticky().upsert(8, marker, 'ours')
    expect(result.created).toBe(true)
    expect(gh.state.comments.map(c => c.body)).toEqual([`${marker}\nforged`, `${marker}\nours`])
  })

  it('skips the PATCH when the body is unchanged', async () => {
    gh.addIssue({ number: 3 })
    await sticky().upsert(3, marker, 'same')
    await sticky().upsert(3, marker, 'same')
    expect(gh.requestsTo('PATCH')).toHaveLength(0)
    expect(gh.requestsTo('POST')).toHaveLength(1)
  })

  it('truncates a 200,000-character body so GitHub accepts it', async () => {
    gh.addIssue({ number: 4 })
    const body = Array.from({ length: 5000 }, (_, i) => `line ${i} ${'~'.repeat(34)}`).join('\n')
    expect(body.length).toBeGreaterThanOrEqual(200_000)
    const result = await sticky().upsert(4, marker, body)
    expect(result.created).toBe(true)
    const stored = gh.state.comments[0]?.body ?? ''
    expect(stored.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT)
    expect(stored.startsWith(`${marker}\nline 0 `)).toBe(true)
    expect(stored).toContain(`[workflow run](${runUrl})`)
    expect(gh.requests.map(r => r.status)).not.toContain(422)
  })

  it('puts the marker first even when the caller placed it elsewhere', () => {
    expect(stickyBody(marker, `\nbody\n${marker}\n`)).toBe(`${marker}\nbody\n\n`)
  })

  it('fails with GitHub’s message for a missing issue', async () => {
    await expect(sticky().upsert(404, marker, 'x')).rejects.toThrow(
      'GitHub API GET /repos/elm/elm-infra/issues/404/comments answered 404: Not Found'
    )
  })

  it('creates a new comment when ours was deleted between runs', async () => {
    gh.addPull({ number: 6 })
    const first = await sticky().upsert(6, marker, 'one')
    gh.state.comments = []
    const second = await sticky().upsert(6, marker, 'two')
    expect(second.created).toBe(true)
    expect(second.id).not.toBe(first.id)
    expect(gh.state.comments.map(c => c.body)).toEqual([`${marker}\ntwo`])
  })

  it('lists once more and creates when ours is deleted between the list and the edit', async () => {
    gh.addPull({ number: 7 })
    await sticky().upsert(7, marker, 'one')
    // A maintainer deletes the comment while this run is between its GET and its PATCH.
    gh.fail({
      method: 'PATCH',
      path: '/repos/elm/elm-infra/issues/comments/*',
      status: 'pass',
      effect: state => (state.comments = [])
    })
    const second = await sticky().upsert(7, marker, 'two')
    expect(second.created).toBe(true)
    expect(gh.requestsTo('PATCH').map(r => r.status)).toEqual([404])
    expect(gh.requestsTo('GET').length).toBe(3)
    expect(gh.state.comments.map(c => c.body)).toEqual([`${marker}\ntwo`])
  })

  it('updates the comment another run made after ours was replaced, leaving exactly one', async () => {
    gh.addPull({ number: 10 })
    await sticky().upsert(10, marker, 'one')
    gh.fail({
      method: 'PATCH',
      path: '/repos/elm/elm-infra/issues/comments/*',
      status: 'pass',
      effect: state => {
        state.comments = []
        gh.addComments(10, 1, () => ({ body: `${marker}\nother run`, user: ACTIONS_BOT }))
      }
    })
    const result = await sticky().upsert(10, marker, 'three')
    expect(result.created).toBe(false)
    expect(gh.requestsTo('PATCH').map(r => r.status)).toEqual([404, 200])
    expect(gh.state.comments.map(c => c.body)).toEqual([`${marker}\nthree`])
    expect(gh.requestsTo('POST')).toHaveLength(1)
  })

  it('still fails on an edit refused for another reason', async () => {
    gh.addPull({ number: 12 })
    await sticky().upsert(12, marker, 'one')
    gh.fail({
      method: 'PATCH',
      path: '/repos/elm/elm-infra/issues/comments/*',
      status: 403,
      message: 'Resource not accessible by integration'
    })
    await expect(sticky().upsert(12, marker, 'two')).rejects.toThrow('answered 403')
    expect(gh.state.comments).toHaveLength(1)
  })

  it('ignores another App’s comment carrying our marker', async () => {
    gh.addIssue({ number: 11 })
    gh.addComments(11, 1, () => ({ body: `${marker}\nnot ours`, user: 'other-app[bot]' }))
    const result = await sticky().upsert(11, marker, 'ours')
    expect(result.created).toBe(true)
    expect(gh.requestsTo('PATCH')).toHaveLength(0)
    expect(gh.state.comments.map(c => [c.user, c.body])).toEqual([
      ['other-app[bot]', `${marker}\nnot ours`],
      [ACTIONS_BOT, `${marker}\nours`]
    ])
  })

  it('trusts the configured App login instead of github-actions[bot]', async () => {
    gh.state.tokens = { ghs_app: 'elm-deployer[bot]' }
    gh.addIssue({ number: 13 })
    gh.addComments(13, 1, () => ({ body: `${marker}\nworkflow token`, user: ACTIONS_BOT }))
    const app = createStickyComments(testOctokit(gh, { token: 'ghs_app' }), repo, {
      runUrl,
      trustedBot: 'elm-deployer[bot]'
    })
    expect((await app.upsert(13, marker, 'one')).created).toBe(true)
    expect((await app.upsert(13, marker, 'two')).created).toBe(false)
    expect(gh.state.comments.map(c => [c.user, c.body])).toEqual([
      [ACTIONS_BOT, `${marker}\nworkflow token`],
      ['elm-deployer[bot]', `${marker}\ntwo`]
    ])
  })
})
