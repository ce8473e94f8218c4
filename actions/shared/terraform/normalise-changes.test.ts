import { describe, expect, it } from '@jest/globals'
import { diffChanges } from './diff-changes.js'
import { normaliseChanges } from './normalise-changes.js'
import { parsePlan, parsePlanText } from './parse-plan.js'
import { digestChanges, readPlanRecord, renderPlanRecord } from './plan-record.js'
import { corpusCases } from './testing/corpus.js'
import { syntheticPlan } from './testing/synthetic-plan.js'

function planWith(changes: readonly Record<string, unknown>[], extra = {}): unknown {
  return {
    format_version: '1.2',
    timestamp: '2026-11-27T03:00:00Z',
    planned_values: {},
    resource_changes: changes.map(c => ({ mode: 'managed', type: 'terraform_data', ...c })),
    ...extra
  }
}

const data = (input: string, actions = ['update']): Record<string, unknown> => ({
  address: 'terraform_data.app',
  change: {
    actions,
    before: { id: 'x', input: 'old', token: 'hunter2' },
    after: { id: 'x', input, token: 'hunter2' },
    after_unknown: { output: true },
    before_sensitive: { token: true },
    after_sensitive: { token: true }
  }
})

describe('normaliseChanges', () => {
  it('keeps address, actions and values; masks unknown and sensitive; drops no-ops', () => {
    const plan = parsePlan(
      planWith([data('new'), { address: 'terraform_data.same', change: { actions: ['no-op'] } }])
    )
    expect(normaliseChanges(plan)).toEqual([
      {
        address: 'terraform_data.app',
        actions: ['update'],
        before: { id: 'x', input: 'old', token: '(sensitive)' },
        after: { id: 'x', input: 'new', output: '(known after apply)', token: '(sensitive)' }
      }
    ])
  })

  it('ignores the timestamp and the order of keys and resources', () => {
    const a = parsePlan(planWith([data('new'), { ...data('b'), address: 'terraform_data.b' }]))
    const b = parsePlan(
      planWith([{ ...data('b'), address: 'terraform_data.b' }, data('new')], {
        timestamp: '2030-01-01T00:00:00Z'
      })
    )
    expect(digestChanges(normaliseChanges(a))).toBe(digestChanges(normaliseChanges(b)))
  })

  it('drops timestamp attributes, which move without the change being different', () => {
    const at = (stamp: string): unknown =>
      planWith([
        {
          address: 'digitalocean_droplet.node',
          change: {
            actions: ['update'],
            before: { name: 'a', created_at: stamp, tags: ['x'] },
            after: { name: 'b', created_at: stamp, tags: ['x'] },
            after_unknown: { updated_at: true }
          }
        }
      ])
    const one = normaliseChanges(parsePlan(at('2026-01-01T00:00:00Z')))
    expect(one[0]?.after).toEqual({ name: 'b', tags: ['x'] })
    expect(diffChanges(one, normaliseChanges(parsePlan(at('2026-02-02T00:00:00Z'))))).toEqual([])
  })

  it('keeps moved and imported no-ops, which applying would record', () => {
    const moved = corpusCases().find(c => c.name === 'terraform-json/moved_block')
    const [change] = normaliseChanges(parsePlanText(moved?.text ?? '', 'x'))
    expect(change).toMatchObject({ address: 'random_id.test2', previousAddress: 'random_id.test' })
  })
})

describe('diffChanges', () => {
  const reviewed = normaliseChanges(parsePlan(planWith([data('new')])))

  it('finds no difference between a plan and itself', () => {
    expect(diffChanges(reviewed, reviewed)).toEqual([])
  })

  it('says what differs, in words', () => {
    const current = normaliseChanges(
      parsePlan(
        planWith([
          data('other', ['delete', 'create']),
          { address: 'terraform_data.extra', change: { actions: ['create'], after: {} } }
        ])
      )
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

  it('never shows a sensitive value, even when only the secret changed', () => {
    const secret = (token: string): unknown =>
      planWith([
        { ...data('new'), change: { ...(data('new')['change'] as object), after: { token } } }
      ])
    const lines = diffChanges(
      normaliseChanges(parsePlan(secret('s3cret-one'))),
      normaliseChanges(parsePlan(secret('s3cret-two')))
    )
    expect(lines.join('\n')).not.toMatch(/s3cret/)
  })
})

describe('the reviewed-plan record', () => {
  const changes = normaliseChanges(parsePlan(planWith([data('new')])))

  it('round-trips through a comment body', () => {
    const body = `hello\n${renderPlanRecord(changes)}\nbye`
    expect(readPlanRecord(body)).toEqual({ digest: digestChanges(changes), changes })
  })

  it('keeps only the digest for a plan too big to record whole', () => {
    const big = normaliseChanges(parsePlan(syntheticPlan(5000).json))
    const record = renderPlanRecord(big)
    expect(record.length).toBeLessThan(200)
    expect(readPlanRecord(record)).toEqual({ digest: digestChanges(big) })
  })

  it('reads a missing or damaged record as nothing, or as the digest alone', () => {
    expect(readPlanRecord('no record here')).toBeUndefined()
    const damaged = renderPlanRecord(changes).replace(/changes=\S{8}/, 'changes=AAAAAAAA')
    expect(readPlanRecord(damaged)).toEqual({ digest: digestChanges(changes) })
  })
})
