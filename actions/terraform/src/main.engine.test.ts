import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execRunner } from '../../shared/adapters/exec-runner.js'
import { engines, requireEngine } from '../../shared/testing/engines.js'
import { commentMarker } from '../../shared/terraform/comment-parts.js'
import { main } from './main.js'
import { fakeDeps, fakeGitHub } from './test-support/fakes.js'

jest.setTimeout(60_000) // init, plan, show and apply on a shared machine
const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'data-module')
const SECRET = 'hunter2-canary-7f3a'
const available = requireEngine('terraform', engines.terraform())
const PLAN = commentMarker('plan', 'infra')
const APPLY = commentMarker('apply', 'infra')

let scratch = ''
const savedEnv = { ...process.env }

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'tf-action-'))
  const config = join(scratch, 'empty.tfrc')
  await writeFile(config, '')
  process.env['TF_CLI_CONFIG_FILE'] = config
  process.env['CHECKPOINT_DISABLE'] = '1'
})

afterAll(async () => {
  process.env = savedEnv
  await rm(scratch, { recursive: true, force: true })
})

/** A fresh workspace holding the fixture module as `infra/`. */
async function workspace(): Promise<string> {
  const dir = await mkdtemp(join(scratch, 'ws-'))
  await cp(FIXTURE, join(dir, 'infra'), { recursive: true })
  return dir
}

const files = {
  readText: async (path: string) => readFile(path, 'utf8').catch(() => undefined),
  writeText: (path: string, text: string) => writeFile(path, text),
  readBytes: (path: string) => readFile(path),
  makeTempDir: () => mkdtemp(join(scratch, 'plan-'))
}

function run(ws: string, command: 'plan' | 'apply', github: ReturnType<typeof fakeGitHub>) {
  return fakeDeps({
    inputs: {
      command,
      'working-directory': 'infra',
      'github-token': 'ghs_fake',
      'plan-record-key': 'a-plan-record-key-for-the-engine-test'
    },
    runner: execRunner,
    github,
    env: {
      GITHUB_WORKSPACE: ws,
      GITHUB_SHA: 'a'.repeat(40),
      GITHUB_REPOSITORY: 'elm/elm-infra',
      GITHUB_RUN_ID: '9'
    },
    event: { pull_request: { number: 7 } },
    files
  })
}

describe('the terraform action with real Terraform', () => {
  if (!available) {
    it('is not run: no terraform binary (see the warning above)', () =>
      expect(available).toBe(false))
    return
  }

  it('plans, comments once per directory, then applies exactly the reviewed plan', async () => {
    const ws = await workspace()
    const github = fakeGitHub(7)
    const plan = run(ws, 'plan', github)
    await main(plan.deps)
    expect(plan.outputs).toMatchObject({
      'has-changes': 'true',
      add: '2',
      change: '0',
      destroy: '0',
      replace: '0'
    })
    const comment = github.body(7, PLAN) ?? ''
    expect(comment).toContain('**Plan: 2 to add, 0 to change, 0 to destroy.** (2 output changes)')
    expect(comment).toContain('| `password` | create |  | `(sensitive)` |')
    expect(comment).toContain('<!-- elm-infra:terraform-reviewed-plan v2 sha256=')
    expect(comment).toContain('Terraform will perform the following actions') // the human plan
    expect(plan.uploads).toEqual([
      {
        name: 'terraform-plan-infra',
        files: [expect.stringMatching(/tfplan$/), expect.stringMatching(/tfplan\.json$/)]
      }
    ])

    const apply = run(ws, 'apply', github)
    await main(apply.deps)
    expect(github.body(7, APPLY)).toContain('Applied the plan reviewed in #7.')
    const state = JSON.parse(await readFile(join(ws, 'infra', 'terraform.tfstate'), 'utf8')) as {
      resources: { name: string }[]
    }
    expect(state.resources.map(r => r.name).sort()).toEqual(['app', 'secret'])

    const written = [
      ...github.comments.values(),
      ...plan.summaries,
      ...apply.summaries,
      ...plan.logger.lines,
      ...apply.logger.lines
    ]
    for (const text of written) expect(text).not.toContain(SECRET)
  })

  it('refuses to apply when the module changed after the plan was reviewed, and says what differs', async () => {
    const ws = await workspace()
    const github = fakeGitHub(7)
    await main(run(ws, 'plan', github).deps)
    const mainTf = join(ws, 'infra', 'main.tf')
    await writeFile(
      mainTf,
      (await readFile(mainTf, 'utf8')).replace('"hello"', '"changed after review"')
    )

    const apply = run(ws, 'apply', github)
    await expect(main(apply.deps)).rejects.toThrow(
      'Refused to apply: the plan differs from the one reviewed in #7 (3 differences); nothing was applied.'
    )
    const refusal = github.body(7, APPLY) ?? ''
    expect(refusal).toContain('**Refused.**')
    expect(refusal).toContain(
      '~ terraform_data.app: after.input was "hello" in the reviewed plan, now "changed after review"'
    )
    expect(refusal).toContain(
      '~ var.greeting: value was "hello" in the reviewed plan, now "changed after review"'
    )
    expect(refusal).toMatch(/~ configuration: .*: main\.tf changed/)
    await expect(readFile(join(ws, 'infra', 'terraform.tfstate'), 'utf8')).rejects.toThrow(/ENOENT/)
  })

  it('fails a broken module with Terraform’s error as an annotation and in the comment', async () => {
    const ws = await workspace()
    const mainTf = join(ws, 'infra', 'main.tf')
    const broken = (await readFile(mainTf, 'utf8')).replace('var.greeting', 'var.missing')
    await writeFile(mainTf, broken)
    const line = broken.split('\n').findIndex(l => l.includes('var.missing')) + 1
    const github = fakeGitHub(7)
    const plan = run(ws, 'plan', github)
    await expect(main(plan.deps)).rejects.toThrow(
      'terraform validate failed in infra (exit 1): Reference to undeclared input variable'
    )
    expect(plan.logger.annotations).toContainEqual(
      expect.objectContaining({ level: 'error', file: 'infra/main.tf', line })
    )
    const comment = github.body(7, PLAN) ?? ''
    expect(comment).toContain('`terraform validate` failed')
    expect(comment).toContain(`**Reference to undeclared input variable** (\`main.tf:${line}\`)`)
    expect(comment).not.toContain('reviewed-plan')
  })

  it('fails an unformatted module at fmt, naming the file', async () => {
    const ws = await workspace()
    await writeFile(join(ws, 'infra', 'extra.tf'), 'locals {\nx=1\n}\n')
    const github = fakeGitHub(7)
    const plan = run(ws, 'plan', github)
    await expect(main(plan.deps)).rejects.toThrow('terraform fmt failed in infra (exit 3)')
    expect(plan.logger.annotations).toContainEqual(
      expect.objectContaining({
        level: 'error',
        file: 'infra/extra.tf',
        message: 'terraform fmt: extra.tf is not formatted; run terraform fmt'
      })
    )
  })

  it('refuses to apply a commit with no merged pull request', async () => {
    const ws = await workspace()
    await expect(main(run(ws, 'apply', fakeGitHub(undefined)).deps)).rejects.toThrow(
      /^No merged pull request found for commit a{40}/
    )
  })
})
