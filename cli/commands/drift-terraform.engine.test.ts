import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { engines, requireEngine } from '../../actions/shared/testing/engines.js'
import { cli } from '../test-support/run-cli.js'

/**
 * #21's "done when", with the real terraform CLI and local state: `elm-infra drift --layers
 * terraform` says in sync for an applied config, pending-apply (exit 0) for a change not applied
 * yet, and in sync for a `moved`-only refactor (which `plan -detailed-exitcode` reports as exit 2).
 */
const FIXTURE = new URL('../../actions/shared/drift/fixtures/terraform/', import.meta.url).pathname
const run = requireEngine('terraform', engines.terraform())

;(run ? describe : describe.skip)('elm-infra drift --layers terraform (real terraform)', () => {
  let root = ''
  let tf = ''
  const saved = { ...process.env }
  const git = (...args: string[]): string =>
    execFileSync('git', args, { cwd: root, stdio: 'pipe', encoding: 'utf8' })
  const drift = () => cli(['drift', '--layers', 'terraform', '--root', root])

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'i21-drift-cli-'))
    tf = join(root, 'terraform')
    cpSync(FIXTURE, tf, { recursive: true })
    // What makes a folder an elm-infra repository for --root (nothing in them: terraform only).
    mkdirSync(join(root, 'nomad'))
    mkdirSync(join(root, 'docker'))
    writeFileSync(join(root, 'empty.tfrc'), '')
    // terraform inherits the test process's environment: no update checks, no registry config.
    process.env['CHECKPOINT_DISABLE'] = '1'
    process.env['TF_CLI_CONFIG_FILE'] = join(root, 'empty.tfrc')
    const opts = { cwd: tf, stdio: 'pipe' as const }
    execFileSync('terraform', ['init', '-input=false', '-no-color'], opts)
    execFileSync('terraform', ['apply', '-auto-approve', '-input=false', '-no-color'], opts)
    git('init', '-q')
    git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'add', 'terraform/main.tf')
    git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'base')
  })
  afterAll(() => {
    process.env = saved
    rmSync(root, { recursive: true, force: true })
  })

  test('an applied configuration is in sync (exit 0)', async () => {
    const { code, out, err } = await drift()
    expect(err).not.toMatch(/^elm-infra: /m)
    expect(out).toMatch(/Terraform\s+in-sync\s+no changes\n/)
    expect(code).toBe(0)
  }, 60_000)

  test('a config changed but not applied is pending-apply, naming the resource and the commit; exit 0', async () => {
    const main = join(tf, 'main.tf')
    const original = readFileSync(main, 'utf8')
    writeFileSync(main, original.replace('"s-1vcpu-1gb"', '"s-2vcpu-4gb"'))
    git(
      '-c',
      'user.name=t',
      '-c',
      'user.email=t@example.invalid',
      'commit',
      '-qam',
      'terraform: bigger node (#42)'
    )
    try {
      const { code, out } = await drift()
      expect(out).toMatch(
        /Terraform\s+pending-apply\s+1 planned, not applied yet, from commit [0-9a-f]+ "terraform: bigger node \(#42\)"/
      )
      expect(out).toContain('terraform_data.node: update: input, output')
      expect(out).toContain('No drift')
      expect(code).toBe(0)
    } finally {
      writeFileSync(main, original)
    }
  }, 60_000)

  test('a moved-only change is in sync, with a note (terraform itself exits 2)', async () => {
    const main = join(tf, 'main.tf')
    const original = readFileSync(main, 'utf8')
    writeFileSync(
      main,
      original.replace('resource "terraform_data" "firewall"', 'resource "terraform_data" "edge"') +
        '\nmoved {\n  from = terraform_data.firewall\n  to   = terraform_data.edge\n}\n'
    )
    try {
      const exit = (() => {
        try {
          execFileSync('terraform', ['plan', '-detailed-exitcode', '-lock=false', '-no-color'], {
            cwd: tf,
            stdio: 'pipe'
          })
          return 0
        } catch (error) {
          return (error as { status: number }).status
        }
      })()
      expect(exit).toBe(2)
      const { code, out } = await drift()
      expect(out).toMatch(
        /Terraform\s+in-sync\s+no changes \(terraform_data\.firewall moved to terraform_data\.edge/
      )
      expect(code).toBe(0)
    } finally {
      writeFileSync(main, original)
    }
  }, 60_000)
})
