import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { hiddenMarker } from '../markdown.js'
import { testOctokit } from '../testing/github-double/client.js'
import { startGitHubDouble, type GitHubDouble } from '../testing/github-double/index.js'
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
})
