import { describe, expect, it } from '@jest/globals'
import type { BlockingQuery, Evaluation } from '../types.js'
import { fakeClient, fakeClock } from './fakes.js'
import { followEvaluation } from './eval.js'

/**
 * eval.ts over a fake client: an evaluation is followed with blocking queries while pending, and
 * along NextEval as `nomad job run` does (command/monitor.go follows `NextEval` of a complete
 * evaluation without failed placements). Its seam with Nomad's answers: the simulated cluster
 * (scenarios.test.ts).
 */

const ev = (over: Partial<Evaluation>): Evaluation => ({
  id: 'e1',
  status: 'complete',
  statusDescription: '',
  deploymentId: '',
  triggeredBy: 'job-register',
  jobModifyIndex: 40,
  nextEval: '',
  blockedEval: '',
  failedPlacements: [],
  ...over
})
const failure = {
  group: 'web',
  nodesEvaluated: 1,
  nodesFiltered: 1,
  nodesExhausted: 0,
  nodesAvailable: {},
  classFiltered: {},
  constraintFiltered: {},
  classExhausted: {},
  dimensionExhausted: {},
  quotaExhausted: [],
  coalescedFailures: 0
}

function evals(script: Record<string, readonly Evaluation[]>, clock: ReturnType<typeof fakeClock>) {
  const asked: [string, BlockingQuery | undefined][] = []
  const seen: Record<string, number> = {}
  const client = fakeClient({
    readEvaluation: async (id, q) => {
      asked.push([id, q])
      clock.at += q?.waitMs ?? 500
      const n = (seen[id] = (seen[id] ?? 0) + 1)
      const answers = script[id] ?? []
      const value = answers[Math.min(n, answers.length) - 1]
      if (value === undefined) throw new Error(`no evaluation ${id}`)
      return { value, index: 50 + asked.length }
    }
  })
  return { client, asked }
}

describe('followEvaluation', () => {
  it('blocks while pending, at most 60 s a read, then follows NextEval from index 0', async () => {
    const clock = fakeClock()
    const deadline = clock.at + 600_000
    const next = ev({ id: 'e2', status: 'complete' })
    const { client, asked } = evals(
      {
        e1: [ev({ status: 'pending' }), ev({ status: 'pending' }), ev({ nextEval: 'e2' })],
        e2: [ev({ id: 'e2', status: 'pending' }), next]
      },
      clock
    )
    await expect(followEvaluation(client, 'e1', () => deadline - clock.now())).resolves.toBe(next)
    expect(asked).toEqual([
      ['e1', undefined],
      ['e1', { index: 51, waitMs: 60_000 }],
      ['e1', { index: 52, waitMs: 60_000 }],
      ['e2', undefined],
      ['e2', { index: 54, waitMs: 60_000 }]
    ])
  })

  it('waits no longer than what is left, and gives up when nothing is', async () => {
    const clock = fakeClock()
    const deadline = clock.at + 10_000
    const { client, asked } = evals({ e1: [ev({ status: 'pending' })] }, clock)
    await expect(
      followEvaluation(client, 'e1', () => deadline - clock.now())
    ).resolves.toBeUndefined()
    expect(asked).toEqual([
      ['e1', undefined],
      ['e1', { index: 51, waitMs: 9_500 }]
    ])
    const none = evals({ e1: [ev({})] }, clock)
    await expect(followEvaluation(none.client, 'e1', () => 0)).resolves.toBeUndefined()
    expect(none.asked).toEqual([])
  })

  it('stops at an evaluation that is not complete, has failed placements, or when told not to follow', async () => {
    const clock = fakeClock()
    const left = (): number => 60_000
    const cases: [Evaluation, boolean][] = [
      [ev({ status: 'failed', nextEval: 'e2' }), true],
      [ev({ status: 'blocked', nextEval: 'e2' }), true],
      [ev({ nextEval: 'e2', failedPlacements: [failure] }), true],
      [ev({ nextEval: 'e2' }), false],
      [ev({ nextEval: '' }), true]
    ]
    for (const [first, follow] of cases) {
      const { client, asked } = evals({ e1: [first], e2: [ev({ id: 'e2' })] }, clock)
      await expect(followEvaluation(client, 'e1', left, follow)).resolves.toBe(first)
      expect(asked).toEqual([['e1', undefined]])
    }
  })
})
