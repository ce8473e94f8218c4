import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { type GitHubDouble, startGitHubDouble } from '../../shared/testing/github-double/index.js'
import { connectGitHub } from './connect-github.js'
import { main } from './main.js'
import { fakeDeps } from './test-support/fakes.js'

/**
 * Issue #27: the `/deploy` reply is edited by id when the deploy ends. Someone deleted it while the
 * deploy ran: GitHub (here its double, which answers a missing comment 404 as "Update an issue
 * comment" does) refuses the edit; the result must still reach the pull request and the reply job
 * must not fail.
 */

// Real processes and servers: seconds on a busy 2-core machine.
jest.setTimeout(30_000)

let gh: GitHubDouble
beforeEach(async () => {
  gh = await startGitHubDouble()
  gh.addPull({ number: 1 })
})
afterEach(async () => gh.close())

function reportDeps(commentId: number) {
  const made = fakeDeps({
    inputs: {
      mode: 'report',
      'comment-id': String(commentId),
      service: 'package-site',
      version: '1.3',
      result: 'success',
      status: 'success',
      promoted: 'true'
    }
  })
  const github = connectGitHub(
    'ghs_x',
    { owner: 'elm', repo: 'elm-infra' },
    { env: { GITHUB_API_URL: gh.url }, timing: { retries: 0, writeSpacingMs: 0 } }
  )
  return { ...made, deps: { ...made.deps, connectGitHub: () => github } }
}

describe('report mode when the reply was deleted', () => {
  it('posts the result as a new comment and succeeds', async () => {
    const [reply] = gh.addComments(1, 1, () => ({ body: '⏳ Deploying package-site 1.3' }))
    const id = reply?.id ?? 0
    gh.state.comments = gh.state.comments.filter(c => c.id !== id) // deleted by someone
    const { deps, recorded } = reportDeps(id)
    await main(deps)
    expect(gh.requestsTo('PATCH', `/repos/elm/elm-infra/issues/comments/${id}`)).toHaveLength(1)
    const posted = gh.state.comments.filter(c => c.issueNumber === 1)
    expect(posted).toHaveLength(1)
    expect(posted[0]?.body).toContain('package-site')
    expect(recorded.logs.join('\n')).toContain(`The reply ${id} is gone`)
    expect(recorded.outputs['decision']).toBe('deploy')
  })

  it('edits the reply in place when it is still there', async () => {
    const [reply] = gh.addComments(1, 1, () => ({ body: '⏳ Deploying package-site 1.3' }))
    const { deps } = reportDeps(reply?.id ?? 0)
    await main(deps)
    expect(gh.state.comments.filter(c => c.issueNumber === 1)).toHaveLength(1)
    expect(gh.state.comments[0]?.body).not.toContain('⏳')
  })
})
