import { describe, expect, it } from '@jest/globals'
import { parsePlan, parsePlanText, PlanFormatError } from './parse-plan.js'
import { corpusCases } from './testing/corpus.js'

describe('parsePlan', () => {
  it('reads every corpus plan but the invalid one', () => {
    for (const c of corpusCases().filter(k => !k.name.endsWith('/invalid'))) {
      expect(parsePlanText(c.text, c.file).formatVersion).toMatch(/^[01]\.\d+$/)
    }
  })

  it('gives one clear line naming the file and the position for the invalid corpus file', () => {
    const invalid = corpusCases().find(c => c.name === 'terraform-json/invalid')
    expect(invalid).toBeDefined()
    const attempt = (): unknown => parsePlanText(invalid?.text ?? '', 'invalid/plan.json')
    expect(attempt).toThrow(PlanFormatError)
    expect(attempt).toThrow(/^invalid\/plan\.json: not valid JSON at line 676, column 29 \(/)
    try {
      attempt()
    } catch (error) {
      expect(String(error instanceof Error ? error.message : error)).not.toContain('\n')
    }
  })

  const bad: readonly (readonly [string, unknown, RegExp])[] = [
    ['an array', [], /expected a JSON object, got an array/],
    ['no format_version', { planned_values: {} }, /"format_version" is missing/],
    ['a future major format', { format_version: '2.0', planned_values: {} }, /is "2.0"/],
    ['a state file', { format_version: '1.0', values: {} }, /state file/],
    [
      'an unknown action',
      {
        format_version: '1.2',
        planned_values: {},
        resource_changes: [{ address: 'a.b', mode: 'managed', change: { actions: ['explode'] } }]
      },
      /a\.b: unknown action "explode"/
    ],
    [
      'a resource without an address',
      { format_version: '1.2', planned_values: {}, resource_changes: [{ mode: 'managed' }] },
      /resource_changes\[0\] has no "address"/
    ],
    [
      'resource_changes that is not a list',
      { format_version: '1.2', planned_values: {}, resource_changes: {} },
      /"resource_changes" is an object, not an array/
    ]
  ]
  it.each(bad)('rejects %s with the file name', (_name, value, message) => {
    expect(() => parsePlan(value, 'x.json')).toThrow(message)
    expect(() => parsePlan(value, 'x.json')).toThrow(/^x\.json: not a Terraform JSON plan: /)
  })

  it('marks outputs declared sensitive even when the format-0.x change does not', () => {
    const plan = parsePlan({
      format_version: '0.1',
      planned_values: { outputs: { pw: { sensitive: true, value: 'hunter2' } } },
      output_changes: { pw: { actions: ['create'], before: null, after: 'hunter2' } }
    })
    expect(plan.outputChanges.get('pw')?.afterSensitive).toBe(true)
  })
})
