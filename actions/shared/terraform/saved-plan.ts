import { UserError } from '../errors.js'
import type { CommandRunner } from '../ports.js'
import { parsePlanText } from './parse-plan.js'
import type { Keyed } from './normalise-changes.js'
import { configDigests } from './plan-config.js'
import { planIntent, type PlanIntent } from './plan-guard.js'
import type { Plan } from './plan-types.js'

/** What reading a saved plan needs: Terraform to show it, and its bytes for the configuration. */
export interface SavedPlanIo {
  readonly runner: CommandRunner
  /** The terraform binary. */
  readonly terraform: string
  /** Where `terraform show` runs: an initialised working directory (providers give schemas). */
  readonly workingDirectory: string
  readBytes(file: string): Promise<Uint8Array>
}

/**
 * Reads a saved plan file (`terraform plan -out=FILE`) as the guard compares it: the JSON from
 * `terraform show -json FILE` (hashicorp/terraform website/docs/internals/json-format.mdx) and
 * the configuration saved inside the file.
 */
export async function readSavedPlan(
  file: string,
  io: SavedPlanIo,
  keyed: Keyed
): Promise<{ readonly plan: Plan; readonly intent: PlanIntent }> {
  let bytes: Uint8Array
  try {
    bytes = await io.readBytes(file)
  } catch (error) {
    const code = (error as { code?: string }).code
    throw new UserError(`${file}: cannot read it (${code ?? String(error)})`)
  }
  const configuration = configDigests(bytes, file, keyed)
  const shown = await io.runner.run(io.terraform, ['show', '-json', '-no-color', file], {
    cwd: io.workingDirectory,
    env: { TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' }
  })
  if (shown.exitCode !== 0) {
    // Only stderr: the stdout of `show -json` would be the plan, secrets included.
    const why = shown.stderr.trim().split('\n').filter(Boolean).slice(-3).join(' ')
    throw new UserError(
      `terraform show -json ${file} failed (exit ${shown.exitCode}) in ${io.workingDirectory}: ${why || 'no output'}. Run it where the plan was made, after terraform init.`
    )
  }
  const plan = parsePlanText(shown.stdout, `terraform show -json ${file}`)
  return { plan, intent: planIntent(plan, configuration, keyed) }
}
