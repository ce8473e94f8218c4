import { describe, expect, it } from '@jest/globals'
import { diffChanges } from './diff-changes.js'
import {
  canonicalJson,
  normaliseChanges,
  normaliseOutputs,
  normaliseValue,
  normaliseVariables,
  PLAN_TIMESTAMP,
  SENSITIVE_PREFIX,
  sensitiveValues
} from './normalise-changes.js'
import { parsePlan, parsePlanText } from './parse-plan.js'
import { digestIntent, guardPlan, keyedHash, planIntent } from './plan-guard.js'
import { readPlanRecord, renderPlanRecord } from './plan-record.js'
import type { Change, JsonValue, Plan, ResourceChange } from './plan-types.js'
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

/**
 * The rules of normaliseChanges/normaliseOutputs/normaliseVariables/sensitiveValues one at a time,
 * on Plan values shaped as parsePlan reads `terraform show -json` (plan-types.ts).
 */
describe('the normalising rules', () => {
  const change = (over: Partial<Change> = {}): Change => ({
    actions: ['update'],
    before: null,
    after: null,
    afterUnknown: null,
    beforeSensitive: null,
    afterSensitive: null,
    importing: false,
    ...over
  })
  const resource = (address: string, over: Partial<ResourceChange> = {}): ResourceChange => ({
    address,
    mode: 'managed',
    type: 'terraform_data',
    change: change(),
    ...over
  })
  const plan = (over: Partial<Plan> = {}): Plan => ({
    formatVersion: '1.2',
    resourceChanges: [],
    resourceDrift: [],
    outputChanges: new Map(),
    actionInvocations: 0,
    errored: false,
    variables: new Map(),
    ...over
  })
  const noOp = change({ actions: ['no-op'] })

  it('keeps an imported no-op (marked importing) and a moved one; drops a no-op "moved" to its own address', () => {
    const changes = normaliseChanges(
      plan({
        resourceChanges: [
          resource('terraform_data.c', { change: { ...noOp, importing: true } }),
          resource('terraform_data.b', { previousAddress: 'terraform_data.b', change: noOp }),
          resource('terraform_data.a', { previousAddress: 'terraform_data.z', change: noOp }),
          resource('terraform_data.d', { change: change({ actions: ['no-op', 'create'] }) })
        ]
      }),
      context
    )
    expect(changes).toEqual([
      {
        address: 'terraform_data.a',
        actions: ['no-op'],
        previousAddress: 'terraform_data.z',
        before: null,
        after: null
      },
      {
        address: 'terraform_data.c',
        actions: ['no-op'],
        importing: true,
        before: null,
        after: null
      },
      { address: 'terraform_data.d', actions: ['no-op', 'create'], before: null, after: null }
    ])
  })

  it('names where a change moved from only when it moved', () => {
    const [change] = normaliseChanges(
      plan({
        resourceChanges: [resource('terraform_data.a', { previousAddress: 'terraform_data.a' })]
      }),
      context
    )
    expect(change).not.toHaveProperty('previousAddress')
    expect(change).not.toHaveProperty('importing')
  })

  it('names a deposed object apart from the current one, and sorts by address', () => {
    const changes = normaliseChanges(
      plan({
        resourceChanges: [
          resource('terraform_data.b'),
          resource('terraform_data.a', {
            deposed: '00aa',
            change: change({ actions: ['delete'] })
          }),
          resource('terraform_data.a'),
          resource('terraform_data.b')
        ]
      }),
      context
    )
    expect(changes.map(c => c.address)).toEqual([
      'terraform_data.a',
      'terraform_data.a (deposed 00aa)',
      'terraform_data.b',
      'terraform_data.b'
    ])
  })

  it('outputs: every one that does something, as output.<name>, sorted; no-ops dropped', () => {
    const outputs = normaliseOutputs(
      plan({
        outputChanges: new Map([
          ['zeta', change({ actions: ['create'], after: 'z' })],
          ['same', noOp],
          ['alpha', change({ actions: ['update'], before: 'a', after: 'b' })],
          ['both', change({ actions: ['no-op', 'update'] })]
        ])
      }),
      context
    )
    expect(outputs).toEqual([
      { address: 'output.alpha', actions: ['update'], before: 'a', after: 'b' },
      { address: 'output.both', actions: ['no-op', 'update'], before: null, after: null },
      { address: 'output.zeta', actions: ['create'], before: null, after: 'z' }
    ])
  })

  it('variables: sorted by name, a sensitive one as a keyed hash, the others as planned', () => {
    const variables = normaliseVariables(
      plan({
        variables: new Map([
          ['size', { value: 's-1vcpu', sensitive: false }],
          ['api_token', { value: 'hunter2', sensitive: true }]
        ])
      }),
      context
    )
    expect(Object.keys(variables)).toEqual(['api_token', 'size'])
    expect(variables['size']).toBe('s-1vcpu')
    expect(variables['api_token']).toMatch(/^\(sensitive [0-9a-f]+\)$/)
    expect(JSON.stringify(variables)).not.toContain('hunter2')
  })

  it('a sensitive value: its unknown parts count, the timestamp in it does not', () => {
    const hash = (value: JsonValue, unknown: JsonValue, stampAt = STAMP): JsonValue =>
      normaliseValue(value, unknown, true, { keyed, planTimestamp: stampAt })
    const other = '2026-11-28T03:00:00Z'
    expect(hash({ at: `made ${STAMP}` }, null)).toBe(hash({ at: `made ${other}` }, null, other))
    expect(hash([`made ${STAMP}`], null)).toBe(hash([`made ${other}`], null, other))
    expect(hash(`made ${STAMP}`, null)).not.toBe(hash(`made ${other}`, null))
    expect(hash({ a: 'x' }, null)).not.toBe(hash({ a: 'x' }, { b: true }))
    expect(hash({ a: 'x' }, null)).not.toBe(hash({ a: 'x' }, [true]))
    expect(hash({ a: 'x' }, null)).not.toBe(hash({ a: 'x' }, [false, true]))
    expect(hash({ a: 'x' }, null)).not.toBe(hash({ a: 'x' }, { b: true, c: false }))
    expect(hash(`made ${STAMP}`, null)).toBe(hash(`made ${other}`, null, other))
    expect(hash(['a'], null)).not.toBe(hash({ 0: 'a' }, null))
    expect(hash({ a: 'x' }, { b: false })).toBe(hash({ a: 'x' }, null))
    expect(hash('x', true)).not.toBe(hash('x', null))
    expect(hash('x', true)).toBe(hash('y', true))
    expect(hash({ a: 1, b: 2 }, null)).toBe(hash({ b: 2, a: 1 }, null))
    expect(hash({ n: 1, m: [true] }, null)).not.toBe(hash({ n: 2, m: [true] }, null))
    expect(hash({ n: 1, m: [true] }, null)).not.toBe(hash({ n: 1, m: [false] }, null))
  })

  it('walks arrays and objects: unknown and sensitive markers per element and key, unknown keys added, keys sorted', () => {
    const value = normaliseValue(
      { list: ['a', 'b', 'c'], z: 1, nested: { b: `at ${STAMP}`, a: null } },
      { list: [false, true], late: true, other: false, nested: {} },
      { list: [false, false, true] },
      context
    )
    // The record is published: this is how the plan's own time reads there.
    expect(JSON.stringify(value)).toContain(`at (plan timestamp)`)
    expect(value).toEqual({
      late: '(known after apply)',
      list: ['a', '(known after apply)', expect.stringMatching(/^\(sensitive /)],
      nested: { a: null, b: `at ${PLAN_TIMESTAMP}` },
      z: 1
    })
    expect(Object.keys(value as object)).toEqual(['late', 'list', 'nested', 'z'])
    expect(Object.keys((value as { nested: object }).nested)).toEqual(['a', 'b'])
    expect(normaliseValue([1, 2], [true], null, context)).toEqual(['(known after apply)', 2])
    expect(normaliseValue('x', null, null, { keyed })).toBe('x')
  })

  it('a copy of a secret is hidden wherever it appears; null, booleans, "" and anything else are not', () => {
    const secrets = new Set([canonicalJson('hunter2'), canonicalJson({ k: 'v', a: 1 })])
    const hidden = (value: JsonValue, set: ReadonlySet<string> | undefined = secrets): boolean =>
      String(normaliseValue(value, null, null, { keyed, secrets: set })).startsWith(
        SENSITIVE_PREFIX
      )
    expect(hidden('hunter2')).toBe(true)
    expect(hidden({ a: 1, k: 'v' })).toBe(true)
    expect(hidden('hunter3')).toBe(false)
    expect(hidden('hunter2', new Set())).toBe(false)
    expect(normaliseValue('hunter2', null, null, { keyed })).toBe('hunter2')
    for (const common of [null, true, false, ''] as const)
      expect(hidden(common, new Set([canonicalJson(common)]))).toBe(false)
    expect(hidden(0, new Set([canonicalJson(0)]))).toBe(true)
  })

  it('sensitiveValues: every marked value of changes, drift, outputs and sensitive variables; nothing unmarked or too common', () => {
    const marked = (
      before: JsonValue,
      after: JsonValue,
      beforeSensitive: JsonValue,
      afterSensitive: JsonValue
    ): Change => change({ before, after, beforeSensitive, afterSensitive })
    const found = sensitiveValues(
      plan({
        resourceChanges: [
          resource('a', {
            change: marked(
              {
                t: 'b-res',
                open: 'visible',
                list: ['x', 'l-res'],
                nested: { n: 'n-res' },
                gone: null,
                word: 'chars'
              },
              { t: 'a-res', flag: true, empty: '' },
              {
                t: true,
                list: [false, true],
                nested: { n: true },
                gone: { x: true },
                word: { 0: true }
              },
              { t: true, flag: true, empty: true, missing: true }
            )
          })
        ],
        resourceDrift: [resource('b', { change: marked('b-drift', 'a-drift', true, true) })],
        outputChanges: new Map([['o', marked({ k: 'b-out' }, 'a-out', true, true)]]),
        variables: new Map([
          ['secret', { value: 'v-sens', sensitive: true }],
          ['plain', { value: 'v-plain', sensitive: false }]
        ])
      })
    )
    expect([...found].sort()).toEqual(
      ['a-res', 'b-res', 'l-res', 'n-res', 'b-drift', 'a-drift', { k: 'b-out' }, 'a-out', 'v-sens']
        .map(v => canonicalJson(v))
        .sort()
    )
  })

  it('canonicalJson sorts keys at every level, inside arrays too', () => {
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: { f: null, e: 'x' } })).toBe(
      '{"a":{"e":"x","f":null},"b":[{"c":2,"d":1}]}'
    )
  })
})
