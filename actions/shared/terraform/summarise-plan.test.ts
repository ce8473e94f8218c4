import { describe, expect, it } from '@jest/globals'
import { parsePlanText } from './parse-plan.js'
import { resourceAction, summarisePlan, type PlanSummary } from './summarise-plan.js'
import {
  driftShown,
  forgetShown,
  plannedShown,
  planLine,
  planLineOrZero,
  saysNoChanges
} from './testing/cli-plan-text.js'
import { recordedPlan, recordedVersion, SCENARIOS } from './testing/cli-scenarios.js'
import { expectSameAsCli } from './testing/expect-same-as-cli.js'
import { corpusCases } from './testing/corpus.js'

const cases = corpusCases().filter(c => !c.name.endsWith('/invalid'))
const opentofu = cases.filter(c => c.humanPlan !== undefined)

describe('summarisePlan on every OpenTofu plan, against the human plan printed beside it', () => {
  it('has OpenTofu cases to check', () => expect(opentofu.length).toBeGreaterThan(30))

  it.each(opentofu.map(c => [c.name, c] as const))('%s', (_name, c) => {
    expectSameAsCli(c.humanPlan ?? '', summarisePlan(parsePlanText(c.text, c.file)))
  })

  it('has cases with drift, so the drift count is checked against something', () => {
    const withDrift = opentofu.filter(c => driftShown(c.humanPlan ?? '').length > 0)
    expect(withDrift.map(c => c.name)).toEqual([
      'opentofu/drift_refresh_only',
      'opentofu/drift_relevant_attributes',
      'opentofu/moved_with_drift'
    ])
  })
})

describe(`summarisePlan on plans recorded from the terraform CLI (fixtures/terraform-cli)`, () => {
  it('were recorded with the pinned terraform', () => expect(recordedVersion()).toBe('1.11.4'))

  it.each(SCENARIOS.map(s => [s.name] as const))('%s', name => {
    const { human, json } = recordedPlan(name)
    expectSameAsCli(human, summarisePlan(parsePlanText(json, name)))
  })

  const summaryOf = (name: string): PlanSummary =>
    summarisePlan(parsePlanText(recordedPlan(name).json, name))

  it('counts a no-op import as an import, shown, and nothing to add', () => {
    const { human } = recordedPlan('noop-import')
    expect(planLine(human)).toEqual({ import: 1, add: 0, change: 0, destroy: 0 })
    const s = summaryOf('noop-import')
    expect(s.resources).toEqual([
      expect.objectContaining({ address: plannedShown(human)[0], action: 'no-op', importing: true })
    ])
    expect(s.hasChanges).toBe(true)
  })

  it('counts no data source when one is dropped from the configuration or destroyed', () => {
    expect(saysNoChanges(recordedPlan('data-source-removed').human)).toBe(true)
    expect(summaryOf('data-source-removed')).toMatchObject({ hasChanges: false, destroy: 0 })
    const destroy = recordedPlan('destroy-with-data-source')
    expect(summaryOf('destroy-with-data-source').destroy).toBe(planLine(destroy.human)?.destroy)
  })

  // Core plans a `delete` for every data source in a destroy plan (hashicorp/terraform
  // internal/terraform/node_resource_plan_destroy.go `dataResourceExecute`: before and after
  // null); the JSON has left it out since its first version (internal/command/jsonplan/plan.go
  // `MarshalResourceChanges`, 126e5f3), and the renderer skips one too (jsonformat/plan.go
  // `renderHuman`: "Don't render anything for deleted data sources"). A plan that held one must
  // still give the CLI's figures.
  it('leaves out a deleted data source as the CLI does, should the JSON hold one', () => {
    const { human, json } = recordedPlan('destroy-with-data-source')
    const plan = JSON.parse(json) as { resource_changes: unknown[] }
    plan.resource_changes.unshift({
      address: 'data.terraform_remote_state.other',
      mode: 'data',
      type: 'terraform_remote_state',
      name: 'other',
      provider_name: 'terraform.io/builtin/terraform',
      change: { actions: ['delete'], before: null, after: null, after_unknown: {} }
    })
    const s = summarisePlan(parsePlanText(JSON.stringify(plan), 'with a data delete'))
    expectSameAsCli(human, s)
    expect(s.resources.map(r => r.action)).toEqual(['delete'])
  })

  it('counts a move seen by a refresh-only plan as drift (no-op drift), as the CLI lists it', () => {
    const { human } = recordedPlan('moved-refresh-only')
    const s = summaryOf('moved-refresh-only')
    expect(driftShown(human)).toEqual(['terraform_data.a2'])
    expect(s.drifted).toEqual([
      expect.objectContaining({
        address: 'terraform_data.a2',
        previousAddress: 'terraform_data.a',
        action: 'no-op'
      })
    ])
    expect(s.drift).toBe(1)
    // The same move in a normal plan is a planned no-op, not drift.
    expect(summaryOf('moved')).toMatchObject({ drift: 0, move: 1, add: 0, destroy: 0 })
  })

  it('counts a forget in no Plan: figure and in `forget`', () => {
    const { human } = recordedPlan('forget')
    expect(planLine(human)).toEqual({ import: 0, add: 0, change: 0, destroy: 0 })
    expect(summaryOf('forget')).toMatchObject({ forget: forgetShown(human), add: 0, destroy: 0 })
    expect(forgetShown(human)).toBe(1)
  })

  // Terraform >= 1.16 plans `["create","forget"]` for a resource with `lifecycle { destroy = false }`
  // that must be replaced (internal/terraform/node_resource_abstract_instance.go `plan`) and counts
  // it in add only (jsonformat/plan.go `renderHuman`; e2etest/forget_test.go `TestForget`:
  // "Resources: 1 added" after a taint). Terraform 1.11 cannot plan one (cli-counts.engine.test.ts),
  // so the recorded replace is turned into one: add stays, destroy loses it, forget gains it.
  it('counts a create-then-forget in add and forget, not in destroy', () => {
    const { human, json } = recordedPlan('update-replace-create-delete')
    const plan = JSON.parse(json) as {
      resource_changes: { address: string; change: { actions: string[] } }[]
    }
    const replaced = plan.resource_changes.find(r => r.change.actions.join() === 'delete,create')
    if (!replaced) throw new Error('the recorded plan has no replace')
    replaced.change.actions = ['create', 'forget']
    const cli = planLineOrZero(human)
    const s = summarisePlan(parsePlanText(JSON.stringify(plan), 'create-then-forget'))
    expect(s).toMatchObject({
      add: cli.add,
      change: cli.change,
      destroy: cli.destroy - 1,
      replace: 0,
      forget: 1
    })
    expect(s.resources.find(r => r.address === replaced.address)?.action).toBe('create-then-forget')
  })
})

describe('resourceAction', () => {
  it.each([
    [['no-op'], 'no-op'],
    [['create'], 'create'],
    [['read'], 'read'],
    [['update'], 'update'],
    [['delete'], 'delete'],
    [['forget'], 'forget'],
    [['delete', 'create'], 'replace-destroy-first'],
    [['create', 'delete'], 'replace-create-first'],
    [['create', 'forget'], 'create-then-forget']
  ] as const)('maps %j to %s (jsonplan UnmarshalActions)', (actions, action) =>
    expect(resourceAction(actions)).toBe(action)
  )

  it('names an actions list Terraform never writes', () => {
    expect(() => resourceAction(['forget', 'create'])).toThrow(
      'unexpected Terraform actions list [forget, create]'
    )
    expect(() => resourceAction([])).toThrow('unexpected Terraform actions list []')
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
