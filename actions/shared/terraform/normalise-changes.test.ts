import { describe, expect, it } from '@jest/globals'
import { diffChanges } from './diff-changes.js'
import { normaliseChanges, PLAN_TIMESTAMP } from './normalise-changes.js'
import { parsePlan, parsePlanText } from './parse-plan.js'
import { digestIntent, guardPlan, keyedHash, planIntent } from './plan-guard.js'
import { readPlanRecord, renderPlanRecord } from './plan-record.js'
import { corpusCases } from './testing/corpus.js'
import { syntheticPlan } from './testing/synthetic-plan.js'

// Shapes below follow `terraform show -json` of Terraform 1.11 (format 1.2); the engine test
// (plan-guard.engine.test.ts) proves the same behaviour on plans made by the real CLI.
const STAMP = '2026-11-27T03:00:00Z'
const keyed = keyedHash('k'.repeat(32))
const context = { keyed, planTimestamp: STAMP }

function planWith(changes: readonly Record<string, unknown>[], extra = {}): unknown {
  return {
    format_version: '1.2',
    timestamp: STAMP,
    planned_values: {},
    resource_changes: changes.map(c => ({ mode: 'managed', type: 'terraform_data', ...c })),
    ...extra
  }
}

const data = (input: string, token = 'hunter2', actions = ['update']): Record<string, unknown> => ({
  address: 'terraform_data.app',
  change: {
    actions,
    before: { id: 'x', input: 'old', token },
    after: { id: 'x', input, token },
    after_unknown: { output: true },
    before_sensitive: { token: true },
    after_sensitive: { token: true }
  }
})

const changesOf = (json: unknown): ReturnType<typeof normaliseChanges> =>
  normaliseChanges(parsePlan(json), context)

describe('normaliseChanges', () => {
  it('keeps address, actions and values; unknown and sensitive masked, keys sorted; no-ops dropped', () => {
    const [change, ...rest] = changesOf(
      planWith([data('new'), { address: 'terraform_data.same', change: { actions: ['no-op'] } }])
    )
    expect(rest).toEqual([])
    expect(change?.after).toEqual({
      id: 'x',
      input: 'new',
      output: '(known after apply)',
      token: expect.stringMatching(/^\(sensitive [0-9a-f]{32}\)$/)
    })
    expect(Object.keys(change?.after ?? {})).toEqual(['id', 'input', 'output', 'token'])
    expect(JSON.stringify(change)).not.toContain('hunter2')
  })

  it('hashes a secret under the key: equal secrets match, another secret or another key does not', () => {
    const token = (t: string, k = keyed): unknown =>
      (
        normaliseChanges(parsePlan(planWith([data('new', t)])), { keyed: k })[0]?.after as {
          token: string
        }
      ).token
    expect(token('hunter2')).toBe(token('hunter2'))
    expect(token('hunter2')).not.toBe(token('hunter3'))
    expect(token('hunter2')).not.toBe(token('hunter2', keyedHash('another key'.repeat(4))))
  })

  it('hides a copy of a sensitive value that lost its mark (terraform_data.output from state)', () => {
    // The shape `terraform show -json` gives after applying terraform_data with a sensitive input.
    const plan = parsePlan(
      planWith([
        {
          address: 'terraform_data.secret',
          change: {
            actions: ['update'],
            before: { input: 'hunter2', output: 'hunter2' },
            after: { input: 'hunter3' },
            after_unknown: { output: true },
            before_sensitive: { input: true },
            after_sensitive: { input: true }
          }
        }
      ])
    )
    const intent = planIntent(plan, {}, keyed)
    expect(JSON.stringify(intent)).not.toMatch(/hunter/)
    expect(intent.resources[0]?.before).toEqual({
      input: expect.stringMatching(/^\(sensitive /),
      output: expect.stringMatching(/^\(sensitive /)
    })
  })

  it("replaces the plan's own timestamp (plantimestamp()) and nothing else", () => {
    const at = (stamp: string): unknown => planWith([data(`built ${stamp}`)], { timestamp: stamp })
    const [one] = normaliseChanges(parsePlan(at(STAMP)), context)
    expect((one?.after as { input: string }).input).toBe(`built ${PLAN_TIMESTAMP}`)
    const other = '2026-11-27T03:00:09Z'
    const [two] = normaliseChanges(parsePlan(at(other)), { keyed, planTimestamp: other })
    expect(diffChanges([one!], [two!])).toEqual([])
  })

  it('keeps attributes named like timestamps: user-written values are intent', () => {
    const at = (created: string): unknown =>
      planWith([
        {
          address: 'terraform_data.app',
          change: { actions: ['update'], before: { created: '1' }, after: { created } }
        }
      ])
    expect(diffChanges(changesOf(at('2020')), changesOf(at('2021')))).toEqual([
      '~ terraform_data.app: after.created was "2020" in the reviewed plan, now "2021"'
    ])
  })

  it('keeps moved and imported no-ops, which applying would record', () => {
    const moved = corpusCases().find(c => c.name === 'terraform-json/moved_block')
    const [change] = normaliseChanges(parsePlanText(moved?.text ?? '', 'x'), context)
    expect(change).toMatchObject({ address: 'random_id.test2', previousAddress: 'random_id.test' })
  })
})

describe('diffChanges', () => {
  const reviewed = changesOf(planWith([data('new')]))

  it('finds no difference between a plan and itself', () => {
    expect(diffChanges(reviewed, reviewed)).toEqual([])
  })

  it('says what differs, in words', () => {
    const current = changesOf(
      planWith([
        data('other', 'hunter2', ['delete', 'create']),
        { address: 'terraform_data.extra', change: { actions: ['create'], after: {} } }
      ])
    )
    expect(diffChanges(reviewed, current)).toEqual([
      '~ terraform_data.app: the reviewed plan would update, now it would delete then create',
      '~ terraform_data.app: after.input was "new" in the reviewed plan, now "other"',
      '+ terraform_data.extra: now planned to create, which was not in the reviewed plan'
    ])
    expect(diffChanges(current, reviewed)).toContain(
      '- terraform_data.extra: the reviewed plan would create; it is no longer planned'
    )
  })

  it('finds a change only in a secret, and says so without the secret', () => {
    const lines = diffChanges(
      changesOf(planWith([data('new', 's3cret-one')])),
      changesOf(planWith([data('new', 's3cret-two')]))
    )
    expect(lines).toEqual([
      '~ terraform_data.app: before.token: (sensitive) changed',
      '~ terraform_data.app: after.token: (sensitive) changed'
    ])
  })

  it('masks a value that was sensitive in only one of the plans', () => {
    const lost = {
      ...data('new'),
      change: { ...(data('new')['change'] as object), after_sensitive: {} }
    }
    const lines = diffChanges(reviewed, changesOf(planWith([lost])))
    expect(lines).toEqual(['~ terraform_data.app: after.token: (sensitive) changed'])
  })

  it('names where a resource moved from when the reviewed plan did not move it', () => {
    const moved = {
      address: 'terraform_data.b',
      previous_address: 'terraform_data.a',
      change: { actions: ['no-op'], before: {}, after: {} }
    }
    expect(diffChanges([], changesOf(planWith([moved])))).toEqual([
      '+ terraform_data.b: now planned to no-op (moved from terraform_data.a), which was not in the reviewed plan'
    ])
  })
})

describe('guardPlan and the reviewed-plan record', () => {
  const intent = planIntent(parsePlan(planWith([data('new')])), { 'main.tf': 'abc' }, keyed)

  it('round-trips through a comment body, and accepts the same intent', () => {
    const record = readPlanRecord(`hello\n${renderPlanRecord(intent)}\nbye`)
    expect(record).toEqual({ digest: digestIntent(intent), intent })
    expect(guardPlan(record!, intent)).toEqual({ same: true })
  })

  it('never refuses with an empty list, even with only a digest to compare', () => {
    const other = planIntent(parsePlan(planWith([data('other')])), { 'main.tf': 'abc' }, keyed)
    const verdict = guardPlan({ digest: digestIntent(intent) }, other)
    expect(verdict.same).toBe(false)
    expect(verdict.same ? [] : verdict.differences).toEqual([
      expect.stringContaining('too large to record in detail')
    ])
  })

  it('keeps only the digest for a plan too big to record whole', () => {
    const big = planIntent(parsePlan(syntheticPlan(5000).json), {}, keyed)
    const record = renderPlanRecord(big)
    expect(record.length).toBeLessThan(200)
    expect(readPlanRecord(record)).toEqual({ digest: digestIntent(big) })
  })

  it('reads a missing or damaged record as nothing, or as the digest alone', () => {
    expect(readPlanRecord('no record here')).toBeUndefined()
    const damaged = renderPlanRecord(intent).replace(/intent=\S{8}/, 'intent=AAAAAAAA')
    expect(readPlanRecord(damaged)).toEqual({ digest: digestIntent(intent) })
  })
})
