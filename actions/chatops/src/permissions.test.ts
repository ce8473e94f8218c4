import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import type { RepoPermission } from '../../shared/github/ports.js'
import { type GitHubDouble, startGitHubDouble } from '../../shared/testing/github-double/index.js'
import { connectGitHub } from './connect-github.js'
import { main } from './main.js'
import { commentEvent, fakeDeps } from './test-support/fakes.js'

/**
 * The permission matrix against the GitHub double: the real Octokit adapters read the collaborator
 * permission, and only write, maintain and admin may deploy. Everything else gets one reply and 😕.
 */

let gh: GitHubDouble
const PR = 1 // issue.number in the recorded atlantis payload
const COMMENT = 396926483
const REPO = { owner: 'elm', repo: 'elm-infra' }

beforeEach(async () => {
  gh = await startGitHubDouble()
  gh.addPull({ number: PR })
})
afterEach(async () => {
  await gh.close()
})

async function runAs(login: string): Promise<{ outputs: Record<string, string>; logs: string[] }> {
  const body = '/deploy package-site 1.3'
  gh.addComments(PR, 1, () => ({ id: COMMENT, body, user: login }))
  const { deps, recorded } = fakeDeps({ event: commentEvent(body, login) })
  const withDouble = {
    ...deps,
    connectGitHub: () =>
      connectGitHub('ghs_double_token', REPO, {
        env: { GITHUB_API_URL: gh.url, GITHUB_RUN_ID: '42' },
        timing: { retries: 1, retryBaseMs: 1, writeSpacingMs: 0, rateLimitUnitMs: 1 }
      })
  }
  await main(withDouble)
  return { outputs: recorded.outputs, logs: recorded.logs }
}

/** Comments other than the command itself. */
function replies(): string[] {
  return gh.state.comments.filter(c => c.id !== COMMENT).map(c => c.body)
}

function reactions(): string[] {
  return gh.state.reactions.filter(r => r.commentId === COMMENT).map(r => r.content)
}

describe('who may /deploy', () => {
  it.each<RepoPermission>(['admin', 'maintain', 'write'])('%s may deploy', async permission => {
    gh.state.permissions['elm/elm-infra'] = { someone: permission }
    const { outputs } = await runAs('someone')
    expect(outputs['should-deploy']).toBe('true')
    expect(outputs['decision']).toBe('deploy')
    expect(reactions()).toEqual(['eyes'])
    expect(replies()).toEqual([expect.stringContaining('⏳ Deploying `package-site` `1.3`')])
    expect(outputs['comment-id']).toBe(String(gh.state.comments[1]?.id))
  })

  it.each<RepoPermission>(['triage', 'read'])('%s may not', async permission => {
    gh.state.permissions['elm/elm-infra'] = { someone: permission }
    const { outputs } = await runAs('someone')
    expect(outputs['should-deploy']).toBe('false')
    expect(outputs['decision']).toBe('unauthorised')
    expect(reactions()).toEqual(['confused'])
    expect(replies()).toEqual([
      expect.stringContaining(`\`someone\` has \`${permission}\` permission`)
    ])
  })

  it('a user who is not a collaborator (404) has none and may not', async () => {
    gh.state.permissions['elm/elm-infra'] = {}
    const { outputs } = await runAs('stranger')
    expect(outputs['should-deploy']).toBe('false')
    expect(replies()[0]).toContain('`stranger` has `none` permission')
    expect(reactions()).toEqual(['confused'])
  })

  it('an API error is a refusal, said clearly, and nothing else happens', async () => {
    gh.state.permissions['elm/elm-infra'] = { someone: 'admin' }
    gh.fail({
      method: 'GET',
      path: '/repos/*/*/collaborators/*/permission',
      status: 502,
      times: Infinity
    })
    const { outputs, logs } = await runAs('someone')
    expect(outputs['should-deploy']).toBe('false')
    expect(outputs['decision']).toBe('unauthorised')
    expect(replies()[0]).toContain('could not check the permission of `someone`')
    expect(replies()[0]).toContain('502')
    expect(logs.some(l => l.includes('Could not read the permission of someone'))).toBe(true)
    expect(reactions()).toEqual(['confused'])
  })

  it('asks GitHub before anything else', async () => {
    gh.state.permissions['elm/elm-infra'] = { someone: 'read' }
    await runAs('someone')
    const first = gh.requests[0]
    expect(first?.method).toBe('GET')
    expect(first?.path).toBe('/repos/elm/elm-infra/collaborators/someone/permission')
  })
})
