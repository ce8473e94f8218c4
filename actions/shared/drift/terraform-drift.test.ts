import { join } from 'node:path'
import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { driftFromExitCode, readPlanDrift, terraformLayer } from './terraform-drift.js'
import { CORPUS_DIR } from '../testing/corpus.js'

const CORPUS = join(CORPUS_DIR, 'terraform-plans')
const plan = (name: string): unknown =>
  JSON.parse(readFileSync(`${CORPUS}/${name}/plan.json`, 'utf8'))

describe('driftFromExitCode', () => {
  test.each([
    [0, 'in-sync'],
    [2, 'drift'],
    [1, 'error'],
    [3, 'error'],
    [-1, 'error'],
    [127, 'error']
  ])('exit %i → %s', (code, expected) => {
    expect(driftFromExitCode(code)).toBe(expected)
  })
})

describe('readPlanDrift on recorded plans', () => {
  const cases = [
    {
      name: 'opentofu/drift_refresh_only',
      changes: [],
      outside: ['tfcoremock_simple_resource.drift']
    },
    {
      name: 'opentofu/moved_with_drift',
      changes: ['tfcoremock_simple_resource.base_after', 'tfcoremock_simple_resource.dependent'],
      outside: ['tfcoremock_simple_resource.base_after']
    },
    { name: 'opentofu/replace_within_list', changes: ['tfcoremock_list.list'], outside: [] },
    { name: 'opentofu/moved_simple', changes: [], outside: [] },
    { name: 'terraform-json/moved_block', changes: [], outside: [] }
  ]
  test.each(cases)('$name', ({ name, changes, outside }) => {
    const drift = readPlanDrift(plan(name))
    expect(drift.changes.map(c => c.subject)).toEqual(changes)
    expect(drift.outside.map(c => c.subject)).toEqual(outside)
  })

  test('says which attributes changed outside Terraform, never their values', () => {
    const drift = readPlanDrift(plan('opentofu/drift_relevant_attributes'))
    expect(drift.outside).toEqual([
      {
        subject: 'tfcoremock_simple_resource.base',
        detail: 'changed outside Terraform (update): number, string'
      }
    ])
    expect(JSON.stringify(drift)).not.toContain('Hello')
  })

  test('replacements are called replace; outputs are listed', () => {
    expect(readPlanDrift(plan('opentofu/simple_object_replace')).changes[0]?.detail).toBe('replace')
    const outputs = readPlanDrift(plan('opentofu/variables_and_outputs')).changes
    expect(outputs.map(o => o.subject)).toContain('output.list_no_default')
  })

  test('refuses what it cannot read', () => {
    expect(() => readPlanDrift('not json')).toThrow('JSON object')
    expect(() => readPlanDrift({ format_version: '2.0' })).toThrow("format_version '2.0'")
  })
})

describe('terraformLayer', () => {
  test('exit 2 with a plan is drift, listing outside changes first', () => {
    const layer = terraformLayer({ exitCode: 2, planJson: plan('opentofu/moved_with_drift') })
    expect(layer.status).toBe('drift')
    expect(layer.summary).toBe('2 to change, 1 changed outside Terraform')
    expect(layer.items[0]?.detail).toMatch(/^changed outside Terraform/)
  })

  test('exit 0 is in sync even when objects changed outside Terraform', () => {
    const layer = terraformLayer({ exitCode: 0, planJson: plan('opentofu/drift_refresh_only') })
    expect(layer).toMatchObject({ status: 'in-sync', items: [] })
    expect(layer.summary).toContain('1 changed outside Terraform')
  })

  test('exit 1 is unknown with the reason, never in sync', () => {
    const layer = terraformLayer({ exitCode: 1, error: 'terraform init failed: no provider' })
    expect(layer).toMatchObject({ status: 'unknown', reason: 'terraform init failed: no provider' })
    expect(terraformLayer({ exitCode: 1 }).reason).toBe('terraform plan failed (exit 1)')
  })

  test('exit 2 with an unreadable plan is unknown', () => {
    const layer = terraformLayer({ exitCode: 2, planJson: undefined })
    expect(layer.status).toBe('unknown')
    expect(layer.reason).toContain('could not be read')
  })
})
