import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import type { RepoPermission } from './ports.js'
import { testOctokit } from '../testing/github-double/client.js'
import {
  ACTIONS_BOT,
  startGitHubDouble,
  type GitHubDouble
} from '../testing/github-double/index.js'
import { createGitHub, type GitHub } from './create-github.js'
import { githubContext } from './context.js'

let gh: GitHubDouble
let github: GitHub
const env = { GITHUB_REPOSITORY: 'elm/elm-infra', GITHUB_RUN_ID: '77' }

beforeEach(async () => {
  gh = await startGitHubDouble()
  github = createGitHub({ token: 'unused', env, octokit: testOctokit(gh) })
})
afterEach(async () => {
  await gh.close()
})

describe('collaborators', () => {
  it.each<[RepoPermission | undefined, RepoPermission]>([
    ['admin', 'admin'],
    ['maintain', 'maintain'],
    ['write', 'write'],
    ['triage', 'triage'],
    ['read', 'read'],
    ['none', 'none'],
    [undefined, 'none']
  ])('a %p collaborator has %p permission', async (role, expected) => {
    if (role) gh.state.permissions['elm/elm-infra'] = { someone: role }
    expect(await github.collaborators.permissionOf('someone')).toBe(expected)
  })
})

describe('reactions and comments', () => {
  it('adds a reaction once, even when asked twice', async () => {
    gh.addIssue({ number: 1 })
    const comment = await github.comments.create(1, 'deploying…')
    await github.reactions.addToComment(comment.id, 'rocket')
    await github.reactions.addToComment(comment.id, 'rocket')
    expect(gh.state.reactions.map(r => r.content)).toEqual(['rocket'])
    expect(
      gh.requestsTo('POST', '/repos/elm/elm-infra/issues/comments').map(r => r.status)
    ).toEqual([201, 200])
    const updated = await github.comments.update(comment.id, 'x'.repeat(100_000))
    expect(updated.id).toBe(comment.id)
    expect(gh.state.comments[0]?.body).toContain('actions/runs/77')
  })
})

describe('deployments', () => {
  it('creates a deployment for exactly the ref and reports statuses with the log link', async () => {
    const { id } = await github.deployments.create({
      ref: 'a'.repeat(40),
      environment: 'production',
      description: 'Deploy package v1.2',
      payload: { service: 'package' }
    })
    await github.deployments.setStatus(id, {
      state: 'success',
      description: 'd'.repeat(300),
      logUrl: 'https://github.com/elm/elm-infra/actions/runs/77',
      environmentUrl: 'https://package.elm-lang.org'
    })
    expect(gh.state.deployments[0]).toMatchObject({
      autoMerge: false,
      requiredContexts: [],
      productionEnvironment: true,
      transientEnvironment: false,
      payload: { service: 'package' }
    })
    const status = gh.state.deploymentStatuses[0]
    expect(status).toMatchObject({ state: 'success', logUrl: expect.stringContaining('/runs/77') })
    expect(status?.description.length).toBe(140)
  })
})

describe('issues', () => {
  const marker = '<!-- elm-infra:drift -->'

  it('finds the open issue first, else the newest closed one, by label and marker', async () => {
    gh.addIssue({
      user: ACTIONS_BOT,
      labels: ['drift'],
      body: `${marker}\nold`,
      state: 'closed',
      createdAt: '2026-01-01T00:00:00Z'
    })
    gh.addIssue({
      user: ACTIONS_BOT,
      labels: ['drift'],
      body: `${marker}\nnewer`,
      state: 'closed',
      createdAt: '2026-02-01T00:00:00Z'
    })
    gh.addIssue({ user: ACTIONS_BOT, labels: ['other'], body: `${marker}\nwrong label` })
    gh.addIssue({ user: 'other-app[bot]', labels: ['drift'], body: `${marker}\nanother bot` })
    gh.addIssue({ user: 'mallory', labels: ['drift'], body: `${marker}\na person` })
    expect(await github.issues.findByMarker('drift', marker)).toMatchObject({
      number: 2,
      state: 'closed'
    })
    const created = await github.issues.create({
      title: 'Drift',
      body: `${marker}\nnow`,
      labels: ['drift']
    })
    expect(await github.issues.findByMarker('drift', marker)).toEqual(created)
    const closed = await github.issues.update(created.number, {
      state: 'closed',
      body: `${marker}\nfixed`
    })
    expect(closed).toMatchObject({ state: 'closed', body: `${marker}\nfixed` })
    const comment = await github.issues.comment(created.number, 'Resolved.')
    expect(comment.url).toContain(`/issues/${created.number}#issuecomment-`)
    expect(await github.issues.findByMarker('drift', '<!-- elm-infra:none -->')).toBeUndefined()
  })

  it('pages through more than 100 labelled issues', async () => {
    for (let i = 0; i < 120; i++)
      gh.addIssue({ labels: ['drift'], body: 'unrelated', state: 'closed' })
    gh.addIssue({
      user: ACTIONS_BOT,
      labels: ['drift'],
      body: marker,
      state: 'closed',
      createdAt: '2025-01-01T00:00:00Z'
    })
    expect(await github.issues.findByMarker('drift', marker)).toMatchObject({ number: 121 })
    expect(gh.requestsTo('GET', '/repos/elm/elm-infra/issues')).toHaveLength(2)
  })
})

describe('pull requests', () => {
  it('finds the merged PR for a merge commit, and none for an unmerged one', async () => {
    const sha = 'b'.repeat(40)
    gh.addPull({ number: 3, commits: [sha] })
    gh.addPull({
      number: 4,
      merged: true,
      mergedAt: '2026-01-02T00:00:00Z',
      mergeCommitSha: sha,
      state: 'closed'
    })
    expect(await github.pullRequests.findMergedFor(sha)).toBe(4)
    gh.state.commits['elm/elm-infra'] = ['c'.repeat(40)]
    expect(await github.pullRequests.findMergedFor('c'.repeat(40))).toBeUndefined()
    await expect(github.pullRequests.findMergedFor('d'.repeat(40))).rejects.toThrow(
      'No commit found'
    )
  })
})

describe('githubContext', () => {
  it('reads the repository and run link', () => {
    expect(githubContext(env)).toMatchObject({
      owner: 'elm',
      repo: 'elm-infra',
      runUrl: 'https://github.com/elm/elm-infra/actions/runs/77',
      apiUrl: 'https://api.github.com'
    })
    expect(() => githubContext({})).toThrow('GITHUB_REPOSITORY is "": expected \'owner/repo\'')
  })
})
