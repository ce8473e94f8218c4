/**
 * Errors a user can fix (a bad input, a bad config, a refusal from a remote system). runAction prints
 * their message as one line; anything else is a bug and also gets its stack.
 */
export class UserError extends Error {
  override name = 'UserError'
}

/** An action input or CLI argument that is missing or malformed. */
export class InputError extends UserError {
  override name = 'InputError'
}

/** A repository file (job spec, catalog, workflow) that is wrong. */
export class ConfigError extends UserError {
  override name = 'ConfigError'
}

/** Turns any thrown value into a message, never "[object Object]" or "undefined". */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name
  if (typeof error === 'string') return error
  try {
    return `non-Error thrown: ${JSON.stringify(error)}`
  } catch {
    return `non-Error thrown: ${String(error)}`
  }
}
