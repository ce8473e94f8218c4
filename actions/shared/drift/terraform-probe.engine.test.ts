import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execRunner } from '../adapters/exec-runner.js'
import { describeWithEngines } from '../testing/describe-with-engines.js'
import { engines } from '../testing/engines.js'
import { probeTerraform } from './terraform-probe.js'

const FIXTURE = new URL('./fixtures/terraform/', import.meta.url).pathname
const describeTerraform = describeWithEngines({ terraform: engines.terraform() })

describeTerraform('probeTerraform (real terraform)', () => {
  let dir = ''
  let env: Record<string, string> = {}

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'drift-tf-'))
    const cliConfig = join(dir, 'empty.tfrc')
    writeFileSync(cliConfig, '')
    env = { CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: cliConfig }
    cpSync(FIXTURE, join(dir, 'root'), { recursive: true })
    const opts = { cwd: join(dir, 'root'), env: { ...process.env, ...env }, stdio: 'pipe' as const }
    execFileSync('terraform', ['init', '-input=false', '-no-color'], opts)
    execFileSync('terraform', ['apply', '-auto-approve', '-input=false', '-no-color'], opts)
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  test('the applied configuration is in sync (exit 0)', async () => {
    const layer = await probeTerraform({ runner: execRunner, workingDir: join(dir, 'root'), env })
    expect(layer).toMatchObject({ layer: 'terraform', status: 'in-sync', items: [] })
  })

  // `output` is recomputed (after_unknown), so it is named too, as terraform's own plan shows it.
  // Nothing changed outside Terraform: the repository is ahead, which is pending-apply, not drift.
  test('a changed config (exit 2, no resource_drift) is pending-apply, naming the resource and attribute', async () => {
    const layer = await probeTerraform({
      runner: execRunner,
      workingDir: join(dir, 'root'),
      env: { ...env, TF_VAR_size: 's-2vcpu-4gb' }
    })
    expect(layer.status).toBe('pending-apply')
    expect(layer.items).toEqual([
      { subject: 'terraform_data.node', detail: 'update: input, output' }
    ])
    expect(layer.summary).toBe('1 planned, not applied yet')
  })

  test('an init that fails is unknown with terraform’s reason, never in sync', async () => {
    const broken = join(dir, 'broken')
    cpSync(FIXTURE, broken, { recursive: true })
    writeFileSync(
      join(broken, 'providers.tf'),
      'terraform {\n  required_providers {\n    nothing = { source = "example.invalid/elm/nothing" }\n  }\n}\n'
    )
    const layer = await probeTerraform({ runner: execRunner, workingDir: broken, env })
    expect(layer.status).toBe('unknown')
    expect(layer.reason).toMatch(/^terraform init failed: /)
  })

  test('a missing directory is unknown', async () => {
    const layer = await probeTerraform({ runner: execRunner, workingDir: join(dir, 'nope'), env })
    expect(layer).toMatchObject({ status: 'unknown' })
    expect(layer.reason).toContain('does not exist')
  })
})
