import type { ChatopsDeps } from './deps.js'
import { readInputs } from './inputs.js'
import { runCommand } from './run-command.js'
import { runRecheck } from './run-recheck.js'
import { runReport } from './run-report.js'
import { runResolve } from './run-resolve.js'

/** Reads the inputs, masks the tokens, and runs the chosen mode. */
export async function main(deps: ChatopsDeps): Promise<void> {
  const inputs = readInputs(deps.inputs)
  deps.masker.mask(inputs.githubToken)
  if (inputs.mode === 'report') return runReport(deps, inputs)
  if (inputs.mode === 'recheck') return runRecheck(deps, inputs)
  if (inputs.registryToken !== inputs.githubToken) deps.masker.mask(inputs.registryToken)
  if (inputs.mode === 'resolve') return runResolve(deps, inputs)
  return runCommand(deps, inputs)
}
