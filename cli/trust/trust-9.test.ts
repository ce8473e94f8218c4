/** Issue #17 item 9, "small lies", each reproduced as the issue writes it. */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CORPUS_DIR } from '../../actions/shared/testing/corpus.js'
import { CORPUS } from '../../actions/shared/terraform/testing/corpus.js'
import { EXIT } from '../program.js'
import { cli } from '../test-support/run-cli.js'

jest.setTimeout(60_000)
const repoRoot = join(import.meta.dirname, '..', '..')
let dir = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), '17-small-lies-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

function hasTerraform(): boolean {
  try {
    execFileSync('terraform', ['version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

describe('9. small lies', () => {
  it('parse-command says "deploy" and that permission was not checked', async () => {
    const payload = JSON.parse(
      await readFile(
        join(CORPUS_DIR, 'github-events/atlantis/githubIssueCommentEvent.json'),
        'utf8'
      )
    ) as { comment: { body: string } }
    payload.comment.body = '/deploy website 1.3'
    const event = join(dir, 'event.json')
    await writeFile(event, JSON.stringify(payload))
    const { code, out, err } = await cli(['parse-command', '--event', event])
    expect(code).toBe(EXIT.ok)
    expect(JSON.parse(out)).toMatchObject({ decision: 'deploy', permission: 'not checked' })
    expect(err).toContain('Permission not checked')
  })

  it('drift without NOMAD_ADDR names what it needs instead of trying 127.0.0.1:4646', async () => {
    const { code, err } = await cli(['drift', '--layers', 'nomad'])
    expect(code).toBe(EXIT.usage)
    expect(err).toContain('NOMAD_ADDR is not set')
    expect(err).toContain('--layers terraform,ansible')
    expect(err).not.toContain('127.0.0.1:4646')
    const help = await cli(['drift', '--help'])
    expect(help.out).toContain('NOMAD_TOKEN')
    expect(help.out).toContain('DIGITALOCEAN_TOKEN')
  })

  it('--version prints the version in package.json', async () => {
    const pkg = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as {
      version: string
    }
    const { code, out } = await cli(['--version'])
    expect(code).toBe(EXIT.ok)
    expect(out.trim()).toBe(pkg.version)
  })

  it('a bad file is exit 2 (bad input) in every command, as drift says (issue 28)', async () => {
    const bad = join(dir, 'bad.json')
    await writeFile(bad, '{"oops": ')
    const parse = await cli(['parse-command', '--event', bad])
    const plan = await cli(['plan-summary', bad])
    const missing = await cli(['parse-command', '--event', join(dir, 'missing.json')])
    expect([parse.code, plan.code, missing.code]).toEqual([EXIT.usage, EXIT.usage, EXIT.usage])
  })

  it("plan-summary prints Terraform's own Plan: line by default", async () => {
    if (!hasTerraform()) {
      console.warn('terraform is not on PATH: checking the Plan: line against a corpus plan only')
      const { out } = await cli(['plan-summary', join(CORPUS, 'opentofu/basic_list/plan.json')])
      expect(out).toMatch(/^(Plan: \d+ to add, \d+ to change, \d+ to destroy\.|No changes\.)/)
      return
    }
    // A real plan from the real CLI: its `terraform show` line is the truth we must print.
    const tf = join(dir, 'tf')
    const env = { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' }
    execFileSync('mkdir', ['-p', tf])
    await writeFile(
      join(tf, 'main.tf'),
      'resource "terraform_data" "a" {\n  input = 1\n}\nresource "terraform_data" "b" {\n  input = 2\n}\n'
    )
    const run = (...args: string[]): string =>
      execFileSync('terraform', args, {
        cwd: tf,
        env,
        stdio: ['ignore', 'pipe', 'ignore']
      }).toString()
    run('init', '-no-color', '-input=false')
    run('plan', '-no-color', '-input=false', '-out', 'p')
    const human = run('show', '-no-color', 'p')
    await writeFile(join(tf, 'plan.json'), run('show', '-json', 'p'))
    const theirs = human.split('\n').find(l => l.startsWith('Plan: '))
    expect(theirs).toBe('Plan: 2 to add, 0 to change, 0 to destroy.')
    const { code, out } = await cli(['plan-summary', join(tf, 'plan.json')])
    expect(code).toBe(EXIT.ok)
    expect(out.trim()).toBe(theirs)
  })
})
