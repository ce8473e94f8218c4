import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createTerraformCli } from '../terraform/terraform-cli.js'
import type { CommandRunner } from '../ports.js'
import type { LayerResult } from './report.js'
import { terraformLayer } from './terraform-drift.js'

export interface TerraformProbeOptions {
  readonly runner: CommandRunner
  /** The Terraform root module, e.g. `terraform/`. */
  readonly workingDir: string
  /** A -backend-config file relative to workingDir, used when it exists (state.s3.tfbackend). */
  readonly backendConfigFile?: string
  /** Extra environment (credentials, TF_CLI_CONFIG_FILE…). */
  readonly env?: Readonly<Record<string, string>>
  /** The terraform binary (default `terraform` on PATH). */
  readonly binary?: string
  /**
   * Where pending changes come from (the last commit that touched the Terraform directory, with its
   * PR when one is found); asked only when the plan has changes without drift.
   */
  readonly introducedBy?: () => Promise<string | undefined>
}

/** The last few lines of a tool's stderr: enough to say why, short enough for a table cell. */
export function tail(text: string, lines = 6): string {
  return text.trim().split('\n').slice(-lines).join('\n').trim()
}

/**
 * `terraform init`, then `plan -detailed-exitcode -lock=false` (read-only: the daily check must
 * never hold the state lock an apply is waiting for) into a temporary plan file, then `show -json` of
 * it, through the terraform module's CLI wrapper (the same commands the terraform action runs).
 */
export async function probeTerraform(options: TerraformProbeOptions): Promise<LayerResult> {
  if (!existsSync(options.workingDir)) {
    return terraformLayer({
      exitCode: 1,
      error: `the Terraform directory ${options.workingDir} does not exist`
    })
  }
  const cli = createTerraformCli(options.runner, {
    binary: options.binary ?? 'terraform',
    workingDirectory: options.workingDir,
    ...(options.env ? { env: options.env } : {})
  })
  const backendFile = options.backendConfigFile
  const files =
    backendFile && existsSync(join(options.workingDir, backendFile)) ? [backendFile] : []
  const init = await cli.init({}, files)
  if (init.exitCode !== 0) {
    return terraformLayer({
      exitCode: 1,
      error: `terraform init failed: ${tail(init.stderr || init.stdout)}`
    })
  }
  const dir = await mkdtemp(join(tmpdir(), 'drift-plan-'))
  try {
    const planFile = join(dir, 'drift.tfplan')
    const plan = await cli.plan(planFile, { lock: false })
    if (plan.exitCode !== 0 && plan.exitCode !== 2) {
      const why = tail(plan.stderr || plan.stdout)
      return terraformLayer({
        exitCode: plan.exitCode,
        error: `terraform plan failed (exit ${plan.exitCode}): ${why}`
      })
    }
    const show = await cli.showJson(planFile)
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
    const layer = terraformLayer({ exitCode: plan.exitCode, planJson })
    if (layer.status !== 'pending-apply' || !options.introducedBy) return layer
    const by = await options.introducedBy().catch(() => undefined)
    return by ? terraformLayer({ exitCode: plan.exitCode, planJson, introducedBy: by }) : layer
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
