import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Plans made by the real Terraform CLI with its built-in provider only (`terraform_data`, the
 * `terraform_remote_state` data source on the local backend), so they run offline. Each scenario
 * applies its `setup` configurations in order, then plans `config`. Recorded outputs live in
 * fixtures/terraform-cli/<name>/ (plan.json from `show -json`, plan.txt from `show -no-color`);
 * summarise-plan.test.ts checks summarisePlan against them and the engine test checks that the
 * installed terraform still prints what they say (`ELM_INFRA_RECORD_PLANS=1` records them anew).
 */

export type Files = Readonly<Record<string, string>>

export interface CliScenario {
  readonly name: string
  /** Configurations applied in order before the plan. */
  readonly setup: readonly Files[]
  /** The configuration planned. */
  readonly config: Files
  /** Extra `terraform plan` arguments (`-destroy`, `-refresh-only`). */
  readonly planArgs: readonly string[]
  /** Changes terraform.tfstate after the setup, as a failed apply would have left it. */
  readonly editState?: (state: TfState) => void
}

/** The parts of a state file (format 4) a scenario edits. */
export interface TfState {
  resources: { type: string; name: string; instances: Record<string, unknown>[] }[]
}

/** A state file another configuration reads with `terraform_remote_state` (local backend). */
const OTHER_STATE = JSON.stringify({
  version: 4,
  terraform_version: '1.11.4',
  serial: 1,
  lineage: '18b-other-state',
  outputs: { region: { value: 'ams3', type: 'string' } },
  resources: []
})

const DATA_SOURCE = `
data "terraform_remote_state" "other" {
  backend = "local"
  config  = { path = "other.tfstate" }
}
`
const CBD = (trigger: string): string => `resource "terraform_data" "cbd" {
  input            = "x"
  triggers_replace = ["${trigger}"]
  lifecycle { create_before_destroy = true }
}
`
const KEPT = `resource "terraform_data" "kept" { input = "kept" }\n`

export const SCENARIOS: readonly CliScenario[] = [
  {
    // An import whose configuration matches the imported object: the action is no-op, and the CLI
    // still shows it and counts it ("1 to import, 0 to add").
    name: 'noop-import',
    setup: [{ 'main.tf': KEPT }],
    config: {
      'main.tf': `${KEPT}
resource "terraform_data" "imported" {}
import {
  to = terraform_data.imported
  id = "11111111-2222-3333-4444-555555555555"
}
`
    },
    planArgs: []
  },
  {
    // A data source dropped from the configuration: Terraform removes it from the state without a
    // planned change (internal/terraform/node_resource_plan_orphan.go `dataResourceExecute`).
    name: 'data-source-removed',
    setup: [{ 'main.tf': DATA_SOURCE + KEPT, 'other.tfstate': OTHER_STATE }],
    config: { 'main.tf': KEPT, 'other.tfstate': OTHER_STATE },
    planArgs: []
  },
  {
    // A destroy plan with a data source in the state: core plans a `delete` for it
    // (node_resource_plan_destroy.go `dataResourceExecute`) that the JSON leaves out
    // (internal/command/jsonplan/plan.go `MarshalResourceChanges`) and the CLI never counts.
    name: 'destroy-with-data-source',
    setup: [{ 'main.tf': DATA_SOURCE + KEPT, 'other.tfstate': OTHER_STATE }],
    config: { 'main.tf': DATA_SOURCE + KEPT, 'other.tfstate': OTHER_STATE },
    planArgs: ['-destroy']
  },
  {
    // A `moved` block in a refresh-only plan: `resource_drift` holds a no-op entry (written only in
    // refresh-only mode, jsonplan/plan.go `Marshal`), which the CLI lists as changed outside.
    name: 'moved-refresh-only',
    setup: [{ 'main.tf': 'resource "terraform_data" "a" { input = "one" }\n' }],
    config: {
      'main.tf': `resource "terraform_data" "a2" { input = "one" }
moved {
  from = terraform_data.a
  to   = terraform_data.a2
}
`
    },
    planArgs: ['-refresh-only']
  },
  {
    // The same move in a normal plan: no drift entry; the move is a planned no-op the CLI shows.
    name: 'moved',
    setup: [{ 'main.tf': 'resource "terraform_data" "a" { input = "one" }\n' }],
    config: {
      'main.tf': `resource "terraform_data" "a2" { input = "one" }
moved {
  from = terraform_data.a
  to   = terraform_data.a2
}
`
    },
    planArgs: []
  },
  {
    // A `removed` block with destroy = false (Terraform >= 1.7): a forget, in no `Plan:` count.
    name: 'forget',
    setup: [{ 'main.tf': `${KEPT}resource "terraform_data" "gone" { input = "g" }\n` }],
    config: {
      'main.tf': `${KEPT}
removed {
  from = terraform_data.gone
  lifecycle { destroy = false }
}
`
    },
    planArgs: []
  },
  {
    // A deposed object, as a create_before_destroy replacement whose destroy failed leaves one in
    // the state (`deposed` beside `index_key`, internal/states/statefile/version4.go `readStateV4`): the CLI
    // plans to destroy it and names it "(deposed object <key>)".
    name: 'deposed',
    setup: [{ 'main.tf': KEPT }],
    config: { 'main.tf': KEPT },
    planArgs: [],
    editState: state => {
      const instances = state.resources.find(r => r.name === 'kept')?.instances ?? []
      const current = instances[0]
      if (current) instances.push({ ...current, deposed: '0a1b2c3d' })
    }
  },
  {
    // A replacement with create_before_destroy: ["create","delete"], in add and destroy.
    name: 'replace-create-first',
    setup: [{ 'main.tf': CBD('v1') }],
    config: { 'main.tf': CBD('v2') },
    planArgs: []
  },
  {
    // A new output and nothing else: a change, with no `Plan:` line.
    name: 'output-only',
    setup: [{ 'main.tf': KEPT }],
    config: { 'main.tf': `${KEPT}output "extra" { value = "new output" }\n` },
    planArgs: []
  },
  {
    // Every counted action at once: update, replace (in add and destroy), create, delete, and an
    // output change.
    name: 'update-replace-create-delete',
    setup: [
      {
        'main.tf': `resource "terraform_data" "a" { input = "one" }
resource "terraform_data" "b" {
  input            = "two"
  triggers_replace = ["v1"]
}
resource "terraform_data" "gone" { input = "gone soon" }
output "a" { value = terraform_data.a.input }
output "gone" { value = "bye" }
output "same" { value = "unchanged" }
`
      }
    ],
    config: {
      'main.tf': `resource "terraform_data" "a" { input = "uno" }
resource "terraform_data" "b" {
  input            = "two"
  triggers_replace = ["v2"]
}
resource "terraform_data" "new" { input = "new" }
output "a" { value = terraform_data.a.input }
output "same" { value = "unchanged" }
output "b_new" { value = "new" }
`
    },
    planArgs: []
  }
]

export interface CliPlan {
  /** `terraform show -no-color <planfile>`. */
  readonly human: string
  /** `terraform show -json <planfile>`. */
  readonly json: string
}

/** Runs a terraform command in `dir`; throws with its stderr when it fails. */
export type Terraform = (dir: string, args: readonly string[]) => string

/** The installed `terraform`, with no CLI configuration and no checkpoint calls. */
export function installedTerraform(configFile: string): Terraform {
  return (dir, args) =>
    execFileSync('terraform', [...args], {
      cwd: dir,
      env: { ...process.env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: configFile },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe']
    })
}

function writeFiles(dir: string, files: Files): void {
  for (const name of readdirSync(dir)) if (name.endsWith('.tf')) rmSync(join(dir, name))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
}

/** Runs one scenario in a fresh temporary directory and returns the plan as the CLI shows it. */
export function runScenario(scenario: CliScenario): CliPlan {
  const dir = mkdtempSync(join(tmpdir(), `18-tf-${scenario.name}-`))
  try {
    writeFileSync(join(dir, 'empty.tfrc'), '')
    const tf = installedTerraform(join(dir, 'empty.tfrc'))
    writeFiles(dir, scenario.setup[0] ?? scenario.config)
    tf(dir, ['init', '-input=false', '-no-color'])
    for (const files of scenario.setup) {
      writeFiles(dir, files)
      tf(dir, ['apply', '-input=false', '-no-color', '-auto-approve'])
    }
    if (scenario.editState) {
      const file = join(dir, 'terraform.tfstate')
      const state = JSON.parse(readFileSync(file, 'utf8')) as TfState & { serial: number }
      scenario.editState(state)
      state.serial += 1
      writeFileSync(file, JSON.stringify(state, null, 2))
    }
    writeFiles(dir, scenario.config)
    tf(dir, ['plan', '-input=false', '-no-color', ...scenario.planArgs, '-out=p.tfplan'])
    return {
      human: tf(dir, ['show', '-no-color', 'p.tfplan']),
      json: tf(dir, ['show', '-json', 'p.tfplan'])
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** fixtures/terraform-cli: the recorded plans, one directory per scenario. */
export const RECORDED_DIR = join(import.meta.dirname, '..', 'fixtures', 'terraform-cli')

/** The terraform version the fixtures were recorded with (fixtures/terraform-cli/VERSION). */
export function recordedVersion(): string {
  return readFileSync(join(RECORDED_DIR, 'VERSION'), 'utf8').trim()
}

/** The recorded plan of a scenario. */
export function recordedPlan(name: string): CliPlan {
  const dir = join(RECORDED_DIR, name)
  return {
    human: readFileSync(join(dir, 'plan.txt'), 'utf8'),
    json: readFileSync(join(dir, 'plan.json'), 'utf8')
  }
}
