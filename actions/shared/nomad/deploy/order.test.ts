import { describe, expect, it } from '@jest/globals'
import { type OrderFacts, decideOrder, triggerOf } from './order.js'

const A = 'a'.repeat(40)
const B = 'b'.repeat(40)
const facts = (over: Partial<OrderFacts>): OrderFacts => ({
  jobId: 'www',
  commit: A,
  trigger: 'push',
  by: 'push by evancz',
  running: { commit: B, by: 'push by octocat' },
  relation: 'ours-older',
  ...over
})

describe('decideOrder', () => {
  it('skips a push older than the running commit, naming both and the way to roll back', () => {
    expect(decideOrder(facts({}))).toEqual({
      deploy: false,
      reason:
        "www already runs bbbbbbbbbbbb (push by octocat), a newer commit of main than this run's aaaaaaaaaaaa: " +
        'deploying it would roll the service back, so this push deploy is skipped. To roll back on purpose, use /deploy or run deploy.yml by hand.'
    })
  })

  it('deploys an explicit older deploy and keeps the newer commit recorded', () => {
    expect(decideOrder(facts({ trigger: 'explicit', by: '/deploy by evancz' }))).toMatchObject({
      deploy: true,
      record: { commit: B, by: '/deploy by evancz' }
    })
  })

  it.each([
    ['same', A],
    ['ours-newer', A],
    ['unrelated', A],
    ['unknown', A]
  ] as const)('deploys a push when the relation is %s, recording its own commit', (relation, c) => {
    expect(decideOrder(facts({ relation }))).toMatchObject({ deploy: true, record: { commit: c } })
  })

  it('deploys when nothing is running or nothing was recorded', () => {
    expect(decideOrder(facts({ running: undefined, relation: undefined }))).toMatchObject({
      deploy: true,
      note: 'www is not running yet'
    })
    expect(decideOrder(facts({ running: {}, relation: undefined }))).toMatchObject({
      deploy: true,
      note: expect.stringContaining('records no commit')
    })
  })
})

describe('triggerOf', () => {
  it('tells push from explicit deploys by the event, and names who asked', () => {
    expect(triggerOf({ GITHUB_EVENT_NAME: 'push', GITHUB_SHA: A, GITHUB_ACTOR: 'x' })).toEqual({
      trigger: 'push',
      by: 'push by x',
      commit: A
    })
    expect(
      triggerOf({ GITHUB_EVENT_NAME: 'issue_comment', GITHUB_SHA: A, GITHUB_ACTOR: 'y' })
    ).toEqual({ trigger: 'explicit', by: '/deploy by y', commit: A })
    expect(triggerOf({ GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_SHA: A })?.trigger).toBe(
      'explicit'
    )
    expect(triggerOf({ GITHUB_SHA: A })).toBeUndefined()
    expect(triggerOf({ GITHUB_EVENT_NAME: 'push', GITHUB_SHA: 'HEAD' })).toBeUndefined()
  })
})
