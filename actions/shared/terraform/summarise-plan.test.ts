import { describe, expect, it } from '@jest/globals'
import { parsePlanText } from './parse-plan.js'
import { summarisePlan, type PlanSummary } from './summarise-plan.js'
import { corpusCases } from './testing/corpus.js'

const cases = corpusCases().filter(c => !c.name.endsWith('/invalid'))
const opentofu = cases.filter(c => c.humanPlan !== undefined)

/** The CLI's own line: `Plan: [N to import, ]N to add, N to change, N to destroy.` */
function planLine(text: string): { add: number; change: number; destroy: number; import: number } {
  const m = /^Plan: (?:(\d+) to import, )?(\d+) to add, (\d+) to change, (\d+) to destroy\./m.exec(
    text
  )
  if (!m) return { add: 0, change: 0, destroy: 0, import: 0 }
  return {
    import: Number(m[1] ?? 0),
    add: Number(m[2]),
    change: Number(m[3]),
    destroy: Number(m[4])
  }
}

describe('summarisePlan on every OpenTofu plan, against the Plan: line printed beside it', () => {
  it('has OpenTofu cases to check', () => expect(opentofu.length).toBeGreaterThan(30))

  it.each(opentofu.map(c => [c.name, c] as const))('%s', (_name, c) => {
    const human = c.humanPlan ?? ''
    const summary = summarisePlan(parsePlanText(c.text, c.file))
    const expected = planLine(human)
    expect({
      add: summary.add,
      change: summary.change,
      destroy: summary.destroy,
      import: summary.import
    }).toEqual(expected)
    // The CLI prints a Plan: line exactly when it shows resource changes.
    expect(/^Plan: /m.test(human)).toBe(summary.resources.length > 0)
    if (/^No changes\./m.test(human)) expect(summary.hasChanges).toBe(false)
    if (/Changes to Outputs:/.test(human)) expect(summary.outputs).toBeGreaterThan(0)
    if (/Objects have changed outside/.test(human)) expect(summary.drift).toBeGreaterThan(0)
    if (/has moved to|\(moved from /.test(human)) expect(summary.move).toBeGreaterThan(0)
  })
})

type Figures = Pick<
  PlanSummary,
  'add' | 'change' | 'destroy' | 'replace' | 'import' | 'move' | 'read' | 'outputs' | 'hasChanges'
>
const zero: Figures = {
  add: 0,
  change: 0,
  destroy: 0,
  replace: 0,
  import: 0,
  move: 0,
  read: 0,
  outputs: 0,
  hasChanges: false
}

describe('summarisePlan on the terraform-json plans (figures read off each file)', () => {
  const expected: Readonly<Record<string, Partial<Figures>>> = {
    '013_module_depends_on': { add: 2, read: 1, hasChanges: true },
    '110_basic': { add: 7, outputs: 8, hasChanges: true },
    '110_sensitive_values': { add: 7, outputs: 8, hasChanges: true },
    action_reason: { add: 1, destroy: 1, replace: 1, hasChanges: true },
    // An `action` invocation alone is a change (the CLI prints "Actions: 1 to invoke").
    actions: { hasChanges: true },
    basic: { add: 7, read: 1, outputs: 8, hasChanges: true },
    config_resource_depends_on: { add: 1, destroy: 1, replace: 1, hasChanges: true },
    // Format 0.1 recorded unchanged outputs as created (before null): the CLI diff shows them.
    has_changes: { outputs: 8, hasChanges: true },
    identity: { change: 1, import: 1, hasChanges: true },
    moved_block: { move: 1, hasChanges: true },
    no_changes: { outputs: 8, hasChanges: true }
  }
  it.each(Object.entries(expected))('%s', (name, figures) => {
    const c = cases.find(k => k.name === `terraform-json/${name}`)
    expect(c).toBeDefined()
    const s = summarisePlan(parsePlanText(c?.text ?? '', name))
    const { add, change, destroy, replace, read, outputs, hasChanges, move } = s
    expect({
      add,
      change,
      destroy,
      replace,
      import: s.import,
      move,
      read,
      outputs,
      hasChanges
    }).toEqual({ ...zero, ...figures })
  })

  it('counts a replace once in add and once in destroy, and groups it as a replace', () => {
    const c = cases.find(k => k.name === 'terraform-json/action_reason')
    const s = summarisePlan(parsePlanText(c?.text ?? '', 'action_reason'))
    expect(s.resources).toEqual([
      expect.objectContaining({
        action: 'replace-destroy-first',
        reason: 'replace_because_tainted'
      })
    ])
  })
})
