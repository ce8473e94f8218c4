import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { REPO_ROOT } from '../run-action-process.js'
import { testOctokit } from './client.js'
import { ACTIONS_BOT, startGitHubDouble, type GitHubDouble } from './index.js'
import { matchRoute } from './router.js'
import { SCHEMA_FIELDS, type SchemaName } from './schema-fields.js'

/**
 * Every REST route the client calls (found in the sources, so a new call cannot be missed) is
 * answered by the double, and every field of the double's answer is a field of GitHub's OpenAPI
 * schema for that route (SCHEMA_FIELDS is checked against `@octokit/openapi-types` by the
 * compiler; render.ts's return types check the field types).
 */
const RESPONSES: Readonly<Record<string, { schema: SchemaName; list: boolean }>> = {
  'POST /repos/{owner}/{repo}/issues': { schema: 'issue', list: false },
  'PATCH /repos/{owner}/{repo}/issues/{issue_number}': { schema: 'issue', list: false },
  'GET /repos/{owner}/{repo}/issues': { schema: 'issue', list: true },
  'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': {
    schema: 'issue-comment',
    list: false
  },
  'GET /repos/{owner}/{repo}/issues/{issue_number}/comments': {
    schema: 'issue-comment',
    list: true
  },
  'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': {
    schema: 'issue-comment',
    list: false
  },
  'POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions': {
    schema: 'reaction',
    list: false
  },
  'POST /repos/{owner}/{repo}/deployments': { schema: 'deployment', list: false },
  'POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses': {
    schema: 'deployment-status',
    list: false
  },
  'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses': {
    schema: 'deployment-status',
    list: true
  },
  'GET /repos/{owner}/{repo}/collaborators/{username}/permission': {
    schema: 'repository-collaborator-permission',
    list: false
  },
  'GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls': {
    schema: 'pull-request-simple',
    list: true
  },
  'GET /orgs/{org}/packages/{package_type}/{package_name}/versions': {
    schema: 'package-version',
    list: true
  },
  'GET /users/{username}/packages/{package_type}/{package_name}/versions': {
    schema: 'package-version',
    list: true
  }
}

/** `octokit.rest.<namespace>.<method>` calls in the shipped sources (not tests, not bundles). */
function clientCalls(): string[] {
  const found = new Set<string>()
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      if (['node_modules', 'dist', 'lib', 'testing', 'test-support'].includes(name)) continue
      if (statSync(path).isDirectory()) walk(path)
      else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) {
        for (const m of readFileSync(path, 'utf8').matchAll(/octokit\.rest\.(\w+)\.(\w+)/g))
          found.add(`${m[1]}.${m[2]}`)
      }
    }
  }
  walk(join(REPO_ROOT, 'actions'))
  walk(join(REPO_ROOT, 'cli'))
  return [...found].sort()
}

/** Parameters that differ per call (an issue's state is not a deployment status's). */
const OVERRIDES: Readonly<Record<string, Record<string, unknown>>> = {
  'issues.listForRepo': { state: 'all', labels: 'drift' },
  'issues.update': { state: 'closed' }
}

let gh: GitHubDouble
let params: Record<string, unknown> = {}

beforeAll(async () => {
  gh = await startGitHubDouble()
  gh.addIssue({ number: 1, user: ACTIONS_BOT, labels: ['drift'], body: 'x' })
  const [comment] = gh.addComments(1, 1, () => ({ user: ACTIONS_BOT }))
  gh.addPull({
    number: 2,
    merged: true,
    mergeCommitSha: 'c'.repeat(40),
    mergedAt: '2026-01-02T00:00:00Z'
  })
  gh.addPackage({ owner: 'elm', name: 'web', versions: [{ tags: ['1'] }] })
  gh.addPackage({ owner: 'evan', ownerKind: 'users', name: 'web', versions: [{ tags: ['1'] }] })
  gh.state.permissions['elm/elm-infra'] = { someone: 'maintain', evan: 'admin' }
  const { data } = await testOctokit(gh).rest.repos.createDeployment({
    owner: 'elm',
    repo: 'elm-infra',
    ref: 'main',
    auto_merge: false,
    required_contexts: []
  })
  params = {
    owner: 'elm',
    repo: 'elm-infra',
    org: 'elm',
    username: 'evan',
    issue_number: 1,
    comment_id: comment?.id,
    deployment_id: 'id' in data ? data.id : 0,
    commit_sha: 'c'.repeat(40),
    package_type: 'container',
    package_name: 'web',
    per_page: 100,
    body: 'hello',
    title: 'Drift',
    ref: 'main',
    auto_merge: false,
    required_contexts: [],
    state: 'success',
    content: '+1'
  }
})
afterAll(async () => gh.close())

function expectFieldsOf(schema: SchemaName, value: unknown, where: string): void {
  expect(typeof value).toBe('object')
  const allowed: readonly string[] = SCHEMA_FIELDS[schema]
  const extra = Object.keys(value as object).filter(k => !allowed.includes(k))
  expect({ where, extra }).toEqual({ where, extra: [] })
  for (const key of ['user', 'creator'] as const) {
    const nested = (value as Record<string, unknown>)[key]
    const inner: SchemaName =
      schema === 'repository-collaborator-permission' ? 'nullable-collaborator' : 'simple-user'
    if (nested && typeof nested === 'object') expectFieldsOf(inner, nested, `${where}.${key}`)
  }
}

describe('the GitHub double against the OpenAPI schema', () => {
  const calls = clientCalls()

  it('finds the client’s calls in the sources', () => {
    expect(calls).toEqual(expect.arrayContaining(['issues.listComments', 'repos.createDeployment']))
  })

  it.each(calls)('answers %s with the schema’s fields only', async call => {
    const octokit = testOctokit(gh)
    const [ns = '', method = ''] = call.split('.')
    const fn = (
      octokit.rest as unknown as Record<
        string,
        Record<string, { endpoint: { DEFAULTS: { method: string; url: string } } }>
      >
    )[ns]?.[method]
    expect(fn).toBeDefined()
    const { method: verb, url } = fn?.endpoint.DEFAULTS ?? { method: '', url: '' }
    const route = `${verb} ${url}`
    const response = RESPONSES[route]
    expect({ route, known: response !== undefined }).toEqual({ route, known: true })
    const concrete = url.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name]))
    expect(matchRoute(verb, concrete)).toBeDefined()
    const { data, status } = await octokit.request(route, { ...params, ...OVERRIDES[call] })
    expect(status).toBeLessThan(300)
    if (!response) return
    const items = response.list ? (data as unknown[]) : [data]
    expect(items.length).toBeGreaterThan(0)
    items.forEach((item, i) => expectFieldsOf(response.schema, item, `${route}[${i}]`))
  })
})
