import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { execFile } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { engines, requireEngine } from '../../actions/shared/testing/engines.js'
import { parsePlanText } from '../../actions/shared/terraform/parse-plan.js'
import { configDigests } from '../../actions/shared/terraform/plan-config.js'
import { digestIntent, keyedHash, planIntent } from '../../actions/shared/terraform/plan-guard.js'
import { cli } from '../test-support/run-cli.js'

/**
 * `elm-infra plan-guard` on saved plans made by the real Terraform CLI with built-in resources
 * (terraform_data, outputs, sensitive variables, moved/removed blocks): the cases of issue #20.
 * The plan file format read here: hashicorp/terraform internal/plans/planfile (a zip holding the
 * configuration under tfconfig/), and `show -json` as internal/command/jsonplan writes it.
 */
jest.setTimeout(60_000) // a few Terraform runs per case, on a shared machine
const available = requireEngine('terraform', engines.terraform())
const exec = promisify(execFile)
const SECRET = 'hunter2-secret-canary'
const OTHER_SECRET = 'swordfish-secret-canary'
const THIRD_SECRET = 'letmein-secret-canary'

let scratch = ''
const savedEnv = { ...process.env }

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), '20-plan-guard-'))
  const config = join(scratch, 'empty.tfrc')
  await writeFile(config, '')
  process.env['TF_CLI_CONFIG_FILE'] = config
  process.env['CHECKPOINT_DISABLE'] = '1'
  process.env['TF_IN_AUTOMATION'] = '1'
})

afterAll(async () => {
  process.env = savedEnv
  await rm(scratch, { recursive: true, force: true })
})

/** The module every case starts from. */
const BASE = {
  url: '"postgres://${terraform_data.db.id}/prod"',
  site: '"https://v2.example"',
  created: '"2020"',
  extra: ''
}

function module(o: Partial<typeof BASE> = {}): string {
  const v = { ...BASE, ...o }
  return `
variable "secret" {
  type      = string
  sensitive = true
}
variable "greeting" {
  type    = string
  default = "hello"
}
resource "terraform_data" "db" {
  input = "db"
}
resource "terraform_data" "app" {
  input = {
    url             = ${v.url}
    greeting        = var.greeting
    created         = ${v.created}
    build_timestamp = "b1"
  }
}
resource "terraform_data" "secret" {
  input = var.secret
}
output "site" {
  value = ${v.site}
}
output "token" {
  value     = var.secret
  sensitive = true
}
${v.extra}
`
}

async function terraform(dir: string, ...args: string[]): Promise<string> {
  const { stdout } = await exec('terraform', [...args, '-no-color'], { cwd: dir })
  return stdout
}

/** A fresh initialised directory holding `source` as main.tf. */
async function workdir(source: string): Promise<string> {
  const dir = await mkdtemp(join(scratch, 'ws-'))
  await writeFile(join(dir, 'main.tf'), source)
  await terraform(dir, 'init', '-input=false')
  return dir
}

let plans = 0
/** `terraform plan -out` in `dir` with the module `source`; returns the plan file. */
async function plan(
  dir: string,
  source: string,
  vars: Record<string, string> = {}
): Promise<string> {
  await writeFile(join(dir, 'main.tf'), source)
  const file = join(dir, `p${plans++}.tfplan`)
  const all = { secret: SECRET, ...vars }
  await terraform(
    dir,
    'plan',
    '-input=false',
    `-out=${file}`,
    ...Object.entries(all).map(([k, val]) => `-var=${k}=${val}`)
  )
  return file
}

async function apply(
  dir: string,
  source: string,
  vars: Record<string, string> = {}
): Promise<void> {
  await terraform(dir, 'apply', '-input=false', '-auto-approve', await plan(dir, source, vars))
}

async function guard(dir: string, reviewed: string, current: string) {
  const result = await cli(['plan-guard', reviewed, current, '--chdir', dir])
  // Whatever the outcome, no secret of the test ever reaches the output.
  for (const secret of [SECRET, OTHER_SECRET, THIRD_SECRET])
    expect(result.out + result.err).not.toContain(secret)
  return result
}

const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

;(available ? describe : describe.skip)('elm-infra plan-guard on real Terraform plans', () => {
  describe('accepts the same intent', () => {
    it.each([
      ['timestamp()', 'timestamp()'],
      ['uuid()', 'uuid()'],
      ['plantimestamp()', '"built at ${plantimestamp()}"']
    ])('the same module planned twice with %s', async (_name, expression) => {
      const source = module({
        extra: `resource "terraform_data" "clock" {\n  input = ${expression}\n}`
      })
      const dir = await workdir(source)
      const a = await plan(dir, source)
      await sleep(1100) // the plan timestamp has a resolution of one second
      const b = await plan(dir, source)
      const stamps = await Promise.all(
        [a, b].map(async f => parsePlanText(await terraform(dir, 'show', '-json', f), f).timestamp)
      )
      expect(stamps[0]).not.toBe(stamps[1])
      const result = await guard(dir, a, b)
      expect([result.code, result.out.trim()]).toEqual([
        0,
        `${b} carries out exactly what ${a} was reviewed to do.`
      ])
    })

    it('the same module planned in another working directory', async () => {
      const source = module()
      const one = await workdir(source)
      const two = await workdir(source)
      const result = await guard(one, await plan(one, source), await plan(two, source))
      expect(result.code).toBe(0)
    })

    it('the same plan JSON with its keys and changes in another order', async () => {
      const source = module()
      const dir = await workdir(source)
      const file = await plan(dir, source)
      const json = JSON.parse(await terraform(dir, 'show', '-json', file)) as Record<
        string,
        unknown
      >
      const reordered = reverseKeys(json) as Record<string, unknown>
      reordered['resource_changes'] = [...(json['resource_changes'] as unknown[])].reverse()
      expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(json))
      const keyed = keyedHash('k'.repeat(32))
      const config = configDigests(await readFile(file), file, keyed)
      const intent = (j: unknown) =>
        digestIntent(planIntent(parsePlanText(JSON.stringify(j), 'x'), config, keyed))
      expect(intent(reordered)).toBe(intent(json))
    })
  })

  describe('refuses a changed intent, naming the address and path', () => {
    it.each([
      [
        'an output changed',
        { site: '"https://attacker.example"' },
        {},
        '~ output.site: after was "https://v2.example" in the reviewed plan, now "https://attacker.example"'
      ],
      [
        'an output added',
        { extra: 'output "more" {\n  value = "x"\n}' },
        {},
        '+ output.more: now planned to create, which was not in the reviewed plan'
      ],
      [
        'a sensitive output changed',
        { extra: `output "other" {\n  value     = "${OTHER_SECRET}"\n  sensitive = true\n}` },
        {},
        '+ output.other: now planned to create, which was not in the reviewed plan'
      ],
      [
        'a user-written key named like a timestamp',
        { created: '"2021"' },
        {},
        '~ terraform_data.app: after.input.created was "2020" in the reviewed plan, now "2021"'
      ],
      [
        'an attribute',
        {},
        { greeting: 'hi' },
        '~ terraform_data.app: after.input.greeting was "hello" in the reviewed plan, now "hi"'
      ],
      [
        'a resource added',
        { extra: 'resource "terraform_data" "more" {}' },
        {},
        '+ terraform_data.more: now planned to create, which was not in the reviewed plan'
      ]
    ])('%s', async (_name, change, vars, expected) => {
      const dir = await workdir(module())
      const reviewed = await plan(dir, module())
      const result = await guard(dir, reviewed, await plan(dir, module(change), vars))
      expect(result.code).toBe(1)
      expect(result.out.split('\n')).toContain(expected)
    })

    it('a change only in a secret: a non-empty difference that shows no secret', async () => {
      const dir = await workdir(module())
      const reviewed = await plan(dir, module())
      const result = await guard(dir, reviewed, await plan(dir, module(), { secret: OTHER_SECRET }))
      expect(result.code).toBe(1)
      expect(result.out.trim().split('\n').slice(1)).toEqual([
        '~ var.secret: value: (sensitive) changed',
        '~ terraform_data.secret: after.input: (sensitive) changed',
        '~ output.token: after: (sensitive) changed'
      ])
    })

    it('a secret in state whose sensitive mark Terraform lost (terraform_data.output) stays hidden', async () => {
      const dir = await workdir(module())
      await apply(dir, module())
      const reviewed = await plan(dir, module(), { secret: OTHER_SECRET })
      const json = await terraform(dir, 'show', '-json', reviewed)
      // hashicorp/terraform#35609: the copy in `output` comes back from state unmarked.
      expect(json).toContain(`"output":"${SECRET}"`)
      const keyed = keyedHash('k'.repeat(32))
      const intent = planIntent(parsePlanText(json, 'x'), {}, keyed)
      expect(JSON.stringify(intent)).not.toContain(SECRET)
      await apply(dir, module(), { secret: THIRD_SECRET }) // the state moved since review
      const current = await plan(dir, module(), { secret: OTHER_SECRET })
      const result = await guard(dir, reviewed, current)
      expect(result.out.trim().split('\n').slice(1)).toEqual([
        '~ terraform_data.secret: before.input: (sensitive) changed',
        '~ terraform_data.secret: before.output: (sensitive) changed',
        '~ output.token: before: (sensitive) changed'
      ])
    })

    it('a change hidden behind a value known only after apply: the configuration names the file', async () => {
      const dir = await workdir(module())
      const reviewed = await plan(dir, module())
      const hidden = module({ url: '"postgres://${terraform_data.db.id}/DROP-EVERYTHING"' })
      const current = await plan(dir, hidden)
      const json = await terraform(dir, 'show', '-json', current)
      expect(json).not.toContain('DROP-EVERYTHING') // the plan JSON cannot see it
      const result = await guard(dir, reviewed, current)
      expect(result.code).toBe(1)
      expect(result.out.trim().split('\n').slice(1)).toEqual([
        expect.stringMatching(/^~ configuration: .*: main\.tf changed$/)
      ])
    })

    it('a resource removed, and update becoming replace (applied state)', async () => {
      const dir = await workdir(module())
      await apply(dir, module())
      const reviewed = await plan(dir, module(), { greeting: 'hi' })
      const replace = module({
        extra: 'resource "terraform_data" "x" {}',
        created: '"2020"'
      }).replace(
        'build_timestamp = "b1"\n  }',
        'build_timestamp = "b1"\n  }\n  triggers_replace = ["v2"]'
      )
      const result = await guard(dir, reviewed, await plan(dir, replace, { greeting: 'hi' }))
      expect(result.code).toBe(1)
      const lines = result.out.split('\n')
      expect(lines).toContain(
        '~ terraform_data.app: the reviewed plan would update, now it would delete then create'
      )
      const removed = await plan(
        dir,
        module()
          .replace(/resource "terraform_data" "db"[^}]*}/, '')
          .replace('${terraform_data.db.id}', 'db')
      )
      expect((await guard(dir, reviewed, removed)).out.split('\n')).toContain(
        '+ terraform_data.db: now planned to delete, which was not in the reviewed plan'
      )
    })

    it('a move after a review that moved nothing names its source; a forget is seen', async () => {
      const dir = await workdir(module())
      await apply(dir, module())
      const reviewed = await plan(dir, module())
      const moved = module({
        extra: 'moved {\n  from = terraform_data.secret\n  to   = terraform_data.vault\n}'
      })
        .replace('resource "terraform_data" "secret"', 'resource "terraform_data" "vault"')
        .replace('value     = var.secret', 'value     = var.secret')
      const lines = (await guard(dir, reviewed, await plan(dir, moved))).out.split('\n')
      expect(lines).toContain(
        '+ terraform_data.vault: now planned to no-op (moved from terraform_data.secret), which was not in the reviewed plan'
      )
      const forgotten = module({
        extra:
          'removed {\n  from = terraform_data.secret\n  lifecycle {\n    destroy = false\n  }\n}'
      }).replace(/resource "terraform_data" "secret" \{[^}]*\}/, '')
      const forget = await guard(dir, reviewed, await plan(dir, forgotten))
      expect(forget.out.split('\n')).toContain(
        '+ terraform_data.secret: now planned to forget, which was not in the reviewed plan'
      )
    })

    it('the state changed since review (drift), and another workspace', async () => {
      const dir = await workdir(module())
      await apply(dir, module())
      const reviewed = await plan(dir, module(), { greeting: 'hi' })
      await apply(dir, module(), { greeting: 'hey' }) // someone applied in between
      const drifted = await guard(dir, reviewed, await plan(dir, module(), { greeting: 'hi' }))
      expect(drifted.out.split('\n')).toContain(
        '~ terraform_data.app: before.input.greeting was "hello" in the reviewed plan, now "hey"'
      )
      await terraform(dir, 'workspace', 'new', 'other')
      const workspace = await guard(dir, reviewed, await plan(dir, module(), { greeting: 'hi' }))
      expect(workspace.out.split('\n')).toContain(
        '~ terraform_data.app: the reviewed plan would update, now it would create'
      )
    })
  })

  it('explains a file that is not a saved plan', async () => {
    const dir = await workdir(module())
    const json = join(dir, 'plan.json')
    await writeFile(json, '{}')
    const result = await guard(dir, json, json)
    expect([result.code, result.err.trim()]).toEqual([
      1,
      expect.stringMatching(
        /plan\.json: not a saved Terraform plan \(terraform plan -out=FILE writes a zip/
      )
    ])
  })

  it('a copy of the reviewed plan file is the same intent', async () => {
    const dir = await workdir(module())
    const reviewed = await plan(dir, module())
    await cp(reviewed, join(dir, 'copy.tfplan'))
    expect((await guard(dir, reviewed, join(dir, 'copy.tfplan'))).code).toBe(0)
  })
})

function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys)
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .reverse()
        .map(([k, v]) => [k, reverseKeys(v)])
    )
  return value
}
