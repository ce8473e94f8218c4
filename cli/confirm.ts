import { InputError } from '../actions/shared/errors.js'
import { check, nomadAddress } from './options/rules.js'
import type { Terminal } from './terminal.js'

/**
 * Asks before touching a real cluster. With `--yes` it goes ahead; where nobody can answer (stdin
 * or stderr not a terminal) it refuses before any request is sent; otherwise it shows the plan and
 * asks, and only "y"/"yes" goes ahead.
 */
export async function confirmReal(options: {
  readonly terminal: Terminal
  readonly yes: boolean
  /** e.g. "Deploy package-site 1.3 to the Nomad cluster at https://…" */
  readonly action: string
  /** Prints what will change (read-only requests only). */
  readonly showPlan: () => Promise<void>
}): Promise<boolean> {
  if (options.yes) return true
  const ask = options.terminal.confirm
  if (ask === undefined) {
    throw new InputError(
      `${options.action}: refusing without a confirmation, and nobody can answer here (stdin is not a terminal). Run it in a terminal to see the plan and answer, or pass --yes.`
    )
  }
  await options.showPlan()
  return ask(`${options.action}?`)
}

/** Checks a Nomad address (`--target`, or NOMAD_ADDR with --real) by the shared rule. */
export function checkTarget(value: string, name = '--target'): string {
  return check(nomadAddress, name, value)
}
