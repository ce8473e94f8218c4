import { InputError } from '../errors.js'
import { optional, type InputSource } from '../inputs.js'

/**
 * Whose comments and issues we trust as our own. A workflow's GITHUB_TOKEN acts as
 * `github-actions[bot]` (user id 41898282, type `Bot`): that is the default. A repository that
 * runs the pipeline with a GitHub App or a PAT names that identity's login instead (the
 * `trusted-bot` input / ELM_INFRA_TRUSTED_BOT). Any other author — another App's bot included —
 * is never trusted, even when its comment carries our marker.
 */
export const DEFAULT_TRUSTED_BOT = 'github-actions[bot]'

export interface AuthoredBy {
  readonly user?: { readonly login?: string | null; readonly type?: string | null } | null
}

/** True only for an item written by exactly the trusted login. */
export function isTrustedAuthor(
  item: AuthoredBy,
  trustedBot: string = DEFAULT_TRUSTED_BOT
): boolean {
  return item.user?.login === trustedBot
}

/** The action input that names the trusted login (GitHub passes it as INPUT_TRUSTED-BOT). */
export const TRUSTED_BOT_INPUT = 'trusted-bot'
/** The same setting for `elm-infra` on a laptop or outside an action. */
export const TRUSTED_BOT_ENV = 'ELM_INFRA_TRUSTED_BOT'

// A GitHub login: letters, digits and single hyphens, not at either end, at most 39 characters
// (github.com/join's rule); an App's bot login adds `[bot]`.
const LOGIN = /^(?=.{1,39}(?:\[bot\])?$)[A-Za-z0-9](?:-?[A-Za-z0-9])*(?:\[bot\])?$/

function checkLogin(value: string, source: string): string {
  if (LOGIN.test(value)) return value
  throw new InputError(
    `${source} is ${JSON.stringify(value)}, which is not a GitHub login. Accepted: a user login (letters, digits, single hyphens) or an App's bot login such as github-actions[bot] or my-app[bot].`
  )
}

/** The `trusted-bot` action input (empty: the default), checked. */
export function readTrustedBot(read: InputSource): string {
  const value = optional(read, TRUSTED_BOT_INPUT) ?? DEFAULT_TRUSTED_BOT
  return checkLogin(value, `Input '${TRUSTED_BOT_INPUT}'`)
}

/**
 * The trusted login from the action input, else ELM_INFRA_TRUSTED_BOT, else the default. An empty
 * value means "unset"; anything that is not a GitHub login is refused with what is accepted.
 */
export function trustedBotFrom(env: Readonly<Record<string, string | undefined>>): string {
  const input = env[`INPUT_${TRUSTED_BOT_INPUT.toUpperCase()}`]?.trim() ?? ''
  if (input !== '') return checkLogin(input, `Input '${TRUSTED_BOT_INPUT}'`)
  const fromEnv = env[TRUSTED_BOT_ENV]?.trim() ?? ''
  return fromEnv === '' ? DEFAULT_TRUSTED_BOT : checkLogin(fromEnv, TRUSTED_BOT_ENV)
}
