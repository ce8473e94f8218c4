import { runApply } from './apply.js'
import type { TerraformDeps } from './deps.js'
import { readInputs } from './inputs.js'
import { runOutput, setPublicOutputs } from './outputs.js'
import { runPlan } from './plan.js'
import { openSession } from './session.js'

/** The terraform action: `plan` on pull requests, `apply` of the reviewed plan on main. */
export async function main(deps: TerraformDeps): Promise<void> {
  const inputs = readInputs(deps.inputs)
  const session = await openSession(deps, inputs)
  if (inputs.command === 'output') return runOutput(session)
  const summary = inputs.command === 'plan' ? await runPlan(session) : await runApply(session)
  deps.outputs.set('has-changes', String(summary.hasChanges))
  deps.outputs.set('add', String(summary.add))
  deps.outputs.set('change', String(summary.change))
  deps.outputs.set('destroy', String(summary.destroy))
  deps.outputs.set('replace', String(summary.replace))
  if (inputs.command === 'apply') await setPublicOutputs(session)
  deps.logger.info(
    `Plan: ${summary.add} to add, ${summary.change} to change, ${summary.destroy} to destroy (${summary.replace} to replace).`
  )
}
