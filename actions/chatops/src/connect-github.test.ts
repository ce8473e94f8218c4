import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { type GitHubDouble, startGitHubDouble } from '../../shared/testing/github-double/index.js'
import { connectGitHub } from './connect-github.js'

let gh: GitHubDouble
beforeEach(async () => {
  gh = await startGitHubDouble()
})
afterEach(async () => {
  await gh.close()
})

describe('connectGitHub', () => {
  it('reads the newest status of a GitHub Deployment', async () => {
    const github = connectGitHub(
      'ghs_x',
      { owner: 'elm', repo: 'elm-infra' },
      {
        env: { GITHUB_API_URL: gh.url },
        timing: { retries: 0, writeSpacingMs: 0 }
      }
    )
    const call = (path: string, body: unknown): Promise<Response> =>
      fetch(`${gh.url}${path}`, {
        method: 'POST',
        headers: { authorization: 'token ghs_x', 'content-type': 'application/json' },
        body: JSON.stringify(body)
      })
    const created = (await (
      await call('/repos/elm/elm-infra/deployments', { ref: 'main', environment: 'production' })
    ).json()) as { id: number }
    const statuses = `/repos/elm/elm-infra/deployments/${created.id}/statuses`
    await call(statuses, { state: 'in_progress', description: 'Deploying' })
    await call(statuses, { state: 'failure', description: 'Failed due to unhealthy allocations' })
    expect(await github.latestDeploymentStatus(created.id)).toBe(
      'Failed due to unhealthy allocations'
    )
    await expect(github.latestDeploymentStatus(999_999)).rejects.toThrow('404')
  })
})
