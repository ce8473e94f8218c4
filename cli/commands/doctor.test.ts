import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import type { BranchPolicy, Environment, Rule } from '../../actions/shared/repo/doctor.js'
import { ownedPaths } from '../../actions/shared/repo/doctor.js'
import {
  type GitHubDouble,
  startGitHubDouble
} from '../../actions/shared/testing/github-double/index.js'
import { cli } from '../test-support/run-cli.js'

/**
 * Issue #27: `elm-infra doctor` over the GitHub double's settings endpoints, seeded with answers of
 * the types @octokit/openapi-types gives those endpoints.
 */

// Real processes and servers: seconds on a busy 2-core machine.
jest.setTimeout(30_000)

let gh: GitHubDouble
beforeEach(async () => {
  gh = await startGitHubDouble()
})
afterEach(async () => gh.close())

const env = (): Record<string, string> => ({ GITHUB_API_URL: gh.url, GITHUB_TOKEN: 'ghs_x' })

function environment(name: string, custom: boolean): Environment {
  return {
    id: name.length,
    node_id: `EN_${name}`,
    name,
    url: `${gh.url}/repos/elm/elm-infra/environments/${name}`,
    html_url: `https://github.com/elm/elm-infra/deployments/activity_log?environments_filter=${name}`,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    deployment_branch_policy: custom
      ? { protected_branches: false, custom_branch_policies: true }
      : null
  }
}
const mainOnly: BranchPolicy[] = [{ id: 1, node_id: 'P1', name: 'main', type: 'branch' }]

const RULES: Rule[] = [
  {
    type: 'pull_request',
    ruleset_source_type: 'Repository',
    ruleset_source: 'elm/elm-infra',
    ruleset_id: 7,
    parameters: {
      dismiss_stale_reviews_on_push: true,
      require_code_owner_review: true,
      require_last_push_approval: true,
      required_approving_review_count: 1,
      required_review_thread_resolution: false
    }
  },
  {
    type: 'non_fast_forward',
    ruleset_source_type: 'Repository',
    ruleset_source: 'elm/elm-infra',
    ruleset_id: 7
  }
]

describe('elm-infra doctor', () => {
  it('says everything that is missing on a bare repository, and exits 1', async () => {
    gh.state.settings['elm/elm-infra'] = {
      protectionForbidden: true,
      environments: [
        { environment: environment('production', false), policies: [] },
        { environment: environment('plan', false), policies: [] }
      ]
    }
    const { code, out } = await cli(['doctor', '--repo', 'elm/elm-infra'], env())
    expect(code).toBe(1)
    expect(out).toContain(
      '✗ main does not require a reviewed pull request (branch protection unreadable: HTTP 403: Resource not accessible by integration; no ruleset requires one)'
    )
    expect(out).toContain('✗ there is no CODEOWNERS file')
    expect(out).toContain("✗ 'production' accepts runs from other branches too")
    expect(out).toContain("✗ there is no 'drift' environment")
    expect(out).toContain('fix: Settings → Rules → Rulesets')
    expect(out).toContain('elm/elm-infra: 6 setting(s) missing.')
  })

  it('passes a repository set up as the runbook says', async () => {
    gh.state.settings['elm/elm-infra'] = {
      rules: { main: RULES },
      environments: [
        { environment: environment('production', true), policies: mainOnly },
        { environment: environment('drift', true), policies: mainOnly },
        { environment: environment('plan', false), policies: [] }
      ],
      files: {
        '.github/CODEOWNERS':
          '# owners\n/.github/ @elm/infra\n/actions/ @elm/infra\n/terraform/ @elm/infra\n'
      }
    }
    const { code, out } = await cli(['doctor', '--repo', 'elm/elm-infra'], env())
    expect(out).toContain(
      '✓ main takes changes only through pull requests with 1 approving review(s) (a ruleset)'
    )
    expect(out).toContain('✓ .github/CODEOWNERS gives .github/, actions/, terraform/ an owner')
    expect(out).toContain('elm/elm-infra: nothing missing.')
    expect(code).toBe(0)
  })

  it('names the paths CODEOWNERS leaves without an owner', () => {
    expect(ownedPaths('/.github/ @a\nactions/** @b\n')).toEqual(['.github/', 'actions/'])
    expect(ownedPaths('* @everyone')).toEqual(['.github/', 'actions/', 'terraform/'])
  })

  it('refuses a malformed --repo with what is accepted', async () => {
    const { code, err } = await cli(['doctor', '--repo', 'nope'], env())
    expect(code).toBe(2)
    expect(err).toBe(
      "elm-infra: --repo <owner/name>: 'nope' is not a repository: expected a GitHub repository as owner/name, e.g. elm/elm-infra. (--help for usage)\n"
    )
  })
})
