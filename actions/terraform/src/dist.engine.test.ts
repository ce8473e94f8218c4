import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GITHUB_BODY_LIMIT } from '../../shared/github/limits.js'
import { engines, requireEngine } from '../../shared/testing/engines.js'
import { startGitHubDouble, type GitHubDouble } from '../../shared/testing/github-double/index.js'
import { runActionProcess } from '../../shared/testing/run-action-process.js'

/**
 * The bundled action (actions/terraform/dist/index.js) run as the runner runs it, against the
 * GitHub double (GITHUB_API_URL) and the real terraform binary.
 */
const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'data-module')
const available = requireEngine('terraform', engines.terraform())
const MERGE_SHA = 'c'.repeat(40)

/** 3 × 1,000 long lines in the human plan: well over 200,000 characters. */
const BIG = `
resource "terraform_data" "big" {
  count = 3
  input = [for i in range(1000) : format("line %04d %s", i, join("-", [for j in range(10) : "padding"]))]
}
`

let double: GitHubDouble
let scratch = ''
let ws = ''
let config = ''

beforeAll(async () => {
  double = await startGitHubDouble()
  scratch = await mkdtemp(join(tmpdir(), 'tf-dist-'))
  config = join(scratch, 'empty.tfrc')
  await writeFile(config, '')
  ws = join(scratch, 'ws')
  await cp(FIXTURE, join(ws, 'infra'), { recursive: true })
})

afterAll(async () => {
  await double?.close()
  await rm(scratch, { recursive: true, force: true })
})

function runAction(command: 'plan' | 'apply', pr: number, sha: string) {
  return runActionProcess('terraform', {
    cwd: ws,
    inputs: {
      command,
      'working-directory': 'infra',
      'github-token': 'ghs_double_token',
      'plan-record-key': 'a-plan-record-key-for-the-dist-test'
    },
    env: {
      ...double.env(),
      TF_CLI_CONFIG_FILE: config,
      CHECKPOINT_DISABLE: '1',
      GITHUB_EVENT_NAME: command === 'plan' ? 'pull_request' : 'push',
      GITHUB_SHA: sha
    },
    eventPayload: command === 'plan' ? { pull_request: { number: pr } } : {},
    timeoutMs: 120_000
  })
}

const ours = (pr: number) =>
  double.state.comments.filter(
    c => c.issueNumber === pr && c.body.startsWith('<!-- elm-infra:terraform-plan infra -->')
  )

describe('the bundled terraform action against the GitHub double', () => {
  if (!available) {
    it('is not run: no terraform binary (see the warning above)', () =>
      expect(available).toBe(false))
    return
  }

  it('posts one sticky plan comment, updates it on the next run, fits a 200,000+ char plan, then applies', async () => {
    const pr = double.addPull({
      state: 'closed',
      merged: true,
      mergedAt: '2026-11-27T03:00:00Z',
      mergeCommitSha: MERGE_SHA
    }).number
    double.addComments(pr, 120) // our comment lands on the second page

    const first = await runAction('plan', pr, 'b'.repeat(40))
    expect(first.stderr).toBe('')
    expect(first.exitCode).toBe(0)
    expect(first.outputs).toMatchObject({ 'has-changes': 'true', add: '2', destroy: '0' })
    expect(ours(pr)).toHaveLength(1)
    const id = ours(pr)[0]?.id
    expect(first.summary).toContain('**Plan: 2 to add, 0 to change, 0 to destroy.**')

    await writeFile(join(ws, 'infra', 'big.tf'), BIG)
    const second = await runAction('plan', pr, 'b'.repeat(40))
    expect(
      second.stdout
        .split('\n')
        .filter(l => l.startsWith('::error'))
        .join('\n')
    ).toBe('')
    expect(second.exitCode).toBe(0)
    expect(second.outputs['add']).toBe('5')
    expect(ours(pr)).toHaveLength(1)
    expect(ours(pr)[0]?.id).toBe(id)
    const body = ours(pr)[0]?.body ?? ''
    expect(body.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT)
    const cut =
      /… ([\d,]+) characters cut here to fit GitHub's comment limit; the full output is in the run log: https:\/\/github\.com\/elm\/elm-infra\/actions\/runs\/1/.exec(
        body
      )
    expect(Number(cut?.[1]?.replace(/,/g, ''))).toBeGreaterThan(200_000 - GITHUB_BODY_LIMIT)
    expect(double.requestsTo('POST', `/repos/elm/elm-infra/issues/${pr}/comments`)).toHaveLength(1)
    expect(double.requestsTo('PATCH', '/repos/elm/elm-infra/issues/comments/')).toHaveLength(1)

    const apply = await runAction('apply', pr, MERGE_SHA)
    expect(
      apply.stdout
        .split('\n')
        .filter(l => l.startsWith('::error'))
        .join('\n')
    ).toBe('')
    expect(apply.exitCode).toBe(0)
    const report = double.state.comments.find(c =>
      c.body.startsWith('<!-- elm-infra:terraform-apply infra -->')
    )
    expect(report?.body).toContain(`Applied the plan reviewed in #${pr}.`)
    const state = JSON.parse(await readFile(join(ws, 'infra', 'terraform.tfstate'), 'utf8')) as {
      resources: unknown[]
    }
    expect(state.resources).toHaveLength(3)
  }, 180_000)
})
