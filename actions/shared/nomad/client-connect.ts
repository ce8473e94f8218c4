import { type Clock, systemClock } from '../ports.js'
import { type NomadOverrides, nomadConfigFromEnv, withOverrides } from './client-config.js'
import { createHttpTransport } from './client-http.js'
import { type NomadClient, createNomadClient } from './client.js'

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
  } = {}
): NomadClient {
  const config = withOverrides(
    nomadConfigFromEnv(options.env ?? process.env),
    options.overrides ?? {}
  )
  return createNomadClient({
    transport: createHttpTransport(config),
    clock: options.clock ?? systemClock,
    ...(options.onRetry ? { onRetry: options.onRetry } : {})
  })
}
