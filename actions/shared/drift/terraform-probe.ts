import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CommandRunner } from '../ports.js'
import type { LayerResult } from './report.js'
import { terraformLayer } from './terraform-drift.js'

export interface TerraformProbeOptions {
  readonly runner: CommandRunner
  /** The Terraform root module, e.g. `terraform/`. */
  readonly workingDir: string
  /** Extra environment (credentials, TF_CLI_CONFIG_FILE…). */
  readonly env?: Readonly<Record<string, string>>
  /** The terraform binary (default `terraform` on PATH). */
  readonly binary?: string
}

/** The last few lines of a tool's stderr: enough to say why, short enough for a table cell. */
export function tail(text: string, lines = 6): string {
  return text.trim().split('\n').slice(-lines).join('\n').trim()
}

/**
 * `terraform init`, then `plan -detailed-exitcode` into a temporary plan file, then `show -json` of
 * it. `-lock=false`: the check never writes state and must never hold a lock that blocks an apply.
 */
export async function probeTerraform(options: TerraformProbeOptions): Promise<LayerResult> {
  if (!existsSync(options.workingDir)) {
    return terraformLayer({
      exitCode: 1,
      error: `the Terraform directory ${options.workingDir} does not exist`
    })
  }
  const bin = options.binary ?? 'terraform'
  const env = { TF_IN_AUTOMATION: '1', TF_INPUT: '0', ...options.env }
  const run = (args: string[]) => options.runner.run(bin, args, { cwd: options.workingDir, env })
  const init = await run(['init', '-input=false', '-no-color'])
  if (init.exitCode !== 0) {
    return terraformLayer({
      exitCode: 1,
      error: `terraform init failed: ${tail(init.stderr || init.stdout)}`
    })
  }
  const dir = await mkdtemp(join(tmpdir(), 'drift-plan-'))
  try {
    const planFile = join(dir, 'drift.tfplan')
    const plan = await run([
      'plan',
      '-detailed-exitcode',
      '-input=false',
      '-no-color',
      '-lock=false',
      `-out=${planFile}`
    ])
    if (plan.exitCode !== 0 && plan.exitCode !== 2) {
      const why = tail(plan.stderr || plan.stdout)
      return terraformLayer({
        exitCode: plan.exitCode,
        error: `terraform plan failed (exit ${plan.exitCode}): ${why}`
      })
    }
    const show = await run(['show', '-json', '-no-color', planFile])
    if (show.exitCode !== 0) {
      return terraformLayer({
        exitCode: 1,
        error: `terraform show -json failed: ${tail(show.stderr)}`
      })
    }
    let planJson: unknown
    try {
      planJson = JSON.parse(show.stdout)
    } catch {
      planJson = undefined
    }
    return terraformLayer({ exitCode: plan.exitCode, planJson })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
