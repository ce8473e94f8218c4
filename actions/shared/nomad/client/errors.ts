import { UserError } from '../../errors.js'

/** Nomad answered with an error status; `body` is Nomad's plain-text message, verbatim. */
export class NomadApiError extends UserError {
  override name = 'NomadApiError'
  constructor(
    readonly status: number,
    readonly body: string,
    readonly method: string,
    readonly path: string
  ) {
    super(`Nomad refused ${method} ${path} (HTTP ${status}): ${body.trim() || '(empty body)'}`)
  }
}

/** Nomad answered something a Nomad agent never sends (no X-Nomad-Index, not JSON, wrong shape). */
export class NomadProtocolError extends UserError {
  override name = 'NomadProtocolError'
}

/** The request never got an answer: refused, reset, timed out. */
export class NomadNetworkError extends UserError {
  override name = 'NomadNetworkError'
  constructor(
    message: string,
    readonly code: string
  ) {
    super(message)
  }
}

/** The server's certificate could not be verified (or ours was refused): not retried. */
export class NomadTlsError extends UserError {
  override name = 'NomadTlsError'
}

/** Server errors that mean "try again", from nomad/structs/errors.go. */
const TRANSIENT_500 = [
  'No cluster leader',
  'Not ready to serve consistent reads',
  'No path to region'
]

/** True for faults worth retrying: network failures, 429, 502/503/504 and Nomad's transient 500s. */
export function isTransient(error: unknown): boolean {
  if (error instanceof NomadNetworkError) return true
  if (!(error instanceof NomadApiError)) return false
  if ([429, 502, 503, 504].includes(error.status)) return true
  return error.status === 500 && TRANSIENT_500.some(text => error.body.includes(text))
}
