import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { createIssues } from '../github/issues.js'
import type { Issues } from '../github/ports.js'
import { testOctokit } from '../testing/github-double/client.js'
import { type GitHubDouble, startGitHubDouble } from '../testing/github-double/index.js'
import { syncDriftIssue } from './apply-issue-action.js'
import { NOTES_END, NOTES_START } from './issue-body.js'
import { decodeState } from './issue-state.js'
import { type LayerResult, buildReport } from './report.js'

/**
 * One drift issue for life, run by run against the GitHub double (real Octokit, real REST shapes):
 * flapping drift, a maintainer's close, a removed label, maintainers' notes, a look-alike issue.
 */
const DAY = 86_400_000
const T0 = Date.parse('2026-11-01T05:17:00Z')
const run = (n: number): string => `https://github.com/elm/elm-infra/actions/runs/${n}`

const nomad = (detail: string): LayerResult => ({
  layer: 'nomad',
  status: 'drift',
  summary: '1 of 4 jobs differ',
  items: [{ subject: 'website', detail }]
})
const clean: LayerResult = {
  layer: 'nomad',
  status: 'in-sync',
  summary: '0 of 4 jobs differ',
  items: []
}
const pending: LayerResult = {
  layer: 'terraform',
  status: 'pending-apply',
  summary: '1 planned, not applied yet, from commit 1a2b3c4 "firewall (#12)"',
  items: [{ subject: 'digitalocean_firewall.web', detail: 'update: inbound_rule' }]
}

let github: GitHubDouble
let issues: Issues
let day = 0
beforeEach(async () => {
  github = await startGitHubDouble()
  issues = createIssues(
    testOctokit(github),
    { owner: 'elm', repo: 'elm-infra' },
    { runUrl: run(0) }
  )
  day = 0
})
afterEach(async () => {
  await github.close()
})

/** One daily run with these layers. */
const daily = (...layers: LayerResult[]) => {
  day++
  return syncDriftIssue(issues, buildReport(layers), T0 + day * DAY, run(day))
}
const comments = () => github.state.comments.map(c => c.body)

describe('one drift issue for life (GitHub double)', () => {
  test('drift → clean → drift, three times, keeps one issue: closed by the bot, reopened with a comment', async () => {
    for (let round = 0; round < 3; round++) {
      const opened = await daily(nomad('edited: Priority: 50 → 70'))
      expect(opened.done).toMatch(
        round === 0 ? /^opened drift issue #1/ : /^reopened drift issue #1/
      )
      expect((await daily(clean)).done).toMatch(/^closed drift issue #1/)
    }
    expect(github.state.issues).toHaveLength(1)
    expect(github.state.issues[0]?.state).toBe('closed')
    expect(comments().filter(c => c.includes('Drift is back'))).toHaveLength(2)
    expect(comments().filter(c => c.includes('so this issue is closed'))).toHaveLength(3)
    // Each reopened episode starts its own first-seen date.
    expect(decodeState(github.state.issues[0]?.body ?? '')?.firstSeen).toBe(
      new Date(T0 + 5 * DAY).toISOString()
    )
  })

  test('a hand-closed issue is an acknowledgement: reopened only when the drifting items change', async () => {
    await daily(nomad('edited: Priority: 50 → 70'))
    const issue = github.state.issues[0]!
    issue.state = 'closed' // a maintainer closes it on GitHub
    const same = await daily(nomad('edited: Priority: 50 → 70'))
    expect(same.done).toMatch(/closed by hand with these same drifting items: acknowledged/)
    expect(issue.state).toBe('closed')
    expect((await daily(clean)).done).toMatch(/is closed and no drift was found/)
    const changed = await daily(nomad('edited: Priority: 50 → 90'))
    expect(changed.done).toBe(`reopened drift issue #1`)
    expect(issue.state).toBe('open')
    expect(comments().at(-1)).toContain('the drifting items are different, so it is reopened')
    expect(github.state.issues).toHaveLength(1)
  })

  test('a removed label is put back and no duplicate is opened; notes survive every rewrite', async () => {
    await daily(nomad('edited: Priority: 50 → 70'))
    const issue = github.state.issues[0]!
    issue.labels = ['infra']
    const notes = `${NOTES_START}\n### Maintainers' notes\n\nKnown: the hotfix stays until #31 merges.\n${NOTES_END}`
    issue.body = (issue.body ?? '').replace(
      /<!-- elm-infra:notes -->[\s\S]*<!-- elm-infra:notes-end -->/,
      notes
    )
    const next = await daily(nomad('edited: Priority: 50 → 80'), pending)
    expect(next.done).toBe('updated drift issue #1 (the drift label put back)')
    expect(github.state.issues).toHaveLength(1)
    expect(issue.labels).toEqual(['infra', 'drift'])
    expect(issue.body).toContain(notes)
    // Pending apply is shown while the issue is open, and said not to be drift.
    expect(issue.body).toContain('Pending apply, not drift')
    expect(issue.body).toContain('digitalocean_firewall.web')
    await daily(clean)
    expect(issue.body).toContain(notes)
  })

  test('pending apply alone never opens the issue', async () => {
    expect((await daily(pending)).done).toBe('no issue change: no drift and no drift issue')
    expect(github.state.issues).toEqual([])
  })

  test('an issue with our marker written by someone else is never taken for ours', async () => {
    await daily(nomad('edited: Priority: 50 → 70'))
    const ours = github.state.issues[0]!
    github.addIssue({ body: ours.body ?? '', labels: ['drift'], user: 'mallory' })
    ours.state = 'closed'
    ours.body = (ours.body ?? '').replace('elm-infra:drift-state', 'x') // a hand-edited body: no state
    const next = await daily(nomad('edited: Priority: 50 → 70'))
    expect(next.done).toBe('reopened drift issue #1')
    expect(github.state.issues.map(i => [i.number, i.state])).toEqual([
      [1, 'open'],
      [2, 'open']
    ])
  })

  test('long failure reasons are capped in the issue', async () => {
    await daily(nomad('edited: Priority: 50 → 70'), {
      layer: 'terraform',
      status: 'unknown',
      summary: 'could not be checked',
      items: [],
      reason: `terraform init failed: ${'x'.repeat(5_000)}`
    })
    const body = github.state.issues[0]?.body ?? ''
    expect(body).toMatch(/terraform init failed: x{200,}…/)
    expect(body).not.toContain('x'.repeat(400))
  })
})
