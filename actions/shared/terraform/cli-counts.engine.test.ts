import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { engines, requireEngine } from '../testing/engines.js'
import { parsePlanText } from './parse-plan.js'
import { summarisePlan, type PlanSummary } from './summarise-plan.js'

/**
 * The installed terraform is the ground truth: for each scenario, the counts from its JSON plan
 * must equal the `Plan:` line its own human rendering prints.
 */
const available = requireEngine('terraform', engines.terraform())
let dir = ''
let env: NodeJS.ProcessEnv = {}

const tf = (...args: string[]): string =>
  execFileSync('terraform', args, {
    cwd: dir,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe']
  })

async function plan(config: string): Promise<{ human: string; summary: PlanSummary }> {
  await writeFile(join(dir, 'main.tf'), config)
  tf('plan', '-input=false', '-no-color', '-out=p.tfplan')
  return {
    human: tf('show', '-no-color', 'p.tfplan'),
    summary: summarisePlan(parsePlanText(tf('show', '-json', 'p.tfplan'), 'p.tfplan'))
  }
}

function planLine(human: string): Record<string, number> | undefined {
  const m = /^Plan: (?:(\d+) to import, )?(\d+) to add, (\d+) to change, (\d+) to destroy\./m.exec(
    human
  )
  return m
    ? { import: Number(m[1] ?? 0), add: Number(m[2]), change: Number(m[3]), destroy: Number(m[4]) }
    : undefined
}

function expectSameAsCli(human: string, s: PlanSummary): void {
  const line = planLine(human)
  expect({ add: s.add, change: s.change, destroy: s.destroy, import: s.import }).toEqual(
    line ?? { add: 0, change: 0, destroy: 0, import: 0 }
  )
  expect(line !== undefined).toBe(s.resources.length > 0)
  expect(/^No changes\./m.test(human)).toBe(!s.hasChanges)
}

const BASE = `
resource "terraform_data" "a" { input = "one" }
resource "terraform_data" "b" {
  input            = "two"
  triggers_replace = ["v1"]
}
resource "terraform_data" "e" { input = "gone soon" }
resource "terraform_data" "k" { input = "kept" }
output "a" { value = terraform_data.a.input }
`

describe('summarisePlan against the installed terraform', () => {
  if (!available) {
    it('is not run: no terraform binary (see the warning above)', () =>
      expect(available).toBe(false))
    return
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tf-counts-'))
    await writeFile(join(dir, 'empty.tfrc'), '')
    env = { ...process.env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: join(dir, 'empty.tfrc') }
    await writeFile(join(dir, 'main.tf'), BASE)
    tf('init', '-input=false', '-no-color')
    tf('apply', '-input=false', '-no-color', '-auto-approve')
  }, 60_000)

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('says No changes when nothing changed', async () => {
    const { human, summary } = await plan(BASE)
    expectSameAsCli(human, summary)
    expect(summary.hasChanges).toBe(false)
  })

  it('counts update, replace (in add and destroy), delete and create', async () => {
    const { human, summary } = await plan(`
resource "terraform_data" "a" { input = "uno" }
resource "terraform_data" "b" {
  input            = "two"
  triggers_replace = ["v2"]
}
resource "terraform_data" "f" { input = "new" }
resource "terraform_data" "k" { input = "kept" }
output "a" { value = terraform_data.a.input }
`)
    expectSameAsCli(human, summary)
    expect(summary).toMatchObject({ add: 2, change: 1, destroy: 2, replace: 1 })
  })

  it('counts an import, and neither a forget nor a move', async () => {
    const { human, summary } = await plan(`
resource "terraform_data" "a2" { input = "one" }
moved {
  from = terraform_data.a
  to   = terraform_data.a2
}
removed {
  from = terraform_data.e
  lifecycle { destroy = false }
}
resource "terraform_data" "b" {
  input            = "two"
  triggers_replace = ["v1"]
}
resource "terraform_data" "k" { input = "kept" }
resource "terraform_data" "imported" { input = "z" }
import {
  to = terraform_data.imported
  id = "11111111-2222-3333-4444-555555555555"
}
output "a" { value = terraform_data.a2.input }
`)
    expectSameAsCli(human, summary)
    expect(summary).toMatchObject({ import: 1, move: 1, forget: 1, add: 0, destroy: 0 })
  })

  it('counts an output-only change as a change with no resource counts', async () => {
    const { human, summary } = await plan(`${BASE}\noutput "extra" { value = "new output" }\n`)
    expectSameAsCli(human, summary)
    expect(summary).toMatchObject({ hasChanges: true, outputs: 1, add: 0, change: 0, destroy: 0 })
    expect(human).toContain('Changes to Outputs:')
  })
})
