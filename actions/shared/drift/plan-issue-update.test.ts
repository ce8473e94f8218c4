import { describe, expect, test } from '@jest/globals'
import type { IssueRef } from '../github/ports.js'
import { DRIFT_MARKER, decodeState, encodeState } from './issue-state.js'
import { type IssueAction, planIssueUpdate } from './plan-issue-update.js'
import { type LayerResult, buildReport } from './report.js'

const T0 = Date.parse('2026-11-20T06:00:00Z')
const DAY = 86_400_000
const run = (n: number): string => `https://github.com/elm/elm-infra/actions/runs/${n}`

const nomadDrift: LayerResult = {
  layer: 'nomad',
  status: 'drift',
  summary: '1 of 4 jobs differ',
  items: [{ subject: 'website', detail: 'edited: group web: Count' }]
}
const nomadSync: LayerResult = {
  layer: 'nomad',
  status: 'in-sync',
  summary: '0 of 4 jobs differ',
  items: []
}
const nomadUnknown: LayerResult = {
  layer: 'nomad',
  status: 'unknown',
  summary: 'could not be checked',
  items: [],
  reason: 'connect ECONNREFUSED 127.0.0.1:4646'
}
const tfSync: LayerResult = {
  layer: 'terraform',
  status: 'in-sync',
  summary: 'no changes',
  items: []
}
const tfDrift: LayerResult = {
  layer: 'terraform',
  status: 'drift',
  summary: '1 to change',
  items: [{ subject: 'digitalocean_droplet.node[0]', detail: 'update: size' }]
}

/** Applies an action to a one-issue world, the way main() does through the Issues port. */
function apply(issue: IssueRef | undefined, action: IssueAction): IssueRef | undefined {
  switch (action.kind) {
    case 'create':
      return { number: 1, url: 'u', state: 'open', body: action.body }
    case 'update':
      return { ...(issue as IssueRef), body: action.body }
    case 'close':
      return { ...(issue as IssueRef), body: action.body, state: 'closed' }
    case 'nothing':
      return issue
  }
}

describe('planIssueUpdate', () => {
  test('drift opens an issue with the marker, then updates it in place, keeping first seen', () => {
    const first = planIssueUpdate(undefined, buildReport([tfSync, nomadDrift]), T0, run(1))
    expect(first).toMatchObject({ kind: 'create', labels: ['drift'] })
    let issue = apply(undefined, first)
    for (let i = 2; i <= 10; i++) {
      const next = planIssueUpdate(issue, buildReport([tfSync, nomadDrift]), T0 + i * DAY, run(i))
      expect(next.kind).toBe('update')
      issue = apply(issue, next)
    }
    const body = issue?.body ?? ''
    expect(body).toContain(DRIFT_MARKER)
    expect(body).toContain('website')
    const state = decodeState(body)
    expect(state?.firstSeen).toBe(new Date(T0).toISOString())
    expect(state?.lastSeen).toBe(new Date(T0 + 10 * DAY).toISOString())
    expect(state?.runs.map(r => r.url)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1].map(run))
  })

  test('a clean run closes the open issue with a comment', () => {
    const issue = apply(
      undefined,
      planIssueUpdate(undefined, buildReport([nomadDrift]), T0, run(1))
    )
    const close = planIssueUpdate(issue, buildReport([tfSync, nomadSync]), T0 + DAY, run(2))
    expect(close.kind).toBe('close')
    if (close.kind === 'close') expect(close.comment).toContain(run(2))
  })

  test('unknown updates but never closes, and keeps showing the last known drift', () => {
    const issue = apply(
      undefined,
      planIssueUpdate(undefined, buildReport([nomadDrift]), T0, run(1))
    )
    const next = planIssueUpdate(issue, buildReport([tfSync, nomadUnknown]), T0 + DAY, run(2))
    expect(next.kind).toBe('update')
    if (next.kind !== 'update') return
    expect(next.body).toContain('ECONNREFUSED')
    expect(next.body).toContain('Last seen drifting at 2026-11-20T06:00:00.000Z')
    expect(next.body).toContain('website')
    expect(decodeState(next.body)?.lastSeen).toBe(new Date(T0).toISOString())
  })

  test('a layer not checked this run that was drifting keeps the issue open', () => {
    const issue = apply(
      undefined,
      planIssueUpdate(undefined, buildReport([tfDrift, nomadSync]), T0, run(1))
    )
    const next = planIssueUpdate(issue, buildReport([nomadSync]), T0 + DAY, run(2))
    expect(next.kind).toBe('update')
    if (next.kind === 'update') expect(next.body).toContain('Not checked in the latest run')
  })

  test.each([
    { name: 'in sync, no issue', existing: undefined, layers: [tfSync], kind: 'nothing' },
    { name: 'unknown, no issue', existing: undefined, layers: [nomadUnknown], kind: 'nothing' },
    {
      name: 'drift, only a closed issue without state: reopened, never a second one',
      existing: { number: 3, url: 'u', state: 'closed' as const, body: DRIFT_MARKER },
      layers: [nomadDrift],
      kind: 'reopen'
    },
    {
      name: 'in sync, only a closed issue',
      existing: { number: 3, url: 'u', state: 'closed' as const, body: DRIFT_MARKER },
      layers: [tfSync],
      kind: 'nothing'
    },
    {
      name: 'in sync, hand-edited open issue',
      existing: { number: 3, url: 'u', state: 'open' as const, body: `${DRIFT_MARKER}\nedited` },
      layers: [tfSync],
      kind: 'close'
    }
  ])('$name → $kind', ({ existing, layers, kind }) => {
    expect(planIssueUpdate(existing, buildReport(layers), T0, run(1)).kind).toBe(kind)
  })
})

describe('issue body size', () => {
  test('huge drift stays under GitHub’s 65,536 characters, with the state intact', () => {
    const many = (layer: 'terraform' | 'nomad' | 'ansible'): LayerResult => ({
      layer,
      status: 'drift',
      summary: 'lots',
      items: Array.from({ length: 500 }, (_, i) => ({
        subject: `${layer}-${i}`,
        detail: 'x'.repeat(1000)
      }))
    })
    const report = buildReport([many('terraform'), many('nomad'), many('ansible')])
    const action = planIssueUpdate(undefined, report, T0, run(1))
    if (action.kind !== 'create') throw new Error(action.kind)
    expect(action.body.length).toBeLessThan(65_536)
    expect(decodeState(action.body)?.lastKnown.nomad?.items).toHaveLength(20)
    expect(action.body).toContain('…and 470 more')
  })
})

describe('issue state', () => {
  test('round-trips, and nothing in it can end the HTML comment', () => {
    const state = {
      firstSeen: 'a',
      lastSeen: 'b',
      runs: [{ at: 'c', url: 'https://x/--> <!--', verdict: 'true' as const }],
      lastKnown: { nomad: { at: 'd', summary: 's', items: [{ subject: '-->', detail: '`x`' }] } }
    }
    const line = encodeState(state)
    expect(line.indexOf('-->')).toBe(line.length - 3)
    expect(decodeState(`text\n${line}\n`)).toEqual(state)
    expect(decodeState('no state here')).toBeUndefined()
    expect(decodeState('<!-- elm-infra:drift-state !!!! -->')).toBeUndefined()
  })
})
