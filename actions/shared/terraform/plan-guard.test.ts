import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parsePlan } from './parse-plan.js'
import { digestIntent, guardPlan, keyedHash, planIntent, type PlanIntent } from './plan-guard.js'

/**
 * The apply guard's outputs rule without the engine: on plans terraform 1.11.4 recorded
 * (fixtures/guard-outputs/README.md) that differ only in their outputs, the guard refuses and names
 * the output. cli/commands/plan-guard.engine.test.ts proves the same on plans it makes itself.
 */
const FIXTURES = join(import.meta.dirname, 'fixtures', 'guard-outputs')
const keyed = keyedHash('k'.repeat(32))
// The same configuration digests on both sides: only what the plans themselves say differs.
const CONFIG = { 'main.tf': 'digest-of-main-tf' }

function intentOf(name: string): PlanIntent {
  const json: unknown = JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8'))
  return planIntent(parsePlan(json), CONFIG, keyed)
}
const reviewed = intentOf('reviewed')
const asReviewed = { digest: digestIntent(reviewed), intent: reviewed }

describe('the apply guard refuses a plan whose outputs differ from the reviewed one', () => {
  it('the reviewed plan itself is accepted; its intent carries every output', () => {
    expect(guardPlan(asReviewed, intentOf('reviewed'))).toEqual({ same: true })
    expect(reviewed.outputs.map(o => o.address)).toEqual(['output.site', 'output.token'])
  })

  it('an output changed: refused, naming the output and both values', () => {
    expect(guardPlan(asReviewed, intentOf('site-changed'))).toEqual({
      same: false,
      differences: [
        '~ output.site: after was "https://v2.example" in the reviewed plan, now "https://attacker.example"'
      ]
    })
  })

  it('an output added: refused, naming it', () => {
    expect(guardPlan(asReviewed, intentOf('output-added'))).toEqual({
      same: false,
      differences: ['+ output.more: now planned to create, which was not in the reviewed plan']
    })
  })

  it('a sensitive output changed: refused, without the secret', () => {
    const verdict = guardPlan(asReviewed, intentOf('token-changed'))
    expect(verdict).toEqual({
      same: false,
      differences: ['~ output.token: after: (sensitive) changed']
    })
    expect(JSON.stringify([verdict, reviewed])).not.toContain('s3cr3t')
  })

  it('with only the reviewed digest to compare, an output change is still refused, naming both digests', () => {
    const current = intentOf('site-changed')
    expect(guardPlan({ digest: asReviewed.digest }, current)).toEqual({
      same: false,
      differences: [
        `the reviewed plan's digest ${asReviewed.digest.slice(0, 12)} differs from this plan's ${digestIntent(current).slice(0, 12)} (the reviewed plan was too large to record in detail)`
      ]
    })
  })

  it('a recorded intent equal to this plan under another digest (a damaged record) is refused, naming both digests', () => {
    const damaged = { digest: 'f'.repeat(64), intent: reviewed }
    expect(guardPlan(damaged, intentOf('reviewed'))).toEqual({
      same: false,
      differences: [
        `the reviewed plan's digest ffffffffffff differs from this plan's ${asReviewed.digest.slice(0, 12)}`
      ]
    })
  })
})
