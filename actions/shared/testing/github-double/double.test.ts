import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { startGitHubDouble, type GitHubDouble } from './index.js'

let gh: GitHubDouble
const auth = { authorization: 'token ghs_test', 'content-type': 'application/json' }

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = auth
): Promise<{ status: number; headers: Headers; json: unknown }> {
  const init: RequestInit = { method, headers }
  if (body !== undefined) init.body = JSON.stringify(body)
  const res = await fetch(`${gh.url}${path}`, init)
  const text = await res.text()
  return {
    status: res.status,
    headers: res.headers,
    json: text === '' ? undefined : JSON.parse(text)
  }
}

beforeEach(async () => {
  gh = await startGitHubDouble()
})
afterEach(async () => {
  await gh.close()
})

describe('GitHub double', () => {
  const comments = '/repos/elm/elm-infra/issues/7/comments'

  it('paginates with per_page/page and an RFC 5988 Link header', async () => {
    gh.addPull({ number: 7 })
    gh.addComments(7, 250)
    const first = await call('GET', `${comments}?per_page=100`)
    expect((first.json as unknown[]).length).toBe(100)
    // GitHub writes repository page links as /repositories/{id}/…, and serves them.
    const byId = comments.replace('/repos/elm/elm-infra', '/repositories/100000')
    expect(first.headers.get('link')).toBe(
      `<${gh.url}${byId}?per_page=100&page=2>; rel="next", <${gh.url}${byId}?per_page=100&page=3>; rel="last"`
    )
    expect(((await call('GET', `${byId}?per_page=100&page=2`)).json as unknown[]).length).toBe(100)
    gh.state.linkStyle = 'repos'
    expect((await call('GET', `${comments}?per_page=100`)).headers.get('link')).toContain(
      `<${gh.url}${comments}?per_page=100&page=2>; rel="next"`
    )
    gh.state.linkStyle = 'repositories'
    const last = await call('GET', `${comments}?per_page=100&page=3`)
    expect((last.json as unknown[]).length).toBe(50)
    expect(last.headers.get('link')).toContain('rel="prev"')
    expect(last.headers.get('link')).not.toContain('rel="next"')
    const defaults = await call('GET', comments)
    expect((defaults.json as unknown[]).length).toBe(30)
    expect(defaults.headers.get('x-ratelimit-remaining')).toBe('4995')
  })

  it('answers with GitHub status codes and error bodies', async () => {
    gh.addIssue({ number: 7 })
    expect(await call('GET', comments, undefined, {})).toMatchObject({
      status: 401,
      json: { message: 'Requires authentication' }
    })
    gh.state.tokens = { good: 'octocat' }
    expect((await call('GET', comments)).json).toMatchObject({ message: 'Bad credentials' })
    gh.state.tokens = {}
    expect(await call('GET', '/repos/elm/nope/issues/7/comments')).toMatchObject({
      status: 404,
      json: { message: 'Not Found', documentation_url: expect.stringContaining('docs.github.com') }
    })
    const tooLong = await call('POST', comments, { body: 'x'.repeat(65_537) })
    expect(tooLong.status).toBe(422)
    expect(tooLong.json).toMatchObject({
      message: 'Validation Failed',
      errors: [{ resource: 'IssueComment', code: 'unprocessable', field: 'data' }]
    })
    expect((await call('POST', comments, { body: '🌈'.repeat(65_536) })).status).toBe(201)
    expect(gh.state.comments).toHaveLength(1)
  })

  it('creates, updates and reacts to comments', async () => {
    gh.addIssue({ number: 7 })
    const created = await call('POST', comments, { body: 'hello' })
    expect(created.status).toBe(201)
    const { id } = created.json as { id: number }
    const patched = await call('PATCH', `/repos/elm/elm-infra/issues/comments/${id}`, {
      body: 'bye'
    })
    expect(patched.json).toMatchObject({ id, body: 'bye', user: { login: 'github-actions[bot]' } })
    const reactions = `/repos/elm/elm-infra/issues/comments/${id}/reactions`
    expect((await call('POST', reactions, { content: 'rocket' })).status).toBe(201)
    expect((await call('POST', reactions, { content: 'rocket' })).status).toBe(200)
    expect((await call('POST', reactions, { content: 'party' })).status).toBe(422)
  })

  it('reports permissions as GitHub does', async () => {
    gh.state.permissions['elm/elm-infra'] = { mo: 'maintain' }
    const res = await call('GET', '/repos/elm/elm-infra/collaborators/mo/permission')
    expect(res.json).toMatchObject({
      permission: 'write',
      role_name: 'maintain',
      user: { login: 'mo', permissions: { admin: false, maintain: true, push: true, pull: true } }
    })
    expect((await call('GET', '/repos/elm/elm-infra/collaborators/x/permission')).status).toBe(404)
  })

  it('injects faults and exhausts the rate limit', async () => {
    gh.addIssue({ number: 7 })
    gh.fail({ method: 'GET', path: '/repos/*/*/issues/*/comments', status: 502, times: 2 })
    gh.fail({ path: '**', status: 429 })
    expect((await call('GET', comments)).status).toBe(502)
    expect((await call('GET', comments)).status).toBe(502)
    const secondary = await call('GET', comments)
    expect(secondary.status).toBe(429)
    expect(secondary.headers.get('retry-after')).toBe('1')
    expect(secondary.json).toMatchObject({
      message: expect.stringContaining('secondary rate limit')
    })
    gh.fail({ path: comments, status: 'reset' })
    await expect(call('GET', comments)).rejects.toThrow()
    gh.exhaustRateLimit(60_000)
    const limited = await call('GET', comments)
    expect(limited.status).toBe(403)
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0')
    expect(gh.requests.map(r => r.status)).toEqual([502, 502, 429, 'reset', 403])
  })

  it('lists package versions with tags, newest first', async () => {
    gh.addPackage({ owner: 'elm', name: 'package', versions: [{ tags: ['v1'] }, { tags: ['v2'] }] })
    const res = await call('GET', '/orgs/elm/packages/container/package/versions')
    expect(res.json).toMatchObject([
      { metadata: { container: { tags: ['v2'] } } },
      { metadata: { container: { tags: ['v1'] } } }
    ])
    expect((await call('GET', '/users/elm/packages/container/package/versions')).status).toBe(404)
  })
})
