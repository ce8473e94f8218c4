import type { NomadConfig } from '../nomad/client-config.js'
import { type NomadTransport, createHttpTransport } from '../nomad/client-http.js'
import { createNomadClient } from '../nomad/client.js'
import { DEFAULT_RETRY, type RetryPolicy } from '../nomad/retry.js'
import type { Clock } from '../ports.js'
import type { NomadDriftApi } from './check-nomad-jobs.js'
import { submissionVariables } from './nomad-live.js'

export interface NomadDriftApiOptions {
  readonly transport: NomadTransport
  readonly clock: Clock
  readonly retry?: RetryPolicy
  /** Per request (default 30 s). */
  readonly timeoutMs?: number
}

/**
 * The drift check's view of Nomad, all through the typed client: the job list, the variables each
 * job was deployed with (its stored submission), parse and plan.
 */
export function createNomadDriftApi(options: NomadDriftApiOptions): NomadDriftApi {
  const { transport, clock } = options
  const retry = options.retry ?? DEFAULT_RETRY
  const timeoutMs = options.timeoutMs ?? 30_000
  const client = createNomadClient({ transport, clock, retry, requestTimeoutMs: timeoutMs })
  return {
    listJobs: () => client.listJobs(),
    // No submission kept (registered without one, by a revert, or a server before 1.6): the job
    // file's defaults apply.
    submittedVariables: async jobId => {
      const submission = await client.readSubmission(jobId)
      return submission ? submissionVariables(submission) : undefined
    },
    parseJob: (hcl, variables) => client.parseJob(hcl, variables),
    planJob: job => client.planJob(job)
  }
}

/** A Nomad connection for the drift check: the API, a request count (for the benchmark), and close. */
export interface NomadDriftConnection {
  readonly api: NomadDriftApi
  readonly requestCount: () => number
  close(): void
}

/** Connects over HTTP(S) to `config` (NOMAD_* conventions), counting every request sent. */
export function connectNomadForDrift(
  config: NomadConfig,
  clock: Clock,
  retry?: RetryPolicy
): NomadDriftConnection {
  const http = createHttpTransport(config)
  let count = 0
  const transport: NomadTransport = {
    request: request => {
      count++
      return http.request(request)
    },
    close: () => http.close()
  }
  const api = createNomadDriftApi({ transport, clock, ...(retry ? { retry } : {}) })
  return { api, requestCount: () => count, close: () => transport.close() }
}
