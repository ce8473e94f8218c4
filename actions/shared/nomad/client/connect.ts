import { type Clock, systemClock } from '../../ports.js'
import { type NomadOverrides, nomadConfigFromEnv, withOverrides } from './config.js'
import { createHttpTransport } from './http.js'
import { type NomadClient, createNomadClient } from './client.js'
import { DEFAULT_RETRY } from './retry.js'

/**
 * A Nomad client from the NOMAD_* environment (plus explicit overrides): what `elm-infra deploy`
 * and `rehearse` use. Close it when done (it keeps connections alive).
 */
export function connectNomad(
  options: {
    readonly env?: Readonly<Record<string, string | undefined>>
    readonly overrides?: NomadOverrides
    readonly clock?: Clock
    readonly onRetry?: (what: string, attempt: number, error: unknown) => void
    /** How long one request may go unanswered (default 30 s); retries share 4 times that. */
    readonly requestTimeoutMs?: number
  } = {}
): NomadClient {
  const config = withOverrides(
    nomadConfigFromEnv(options.env ?? process.env),
    options.overrides ?? {}
  )
  return createNomadClient({
    transport: createHttpTransport(config),
    clock: options.clock ?? systemClock,
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
    ...(options.requestTimeoutMs === undefined
      ? {}
      : {
          requestTimeoutMs: options.requestTimeoutMs,
          retry: { ...DEFAULT_RETRY, maxElapsedMs: 4 * options.requestTimeoutMs }
        })
  })
}
