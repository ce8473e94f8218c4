/** An error the simulated agent answers with: an HTTP status and Nomad's plain-text message. */
export class NomadError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message)
    this.name = 'NomadError'
  }
}

/** Formats errors the way hashicorp/go-multierror does (`1 error occurred:\n\t* msg\n\n`). */
export function formatMultierror(messages: readonly string[]): string {
  const head = messages.length === 1 ? '1 error occurred:' : `${messages.length} errors occurred:`
  return `${head}\n\t${messages.map(m => `* ${m}`).join('\n\t')}\n\n`
}

/** Shorthand constructors for the errors the agent sends. */
export const nomadErrors = {
  badRequest: (message: string): NomadError => new NomadError(400, message),
  notFound: (message: string): NomadError => new NomadError(404, message),
  server: (message: string): NomadError => new NomadError(500, message),
  invalidMethod: (): NomadError => new NomadError(405, 'Invalid method'),
  permissionDenied: (): NomadError => new NomadError(403, 'Permission denied'),
  tokenNotFound: (): NomadError => new NomadError(403, 'ACL token not found')
}
