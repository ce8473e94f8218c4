import { InputError } from '../actions/shared/errors.js'
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

/** Parses `--target`: an http(s) URL of a Nomad agent. */
export function checkTarget(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new InputError(
      `--target is '${value}': expected the address of a Nomad agent, e.g. https://nomad.example:4646.`
    )
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(`--target is '${value}': expected an http:// or https:// address.`)
  }
  return value.replace(/\/+$/, '')
}
