import { describe, expect, test } from '@jest/globals'
import type { IssueRef, Issues } from '../github/ports.js'
import { syncDriftIssue } from './apply-issue-action.js'
import {
  NOTES_END,
  NOTES_START,
  notesSection,
  renderCloseComment,
  renderIssueBody,
  renderReopenComment
} from './issue-body.js'
import { DRIFT_MARKER, type IssueState, MAX_RUNS, decodeState, encodeState } from './issue-state.js'
import { driftFingerprint, planIssueUpdate } from './plan-issue-update.js'
import { type LayerResult, buildReport } from './report.js'
import { LAYER_TITLES } from './render-report.js'

/**
 * The drift issue's rules one at a time, without a server: the hidden state, the body, the
 * decision, and the order the decision is carried out in (issue-lifecycle.test.ts runs the same
 * against the GitHub double).
 */
const T0 = Date.parse('2026-11-20T06:00:00Z')
const DAY = 86_400_000
const at = (n: number): string => new Date(T0 + n * DAY).toISOString()
const run = (n: number): string => `https://github.com/elm/elm-infra/actions/runs/${n}`

const layer = (
  name: LayerResult['layer'],
  status: LayerResult['status'],
  items: LayerResult['items'] = [],
  extra: Partial<LayerResult> = {}
): LayerResult => ({ layer: name, status, summary: `${name} ${status}`, items, ...extra })
const item = (subject: string, detail = 'edited'): { subject: string; detail: string } => ({
  subject,
  detail
})
const issue = (state: IssueState, over: Partial<IssueRef> = {}): IssueRef => ({
  number: 7,
  url: 'u',
  state: 'open',
  body: renderIssueBody(state, buildReport([])),
  ...over
})
const stateOf = (over: Partial<IssueState> = {}): IssueState => ({
  firstSeen: at(0),
  lastSeen: at(0),
  runs: [{ at: at(0), url: run(0), verdict: 'true' }],
  lastKnown: {},
  ...over
})

describe('decodeState', () => {
  const decode = (raw: unknown): IssueState | undefined =>
    decodeState(
      `<!-- elm-infra:drift-state ${Buffer.from(JSON.stringify(raw)).toString('base64url')} -->`
    )

  test('keeps only well-formed runs, at most ten, and well-formed memory of known layers', () => {
    const good = { at: 'a', url: 'u', verdict: 'unknown' }
    const state = decode({
      firstSeen: 'f',
      lastSeen: 'l',
      runs: [
        good,
        { ...good, verdict: 'maybe' },
        { ...good, at: 1 },
        { ...good, url: null },
        'x',
        { ...good, verdict: 'false' },
        ...Array.from({ length: 12 }, () => ({ ...good, verdict: 'true' }))
      ],
      lastKnown: {
        terraform: { at: 't', summary: 's', items: [item('a'), { subject: 1, detail: 'x' }, 'y'] },
        nomad: { at: 't', summary: 1 },
        ansible: { at: 't', summary: 's', items: 'none' },
        docker: { at: 't', summary: 's', items: [] }
      },
      fingerprint: 3,
      closedByBot: 'yes'
    })
    expect(state?.runs).toHaveLength(MAX_RUNS)
    expect(state?.runs.slice(0, 3).map(r => r.verdict)).toEqual(['unknown', 'false', 'true'])
    expect(state?.lastKnown).toEqual({
      terraform: { at: 't', summary: 's', items: [item('a')] },
      ansible: { at: 't', summary: 's', items: [] }
    })
    expect(state).not.toHaveProperty('fingerprint')
    expect(state).not.toHaveProperty('closedByBot')
    expect(decode({ firstSeen: 'f', lastSeen: 'l', fingerprint: 'fp', closedByBot: true })).toEqual(
      {
        firstSeen: 'f',
        lastSeen: 'l',
        runs: [],
        lastKnown: {},
        fingerprint: 'fp',
        closedByBot: true
      }
    )
  })

  test('no dates, a non-object or an unterminated line is no state; the last state line counts', () => {
    expect(decode({ firstSeen: 'f' })).toBeUndefined()
    expect(decode({ lastSeen: 'l', firstSeen: 2 })).toBeUndefined()
    expect(decode(['f', 'l'])).toBeUndefined()
    expect(decode(null)).toBeUndefined()
    const older = encodeState(stateOf({ firstSeen: 'older' }))
    const newer = encodeState(stateOf({ firstSeen: 'newer' }))
    expect(decodeState(`${older}\n${newer}`)?.firstSeen).toBe('newer')
    expect(decodeState(newer.replace(/ -->$/, ''))).toBeUndefined()
  })
})

describe('planIssueUpdate rules', () => {
  test('a clean check (in sync or pending apply) clears a layer’s memory, unknown keeps it, drift replaces it', () => {
    const previous = stateOf({
      lastKnown: {
        terraform: { at: at(0), summary: 'old', items: [item('t')] },
        nomad: { at: at(0), summary: 'old', items: [item('n')] },
        ansible: { at: at(0), summary: 'old', items: [item('a')] }
      }
    })
    const action = planIssueUpdate(
      issue(previous),
      buildReport([
        layer('terraform', 'pending-apply', [item('p')]),
        layer('nomad', 'unknown', [], { reason: 'down' }),
        layer('ansible', 'drift', [item('host', 'x'.repeat(300))])
      ]),
      T0 + DAY,
      run(1)
    )
    if (action.kind !== 'update') throw new Error(action.kind)
    const state = decodeState(action.body)
    expect(Object.keys(state?.lastKnown ?? {})).toEqual(['nomad', 'ansible'])
    expect(state?.lastKnown.nomad).toEqual(previous.lastKnown.nomad)
    expect(state?.lastKnown.ansible?.at).toBe(at(1))
    expect(state?.lastKnown.ansible?.summary).toBe('ansible drift')
    // Details are clipped to 200 characters in the memory.
    expect(state?.lastKnown.ansible?.items[0]?.detail.length).toBe(200)
    expect(state?.lastKnown.ansible?.items[0]?.detail.endsWith('…')).toBe(true)
    const cleared = planIssueUpdate(
      issue(previous),
      buildReport([layer('terraform', 'in-sync'), layer('nomad', 'in-sync')]),
      T0 + DAY,
      run(1)
    )
    if (cleared.kind !== 'update') throw new Error(cleared.kind)
    expect(Object.keys(decodeState(cleared.body)?.lastKnown ?? {})).toEqual(['ansible'])
  })

  test('the issue lists the last ten runs, newest first', () => {
    const runs = Array.from({ length: 10 }, (_, i) => ({
      at: at(10 - i),
      url: run(10 - i),
      verdict: 'true' as const
    }))
    const report = buildReport([layer('nomad', 'drift', [item('web')])])
    const action = planIssueUpdate(issue(stateOf({ runs })), report, T0 + 11 * DAY, run(11))
    if (action.kind !== 'update') throw new Error(action.kind)
    const listed = action.body.split('\n').filter(l => /^- .*: drift \(\[run\]/.test(l))
    expect(listed).toHaveLength(10)
    expect(listed[0]).toContain(run(11))
    expect(listed[9]).toContain(run(2))
  })

  test('a run without drift keeps last seen and the fingerprint; a drifting one sets both', () => {
    const previous = stateOf({ lastSeen: at(2), fingerprint: 'fp-old' })
    const unknown = planIssueUpdate(
      issue(previous),
      buildReport([layer('nomad', 'unknown', [], { reason: 'x' })]),
      T0 + 3 * DAY,
      run(3)
    )
    if (unknown.kind !== 'update') throw new Error(unknown.kind)
    expect(decodeState(unknown.body)).toMatchObject({ lastSeen: at(2), fingerprint: 'fp-old' })
    const report = buildReport([layer('nomad', 'drift', [item('web')])])
    const drifting = planIssueUpdate(issue(previous), report, T0 + 3 * DAY, run(3))
    if (drifting.kind !== 'update') throw new Error(drifting.kind)
    expect(decodeState(drifting.body)).toMatchObject({
      firstSeen: at(0),
      lastSeen: at(3),
      fingerprint: driftFingerprint(report)
    })
  })

  test('the fingerprint is what drifts, in any order; pending or in-sync items do not count', () => {
    const a = layer('nomad', 'drift', [item('web'), item('api')])
    const fp = driftFingerprint(buildReport([a]))
    expect(fp).toMatch(/^[0-9a-f]{16}$/)
    expect(driftFingerprint(buildReport([{ ...a, items: [item('api'), item('web')] }]))).toBe(fp)
    expect(
      driftFingerprint(buildReport([a, layer('terraform', 'pending-apply', [item('x')])]))
    ).toBe(fp)
    expect(driftFingerprint(buildReport([{ ...a, layer: 'ansible' }]))).not.toBe(fp)
    expect(
      driftFingerprint(buildReport([{ ...a, items: [item('web'), item('api', 'other')] }]))
    ).not.toBe(fp)
    expect(driftFingerprint(buildReport([{ ...a, items: [item('web')] }]))).not.toBe(fp)
    // Free-text details cannot make two items read as one.
    expect(
      driftFingerprint(buildReport([{ ...a, items: [item('api', 'editednomad\tweb\tedited')] }]))
    ).not.toBe(fp)
  })

  test('a bot-closed issue that drifts again is reopened as a new episode: first seen now, old memory gone', () => {
    const previous = stateOf({
      closedByBot: true,
      fingerprint: 'fp',
      lastKnown: { terraform: { at: at(0), summary: 'old', items: [item('t')] } }
    })
    const report = buildReport([layer('nomad', 'drift', [item('web')])])
    const action = planIssueUpdate(
      issue(previous, { state: 'closed' }),
      report,
      T0 + 5 * DAY,
      run(5)
    )
    if (action.kind !== 'reopen') throw new Error(action.kind)
    expect(action.comment).toContain(`Drift is back as of ${at(5)}`)
    expect(action.comment).toContain(run(5))
    expect(action).not.toHaveProperty('labels')
    const state = decodeState(action.body)
    expect(state).toMatchObject({ firstSeen: at(5), lastSeen: at(5) })
    expect(Object.keys(state?.lastKnown ?? {})).toEqual(['nomad'])
    expect(state).not.toHaveProperty('closedByBot')
  })

  test('a hand-closed issue: the same drift is acknowledged, other drift reopens it, unknown does nothing', () => {
    const report = buildReport([layer('nomad', 'drift', [item('web')])])
    const closed = issue(stateOf({ fingerprint: driftFingerprint(report) }), {
      state: 'closed',
      labels: ['infra']
    })
    expect(planIssueUpdate(closed, report, T0, run(1))).toEqual({
      kind: 'nothing',
      reason: 'drift issue #7 was closed by hand with these same drifting items: acknowledged'
    })
    const other = planIssueUpdate(
      closed,
      buildReport([layer('nomad', 'drift', [item('api')])]),
      T0 + DAY,
      run(2)
    )
    if (other.kind !== 'reopen') throw new Error(other.kind)
    expect(other.comment).toContain('the drifting items are different')
    expect(other.labels).toEqual(['infra', 'drift'])
    expect(decodeState(other.body)?.firstSeen).toBe(at(0))
    expect(
      planIssueUpdate(
        closed,
        buildReport([layer('nomad', 'unknown', [], { reason: 'x' })]),
        T0,
        run(1)
      )
    ).toEqual({ kind: 'nothing', reason: 'drift issue #7 is closed and no drift was found' })
  })

  test('an open issue: clean closes it (the state says the bot closed it), a missing label is put back, present labels are left alone', () => {
    const open = issue(stateOf(), { labels: ['drift', 'infra'] })
    const clean = buildReport([layer('nomad', 'in-sync')])
    const close = planIssueUpdate(open, clean, T0 + DAY, run(1))
    if (close.kind !== 'close') throw new Error(close.kind)
    expect(close.issueNumber).toBe(7)
    expect(decodeState(close.body)?.closedByBot).toBe(true)
    expect(close.comment).toContain(`Every layer is in sync as of ${at(1)}`)
    const drift = buildReport([layer('nomad', 'drift', [item('web')])])
    expect(planIssueUpdate(open, drift, T0, run(1))).not.toHaveProperty('labels')
    expect(planIssueUpdate({ ...open, labels: undefined }, drift, T0, run(1))).not.toHaveProperty(
      'labels'
    )
    expect(planIssueUpdate({ ...open, labels: [] }, drift, T0, run(1))).toMatchObject({
      kind: 'update',
      issueNumber: 7,
      labels: ['drift']
    })
    // An open issue whose state lost its memory of an unchecked layer: unknown keeps it open.
    const unknown = buildReport([layer('nomad', 'unknown', [], { reason: 'x' })])
    expect(planIssueUpdate(open, unknown, T0, run(1)).kind).toBe('update')
  })

  test('a new issue: the create action carries the title, the drift label and the state', () => {
    const report = buildReport([layer('nomad', 'drift', [item('web')])])
    const action = planIssueUpdate(undefined, report, T0, run(1))
    expect(action).toMatchObject({
      kind: 'create',
      title: 'Drift: the running system differs from the repository',
      labels: ['drift']
    })
    if (action.kind !== 'create') throw new Error(action.kind)
    expect(decodeState(action.body)).toEqual({
      firstSeen: at(0),
      lastSeen: at(0),
      runs: [{ at: at(0), url: run(1), verdict: 'true' }],
      lastKnown: { nomad: { at: at(0), summary: 'nomad drift', items: [item('web')] } },
      fingerprint: driftFingerprint(report)
    })
    expect(
      planIssueUpdate(undefined, buildReport([layer('nomad', 'in-sync')]), T0, run(1))
    ).toEqual({
      kind: 'nothing',
      reason: 'no drift and no drift issue'
    })
    expect(planIssueUpdate(undefined, buildReport([]), T0, run(1))).toEqual({
      kind: 'nothing',
      reason: 'drift unknown and no drift issue'
    })
  })
})

describe('the issue body', () => {
  test('per layer: drift, pending apply, not checked, could not be checked (with or without a reason)', () => {
    const memory = { at: at(0), summary: 'old summary', items: [item('remembered')] }
    const state = stateOf({ lastKnown: { nomad: memory, ansible: memory } })
    const body = renderIssueBody(
      state,
      buildReport([
        layer('terraform', 'pending-apply', [item('planned')]),
        layer('nomad', 'unknown')
      ])
    )
    expect(body).toContain(
      'Pending apply, not drift: the repository is ahead of the infrastructure (terraform pending-apply).'
    )
    expect(body).toContain('planned')
    expect(body).toContain(
      `Could not be checked in the latest run (no reason given). Last seen drifting at ${at(0)} (old summary):`
    )
    expect(body).toContain(
      `Not checked in the latest run. Last seen drifting at ${at(0)} (old summary):`
    )
    const none = renderIssueBody(
      stateOf(),
      buildReport([layer('nomad', 'unknown', [], { reason: 'r' })])
    )
    expect(none).not.toContain('### Nomad')
    expect(none).not.toContain('Last seen drifting')
  })

  test('dates, the latest run, and every run with its verdict in words', () => {
    const state = stateOf({
      firstSeen: at(0),
      lastSeen: at(1),
      runs: [
        { at: at(3), url: run(3), verdict: 'unknown' },
        { at: at(2), url: run(2), verdict: 'false' },
        { at: at(1), url: run(1), verdict: 'true' }
      ]
    })
    const body = renderIssueBody(state, buildReport([]))
    expect(body.startsWith(`${DRIFT_MARKER}\n${encodeState(state)}\n\n## `)).toBe(true)
    expect(body).toContain(
      `**First seen:** ${at(0)} · **Last seen:** ${at(1)} · **Last checked:** ${at(3)} ([run](${run(3)}))`
    )
    expect(body).toContain(
      `- ${at(3)}: unknown ([run](${run(3)}))\n- ${at(2)}: in sync ([run](${run(2)}))\n- ${at(1)}: drift ([run](${run(1)}))`
    )
    expect(renderIssueBody(stateOf({ runs: [] }), buildReport([]))).toContain(
      `**Last seen:** ${at(0)}\n`
    )
  })

  test('maintainers’ notes are kept only when both markers are there, in order', () => {
    const notes = `${NOTES_START}\nmine\n${NOTES_END}`
    const fresh = notesSection(undefined)
    expect(fresh).toBe(
      `${NOTES_START}\n### Maintainers' notes\n\n_Maintainers: write here. The drift check keeps this section exactly as it is._\n${NOTES_END}`
    )
    expect(notesSection(`before ${notes} after`)).toBe(notes)
    expect(notesSection(`${NOTES_START}\nmine, end deleted`)).toBe(fresh)
    expect(notesSection(`${NOTES_END} ${NOTES_START}\nswapped`)).toBe(fresh)
    expect(notesSection('no notes at all')).toBe(fresh)
    expect(notesSection(`${NOTES_END} ${notes}`)).toBe(notes)
    // At the very start of the body; only an end marker; an end marker right after the start.
    expect(notesSection(`${notes} after`)).toBe(notes)
    expect(notesSection(`${NOTES_END} only the end`)).toBe(fresh)
    expect(notesSection(`x${NOTES_START}${NOTES_END}y`)).toBe(`${NOTES_START}${NOTES_END}`)
  })

  test('the body in order: per-layer sections under their titles, then the recent runs, then the closing words', () => {
    const memory = { at: at(0), summary: 'old summary', items: [item('remembered')] }
    const body = renderIssueBody(
      stateOf({ lastKnown: { nomad: memory } }),
      buildReport([layer('nomad', 'unknown')])
    )
    expect(body).toContain(`\n\n### ${LAYER_TITLES.nomad}\n\nCould not be checked`)
    const parts = body.split('\n\n')
    expect(parts.indexOf('### Recent runs')).toBeGreaterThan(
      parts.indexOf(`### ${LAYER_TITLES.nomad}`)
    )
    expect(
      body.endsWith(
        '\n\nThis issue is updated by the daily drift check and closed when a run finds every layer in sync. ' +
          'Closing it by hand acknowledges the drift shown: it is reopened only when the drifting items change.\n'
      )
    ).toBe(true)
    // A layer with nothing to show adds nothing: the table is followed by the recent runs.
    const quiet = renderIssueBody(stateOf(), buildReport([layer('nomad', 'in-sync')]))
    expect(quiet).toMatch(/\|\n\n### Recent runs\n\n/)
    expect(quiet.split('\n\n').filter(p => p.startsWith('### '))).toEqual(['### Recent runs'])
  })

  test('the close and reopen comments carry the marker, the time, the run and the table', () => {
    const report = buildReport([layer('nomad', 'in-sync')])
    const close = renderCloseComment(at(1), run(1), report)
    expect(
      close.startsWith(
        `${DRIFT_MARKER}\nEvery layer is in sync as of ${at(1)} ([run](${run(1)})), so this issue is closed.\n\n|`
      )
    ).toBe(true)
    const back = renderReopenComment(at(2), run(2), report, 'back')
    expect(
      back.startsWith(
        `${DRIFT_MARKER}\nDrift is back as of ${at(2)} ([run](${run(2)})), so this issue is reopened.\n\n|`
      )
    ).toBe(true)
    const changed = renderReopenComment(at(2), run(2), report, 'changed')
    expect(changed).toContain(
      `This issue was closed by hand, which acknowledged the drift it showed; as of ${at(2)} ([run](${run(2)})) the drifting items are different, so it is reopened.`
    )
  })
})

describe('syncDriftIssue carries the decision out in a safe order', () => {
  /** An in-memory Issues port that records every call. */
  function recording(existing: IssueRef | undefined, withFindOurs = true) {
    const calls: string[] = []
    const port: Issues = {
      findByMarker: async (label, marker) => {
        calls.push(`findByMarker ${label} ${marker === DRIFT_MARKER}`)
        return existing
      },
      ...(withFindOurs
        ? {
            findOurs: async (marker: string) => {
              calls.push(`findOurs ${marker === DRIFT_MARKER}`)
              return existing
            }
          }
        : {}),
      create: async input => {
        calls.push(`create ${input.title} [${input.labels.join()}]`)
        return { number: 9, url: 'u9', state: 'open', body: input.body }
      },
      update: async (n, input) => {
        calls.push(
          `update #${n} ${input.state ?? '-'} [${input.labels?.join() ?? '-'}] ${input.body !== undefined}`
        )
        return { number: n, url: 'u', state: input.state ?? 'open', body: input.body ?? '' }
      },
      comment: async (n, body) => {
        calls.push(`comment #${n} ${body.includes(DRIFT_MARKER)}`)
        return { id: 1, url: 'c' } as Awaited<ReturnType<Issues['comment']>>
      }
    }
    return { port, calls }
  }
  const drift = buildReport([layer('nomad', 'drift', [item('web')])])
  const clean = buildReport([layer('nomad', 'in-sync')])

  test('create; update (with the label put back); nothing', async () => {
    const none = recording(undefined)
    expect(await syncDriftIssue(none.port, drift, T0, run(1))).toMatchObject({
      done: 'opened drift issue #9',
      issue: { number: 9 }
    })
    expect(none.calls).toEqual([
      'findOurs true',
      'create Drift: the running system differs from the repository [drift]'
    ])
    const open = recording(issue(stateOf(), { labels: ['infra'] }))
    expect((await syncDriftIssue(open.port, drift, T0, run(1))).done).toBe(
      'updated drift issue #7 (the drift label put back)'
    )
    expect(open.calls).toEqual(['findOurs true', 'update #7 - [infra,drift] true'])
    const labelled = recording(issue(stateOf(), { labels: ['drift'] }))
    expect((await syncDriftIssue(labelled.port, drift, T0, run(1))).done).toBe(
      'updated drift issue #7'
    )
    expect(labelled.calls).toEqual(['findOurs true', 'update #7 - [-] true'])
    const nothing = recording(undefined, false)
    expect(await syncDriftIssue(nothing.port, clean, T0, run(1))).toEqual({
      done: 'no issue change: no drift and no drift issue',
      issue: undefined
    })
    expect(nothing.calls).toEqual(['findByMarker drift true'])
  })

  test('reopen opens first, then comments; close comments first, then closes', async () => {
    const closed = recording(issue(stateOf({ closedByBot: true }), { state: 'closed', labels: [] }))
    expect((await syncDriftIssue(closed.port, drift, T0, run(1))).done).toBe(
      'reopened drift issue #7'
    )
    expect(closed.calls).toEqual([
      'findOurs true',
      'update #7 open [drift] true',
      'comment #7 true'
    ])
    const labelled = recording(issue(stateOf({ closedByBot: true }), { state: 'closed' }))
    await syncDriftIssue(labelled.port, drift, T0, run(1))
    expect(labelled.calls[1]).toBe('update #7 open [-] true')
    const open = recording(issue(stateOf()))
    expect((await syncDriftIssue(open.port, clean, T0, run(1))).done).toBe(
      'closed drift issue #7: every layer is in sync'
    )
    expect(open.calls).toEqual(['findOurs true', 'comment #7 true', 'update #7 closed [-] true'])
  })
})
