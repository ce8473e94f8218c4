import { join } from 'node:path'
import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { describeCommit } from './introduced-by.js'
import {
  meaningOfExitCode,
  readPlanDrift,
  terraformLayer,
  withoutInstanceKeys
} from './terraform-drift.js'
import { CORPUS_DIR } from '../testing/corpus.js'

const CORPUS = join(CORPUS_DIR, 'terraform-plans')
const plan = (name: string): unknown =>
  JSON.parse(readFileSync(`${CORPUS}/${name}/plan.json`, 'utf8'))

const UPSTREAM = new URL('./fixtures/terraform-upstream/', import.meta.url).pathname
const upstream = (name: string): unknown =>
  JSON.parse(readFileSync(`${UPSTREAM}/${name}.json`, 'utf8'))

describe('meaningOfExitCode', () => {
  test.each([
    [0, 'no-changes'],
    [2, 'changes'],
    [1, 'error'],
    [3, 'error'],
    [-1, 'error'],
    [127, 'error']
  ])('exit %i → %s', (code, expected) => {
    expect(meaningOfExitCode(code)).toBe(expected)
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
    const notes = readPlanDrift(plan('opentofu/variables_and_outputs')).notes
    expect(notes.some(n => n.startsWith('output.list_no_default: '))).toBe(true)
  })

  test('refuses what it cannot read', () => {
    expect(() => readPlanDrift('not json')).toThrow('JSON object')
    expect(() => readPlanDrift({ format_version: '2.0' })).toThrow("format_version '2.0'")
  })
})

describe('terraformLayer', () => {
  test('relevant drift is drift: outside changes first, then their planned changes', () => {
    const layer = terraformLayer({ exitCode: 2, planJson: plan('opentofu/moved_with_drift') })
    expect(layer.layer).toBe('terraform')
    expect(layer.status).toBe('drift')
    expect(layer.summary).toBe('1 changed outside Terraform, 2 to change')
    expect(layer.items.map(i => [i.subject, i.detail.split(':')[0]])).toEqual([
      ['tfcoremock_simple_resource.base_after', 'changed outside Terraform (update)'],
      ['tfcoremock_simple_resource.base_after', 'update'],
      ['tfcoremock_simple_resource.dependent', 'update']
    ])
    expect(layer.items[2]?.detail).toMatch(/\(pending apply\)$/)
  })

  // hashicorp/terraform's own show-json test data: should_refresh drifted and is planned back,
  // no_refresh only has a config change.
  test('terraform show-json/drift: the drifted object is drift, the other change pending apply', () => {
    const layer = terraformLayer({ exitCode: 2, planJson: upstream('drift') })
    expect(layer.status).toBe('drift')
    expect(layer.items).toEqual([
      {
        subject: 'test_instance.should_refresh',
        detail: 'changed outside Terraform (update): ami'
      },
      { subject: 'test_instance.should_refresh', detail: 'update: ami' },
      { subject: 'test_instance.no_refresh', detail: 'update: ami (pending apply)' }
    ])
  })

  test('terraform show-json/moved: a move with a config change is pending apply, not drift', () => {
    const layer = terraformLayer({
      exitCode: 2,
      planJson: upstream('moved'),
      introducedBy: 'commit 1a2b3c4 "rename (#7)"'
    })
    expect(layer.status).toBe('pending-apply')
    expect(layer.items).toEqual([{ subject: 'test_instance.baz', detail: 'update: ami' }])
    expect(layer.summary).toBe('1 planned, not applied yet, from commit 1a2b3c4 "rename (#7)"')
  })

  test('terraform show-json/moved-drift: drift of a moved object is drift under its new address', () => {
    const layer = terraformLayer({ exitCode: 2, planJson: upstream('moved-drift') })
    expect(layer.status).toBe('drift')
    expect(layer.items[0]?.subject).toBe('test_instance.should_refresh_with_move')
  })

  test('moved-only plans (exit 2, nothing to change) are in sync with a note', () => {
    for (const name of ['opentofu/moved_simple', 'terraform-json/moved_block']) {
      const layer = terraformLayer({ exitCode: 2, planJson: plan(name) })
      expect(layer).toMatchObject({ status: 'in-sync', items: [] })
      expect(layer.summary).toMatch(/^no changes \(.* moved to .*\(no change to the object\)/)
    }
  })

  test('output-only changes are in sync with a note', () => {
    const json = plan('opentofu/variables_and_outputs') as Record<string, unknown>
    const layer = terraformLayer({ exitCode: 2, planJson: { ...json, resource_changes: [] } })
    expect(layer.status).toBe('in-sync')
    expect(layer.summary).toContain('outputs change no infrastructure')
  })

  // A refresh-only plan of a resource whose `string` the configuration sets: a normal plan would
  // set it back, so it matters.
  test('drift of an attribute the configuration sets is relevant even with nothing planned', () => {
    const layer = terraformLayer({ exitCode: 0, planJson: plan('opentofu/drift_refresh_only') })
    expect(layer.status).toBe('drift')
    expect(layer.items).toEqual([
      {
        subject: 'tfcoremock_simple_resource.drift',
        detail: 'changed outside Terraform (update): string'
      }
    ])
  })

  test('drift nothing planned and nothing configured touches is in sync with a note', () => {
    const json = plan('opentofu/drift_refresh_only') as Record<string, unknown>
    const layer = terraformLayer({ exitCode: 0, planJson: { ...json, configuration: {} } })
    expect(layer).toMatchObject({ status: 'in-sync', items: [] })
    expect(layer.summary).toBe(
      'no changes (1 changed outside Terraform, none relevant to the config)'
    )
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

describe('helpers', () => {
  test('instance keys are dropped to find the configuration', () => {
    expect(withoutInstanceKeys('module.a["x"].aws_y.z[0]')).toBe('module.a.aws_y.z')
  })
  test('a commit line names the commit and its subject', () => {
    expect(describeCommit('1a2b3c4\tterraform: bigger node (#42)\n')).toBe(
      'commit 1a2b3c4 "terraform: bigger node (#42)"'
    )
    expect(describeCommit('')).toBeUndefined()
  })
})

/**
 * Drift on `count` and `for_each` instances, on plans terraform 1.11.4 recorded
 * (fixtures/terraform-instances/README.md): the configuration names `terraform_data.node`, the
 * drift names `terraform_data.node[0]`. terraform_data cannot drift offline, so each test adds a
 * `resource_drift` entry, shaped as Terraform writes one, for a recorded instance and its recorded
 * prior values.
 */
describe('drift on count and for_each instances (recorded terraform 1.11 plans)', () => {
  type Json = Record<string, unknown>
  const INSTANCES = new URL('./fixtures/terraform-instances/', import.meta.url).pathname
  const recorded = (name: string): Json =>
    JSON.parse(readFileSync(`${INSTANCES}/${name}.json`, 'utf8')) as Json
  /** The prior values Terraform recorded for one instance. */
  const priorValues = (plan: Json, address: string): Json => {
    const root = (plan['prior_state'] as { values: { root_module: { resources: Json[] } } }).values
      .root_module
    const found = root.resources.find(r => r['address'] === address)
    if (found === undefined) throw new Error(`the recorded plan has no ${address}`)
    return found['values'] as Json
  }
  /** `address` changed outside Terraform: `attribute` now holds `value`. */
  const drifted = (plan: Json, address: string, attribute: string, value: unknown): Json => {
    const before = priorValues(plan, address)
    const changes = plan['resource_changes'] as Json[]
    const entry = changes.find(c => c['address'] === address) as Json
    return {
      ...plan,
      resource_drift: [
        ...((plan['resource_drift'] as Json[] | undefined) ?? []),
        {
          address,
          mode: 'managed',
          type: entry['type'],
          name: entry['name'],
          ...('index' in entry ? { index: entry['index'] } : {}),
          provider_name: entry['provider_name'],
          change: {
            actions: ['update'],
            before,
            after: { ...before, [attribute]: value },
            after_unknown: {},
            before_sensitive: {},
            after_sensitive: {}
          }
        }
      ]
    }
  }

  test('the recorded plans name the configuration without instance keys, the instances with them', () => {
    const plan = recorded('in-sync')
    const config = (plan['configuration'] as { root_module: { resources: Json[] } }).root_module
    expect(config.resources.map(r => r['address'])).toEqual([
      'terraform_data.node',
      'terraform_data.site'
    ])
    expect((plan['resource_changes'] as Json[]).map(c => c['address'])).toEqual([
      'terraform_data.node[0]',
      'terraform_data.node[1]',
      'terraform_data.site["web"]',
      'terraform_data.site["www"]'
    ])
    expect(terraformLayer({ exitCode: 0, planJson: plan })).toMatchObject({ status: 'in-sync' })
  })

  test('a count instance changed outside Terraform in an attribute the configuration sets is drift', () => {
    const plan = drifted(recorded('in-sync'), 'terraform_data.node[0]', 'input', { size: 'hand' })
    const layer = terraformLayer({ exitCode: 0, planJson: plan })
    expect(layer.status).toBe('drift')
    expect(layer.items).toEqual([
      { subject: 'terraform_data.node[0]', detail: 'changed outside Terraform (update): input' }
    ])
  })

  test('a for_each instance changed outside Terraform in an attribute the configuration sets is drift', () => {
    const plan = drifted(recorded('in-sync'), 'terraform_data.site["web"]', 'input', {
      size: 'hand'
    })
    const layer = terraformLayer({ exitCode: 0, planJson: plan })
    expect(layer.status).toBe('drift')
    expect(layer.items.map(i => i.subject)).toEqual(['terraform_data.site["web"]'])
  })

  test('an instance changed outside Terraform only in an attribute nobody configures is in sync, with a note', () => {
    // `output` is computed by terraform_data; main.tf sets only `input`.
    const plan = drifted(recorded('in-sync'), 'terraform_data.node[1]', 'output', { size: 'x' })
    const layer = terraformLayer({ exitCode: 0, planJson: plan })
    expect(layer).toMatchObject({ status: 'in-sync', items: [] })
    expect(layer.summary).toBe(
      'no changes (1 changed outside Terraform, none relevant to the config)'
    )
  })

  test('drift at an instance with a planned change is drift whatever the attribute; the other instances’ drift is not', () => {
    const pending = recorded('pending-www')
    const plan = drifted(
      drifted(pending, 'terraform_data.site["www"]', 'output', { size: 'x' }),
      'terraform_data.site["web"]',
      'output',
      { size: 'y' }
    )
    const drift = readPlanDrift(plan)
    expect(drift.changes).toEqual([
      { subject: 'terraform_data.site["www"]', detail: 'update: input, output' }
    ])
    expect(drift.outside.map(o => o.subject)).toEqual(['terraform_data.site["www"]'])
    expect(drift.irrelevantOutside.map(o => o.subject)).toEqual(['terraform_data.site["web"]'])
  })
})

/**
 * The reading rules one at a time, on JSON shaped as `terraform show -json` writes it
 * (hashicorp/terraform internal/command/jsonplan/plan.go: resource_changes, resource_drift,
 * relevant_attributes, output_changes, configuration.root_module.module_calls).
 */
describe('readPlanDrift rules', () => {
  type Json = Record<string, unknown>
  const entry = (
    address: string,
    actions: string[],
    change: Json = {},
    extra: Json = {}
  ): Json => ({
    address,
    mode: 'managed',
    type: 'terraform_data',
    ...extra,
    change: { actions, before: {}, after: {}, after_unknown: {}, ...change }
  })
  const planOf = (extra: Json): Json => ({ format_version: '1.2', ...extra })
  const drift = (address: string, before: Json, after: Json): Json =>
    entry(address, ['update'], { before, after })

  test('names each action: replace for delete+create either way, reads dropped, odd ones joined, none unknown', () => {
    const { changes } = readPlanDrift(
      planOf({
        resource_changes: [
          entry('a', ['create', 'delete']),
          entry('b', ['delete', 'create']),
          entry('c', ['read']),
          entry('d', ['no-op']),
          entry('e', []),
          entry('f', ['delete']),
          entry('g', ['create', 'forget']),
          entry('h', [7, 'create', null] as unknown as string[]),
          { address: 'i', change: { actions: 'create' } },
          { address: 'j', change: 'create' },
          { change: { actions: ['create'] } },
          [entry('nested', ['create'])],
          null,
          'x'
        ]
      })
    )
    expect(changes).toEqual([
      { subject: 'a', detail: 'replace' },
      { subject: 'b', detail: 'replace' },
      { subject: 'e', detail: 'unknown action' },
      { subject: 'f', detail: 'delete' },
      { subject: 'g', detail: 'create+forget' },
      { subject: 'h', detail: 'create' },
      { subject: 'i', detail: 'unknown action' },
      { subject: 'j', detail: 'unknown action' },
      { subject: '(unnamed resource)', detail: 'create' }
    ])
  })

  test('an update names the attributes that differ or become unknown, never those that stay', () => {
    const { changes } = readPlanDrift(
      planOf({
        resource_changes: [
          entry('a', ['update'], {
            before: { same: [1], size: 's-1', gone: 'x', id: 'i' },
            after: { same: [1], size: 's-2', added: 'y', id: 'i' },
            after_unknown: { id: true, same: false }
          }),
          entry('b', ['create'], { before: null, after: { x: 1 } })
        ]
      })
    )
    expect(changes).toEqual([
      { subject: 'a', detail: 'update: added, gone, id, size' },
      { subject: 'b', detail: 'create' }
    ])
  })

  test('drift is relevant when relevant_attributes names the resource, or a module resource’s configured attribute drifted', () => {
    const configuration = {
      root_module: {
        resources: [
          { address: 'terraform_data.top', expressions: { input: {} } },
          { address: 'terraform_data.loose', expressions: 'not an object' },
          { expressions: { input: {} } }
        ],
        module_calls: {
          broken: null,
          web: {
            module: {
              resources: [{ address: 'terraform_data.node', expressions: { input: {} } }],
              module_calls: {
                dns: {
                  module: {
                    resources: [
                      { address: 'terraform_data.rec', expressions: { triggers_replace: {} } }
                    ]
                  }
                }
              }
            }
          }
        }
      }
    }
    const plan = planOf({
      configuration,
      relevant_attributes: [
        { resource: 'terraform_data.listed', attribute: ['output'] },
        { resource: 7 }
      ],
      resource_drift: [
        drift('terraform_data.listed', { output: 'a' }, { output: 'b' }),
        drift(
          'module.web.terraform_data.node[0]',
          { input: 'a', output: 1 },
          { input: 'b', output: 2 }
        ),
        drift('terraform_data.loose', { input: 'a' }, { input: 'b' }),
        drift('input', { input: 'a' }, { input: 'b' }),
        drift(
          'module.web.module.dns.terraform_data.rec["x"]',
          { triggers_replace: 1 },
          { triggers_replace: 2 }
        ),
        drift('module.web.module.dns.terraform_data.rec["y"]', { output: 1 }, { output: 2 }),
        drift('terraform_data.node', { input: 'a' }, { input: 'b' }),
        drift('module.web.terraform_data.top', { input: 'a' }, { input: 'b' }),
        entry('terraform_data.read', ['read']),
        entry('terraform_data.same', ['no-op'])
      ]
    })
    const { outside, irrelevantOutside } = readPlanDrift(plan)
    expect(outside.map(o => o.subject)).toEqual([
      'terraform_data.listed',
      'module.web.terraform_data.node[0]',
      'module.web.module.dns.terraform_data.rec["x"]'
    ])
    expect(irrelevantOutside.map(o => o.subject)).toEqual([
      'terraform_data.loose',
      'input',
      'module.web.module.dns.terraform_data.rec["y"]',
      'terraform_data.node',
      'module.web.terraform_data.top'
    ])
  })

  test('notes: moves to another address, imports, outputs that change; never a move in place or an unchanged output', () => {
    const { notes, changes } = readPlanDrift(
      planOf({
        resource_changes: [
          entry('terraform_data.b', ['no-op'], {}, { previous_address: 'terraform_data.a' }),
          entry('terraform_data.c', ['no-op'], {}, { previous_address: 'terraform_data.c' }),
          entry('terraform_data.d', ['no-op'], { importing: { id: 'd-1' } }),
          entry('terraform_data.e', ['no-op'], { importing: 'yes' }),
          entry(
            'terraform_data.f',
            ['update'],
            { importing: { id: 'f' } },
            { previous_address: 'x' }
          )
        ],
        output_changes: {
          same: { actions: ['no-op'] },
          broken: { actions: 'update' },
          url: { actions: ['update'] },
          odd: 'not an object',
          gone: { actions: ['delete'] }
        }
      })
    )
    expect(changes.map(c => c.subject)).toEqual(['terraform_data.f'])
    expect(notes).toEqual([
      'terraform_data.a moved to terraform_data.b (no change to the object)',
      'terraform_data.d will be imported',
      'output.broken: unknown action (outputs change no infrastructure)',
      'output.url: update (outputs change no infrastructure)',
      'output.odd: unknown action (outputs change no infrastructure)',
      'output.gone: delete (outputs change no infrastructure)'
    ])
  })

  test('reads format 0.x and 1.x only', () => {
    expect(readPlanDrift({ format_version: '0.1' }).changes).toEqual([])
    expect(readPlanDrift({ format_version: '1.0' }).notes).toEqual([])
    expect(() => readPlanDrift({ format_version: '10.0' })).toThrow(
      "unsupported plan format_version '10.0' (expected 0.x or 1.x)"
    )
    for (const version of ['12', 'v1.2', '2.0', '1', '1-0'])
      expect(() => readPlanDrift({ format_version: version })).toThrow(
        `unsupported plan format_version '${version}'`
      )
    expect(() => readPlanDrift({})).toThrow("unsupported plan format_version ''")
    expect(() => readPlanDrift([])).toThrow('terraform show -json did not print a JSON object')
    expect(() => readPlanDrift(null)).toThrow('terraform show -json did not print a JSON object')
  })
})

describe('terraformLayer summaries', () => {
  type Json = Record<string, unknown>
  const move = (n: number): Json => ({
    address: `terraform_data.n${n}`,
    previous_address: `terraform_data.o${n}`,
    change: { actions: ['no-op'] }
  })

  test('at most five notes, then how many more', () => {
    const five = terraformLayer({
      exitCode: 2,
      planJson: { format_version: '1.2', resource_changes: [1, 2, 3, 4, 5].map(move) }
    })
    expect(five.summary).toBe(
      `no changes (${[1, 2, 3, 4, 5].map(n => `terraform_data.o${n} moved to terraform_data.n${n} (no change to the object)`).join('; ')})`
    )
    const seven = terraformLayer({
      exitCode: 2,
      planJson: { format_version: '1.2', resource_changes: [1, 2, 3, 4, 5, 6, 7].map(move) }
    })
    expect(seven.summary).toMatch(
      /o5 moved to terraform_data\.n5 \(no change to the object\); \+2 more\)$/
    )
    expect(seven.summary).not.toContain('n6')
  })

  test('pending apply names the count and the notes; without a known commit, no "from"', () => {
    const layer = terraformLayer({
      exitCode: 2,
      planJson: {
        format_version: '1.2',
        resource_changes: [{ address: 'a', change: { actions: ['create'] } }, move(1)]
      },
      introducedBy: ''
    })
    expect(layer).toEqual({
      layer: 'terraform',
      status: 'pending-apply',
      summary:
        '1 planned, not applied yet (terraform_data.o1 moved to terraform_data.n1 (no change to the object))',
      items: [{ subject: 'a', detail: 'create' }]
    })
  })

  test('drift with nothing planned says only how many changed outside', () => {
    const layer = terraformLayer({ exitCode: 0, planJson: plan('opentofu/drift_refresh_only') })
    expect(layer.summary).toBe('1 changed outside Terraform')
  })

  test('exit 0 with an unreadable plan is in sync (nothing to read), exit 2 is unknown; a blank error is no reason', () => {
    expect(terraformLayer({ exitCode: 0, planJson: 'garbage' })).toEqual({
      layer: 'terraform',
      status: 'in-sync',
      summary: 'no changes',
      items: []
    })
    expect(terraformLayer({ exitCode: 2, planJson: { format_version: '9' } })).toEqual({
      layer: 'terraform',
      status: 'unknown',
      summary: 'could not be checked',
      items: [],
      reason:
        "plan says changes, but its JSON could not be read: unsupported plan format_version '9' (expected 0.x or 1.x)"
    })
    expect(terraformLayer({ exitCode: 1, error: '  \n' }).reason).toBe(
      'terraform plan failed (exit 1)'
    )
    expect(terraformLayer({ exitCode: 1, error: '  init failed\n' }).reason).toBe('init failed')
    expect(terraformLayer({ exitCode: 0, planJson: { format_version: '1.2' } })).toEqual({
      layer: 'terraform',
      status: 'in-sync',
      summary: 'no changes',
      items: []
    })
  })
})
