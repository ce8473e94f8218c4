import { expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describeWithEngines } from '../testing/describe-with-engines.js'
import { engines } from '../testing/engines.js'
import { parsePlanText } from './parse-plan.js'
import { summarisePlan } from './summarise-plan.js'
import {
  driftShown,
  forgetShown,
  outputsShown,
  plannedShown,
  planLine,
  saysNoChanges
} from './testing/cli-plan-text.js'
import {
  installedTerraform,
  RECORDED_DIR,
  recordedPlan,
  recordedVersion,
  runScenario,
  SCENARIOS
} from './testing/cli-scenarios.js'
import { expectSameAsCli } from './testing/expect-same-as-cli.js'

/**
 * The installed terraform is the ground truth: for each scenario of testing/cli-scenarios.ts, the
 * counts summarisePlan reads from its JSON plan must equal what its own human rendering prints
 * (the `Plan:` line, the objects listed as changed outside Terraform, the forgets, "No changes.").
 * The recorded copies in fixtures/terraform-cli/ must still say the same, so the unit tests (and
 * the mutation run, which cannot start terraform) check against what this CLI prints.
 * `ELM_INFRA_RECORD_PLANS=1` records them anew.
 */
const describe = describeWithEngines({ terraform: engines.terraform() })
const record = process.env['ELM_INFRA_RECORD_PLANS'] === '1'

const version = (): string =>
  (
    JSON.parse(execFileSync('terraform', ['version', '-json'], { encoding: 'utf8' })) as {
      terraform_version: string
    }
  ).terraform_version

/** What the CLI's human plan says, in the figures summarisePlan also gives. */
function cliSays(human: string): Record<string, unknown> {
  return {
    plan: planLine(human),
    planned: plannedShown(human),
    outputs: outputsShown(human),
    drift: driftShown(human),
    forget: forgetShown(human),
    noChanges: saysNoChanges(human)
  }
}

describe('summarisePlan against the installed terraform', () => {
  if (record) {
    mkdirSync(RECORDED_DIR, { recursive: true })
    writeFileSync(join(RECORDED_DIR, 'VERSION'), `${version()}\n`)
  }

  it.each(SCENARIOS.map(s => [s.name, s] as const))(
    '%s: the JSON plan gives the counts the CLI prints',
    (name, scenario) => {
      const { human, json } = runScenario(scenario)
      expectSameAsCli(human, summarisePlan(parsePlanText(json, name)))

      if (record) {
        const dir = join(RECORDED_DIR, name)
        mkdirSync(dir, { recursive: true })
        writeFileSync(join(dir, 'plan.txt'), human)
        writeFileSync(join(dir, 'plan.json'), `${JSON.stringify(JSON.parse(json), null, 1)}\n`)
      } else {
        // The recorded copy says what this terraform says (ids and timestamps aside).
        expect(cliSays(recordedPlan(name).human)).toEqual(cliSays(human))
      }
    },
    120_000
  )

  it('records the plans with the version installed here', () => {
    expect(recordedVersion()).toBe(version())
  })

  // Create-then-forget (`["create","forget"]`) comes from a resource's own `lifecycle { destroy =
  // false }` when it must be replaced: Terraform >= 1.16 (hashicorp/terraform 23e6f82, "New Resource
  // Lifecycle option: destroy = false", internal/configs/resource.go). Terraform 1.11 refuses the
  // argument, so no plan here can hold one; summarisePlan counts it in `add` as 1.16's `Plan:` line
  // does (internal/command/jsonformat/plan.go `renderHuman`).
  it('cannot plan a create-then-forget before Terraform 1.16: resource-level destroy = false is refused', () => {
    const [major = 0, minor = 0] = version().split('.').map(Number)
    const dir = mkdtempSync(join(tmpdir(), '18-tf-destroy-false-'))
    try {
      writeFileSync(join(dir, 'empty.tfrc'), '')
      writeFileSync(
        join(dir, 'main.tf'),
        'resource "terraform_data" "r" {\n  input = "x"\n  lifecycle { destroy = false }\n}\n'
      )
      const tf = installedTerraform(join(dir, 'empty.tfrc'))
      const validate = (): string => tf(dir, ['init', '-input=false', '-no-color'])
      if (major === 1 && minor < 16)
        expect(validate).toThrow(/An argument named "destroy" is not expected here/)
      else expect(validate()).toContain('initialized')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)
})
