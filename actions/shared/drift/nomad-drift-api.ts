import { NomadApiError } from '../nomad/client-errors.js'
import type { NomadConfig } from '../nomad/client-config.js'
import { type NomadTransport, createHttpTransport } from '../nomad/client-http.js'
import { createNomadClient } from '../nomad/client.js'
import { DEFAULT_RETRY, type RetryPolicy, withRetry } from '../nomad/retry.js'
import type { Clock } from '../ports.js'
import type { NomadDriftApi } from './check-nomad-jobs.js'
import { parseJobList, submissionVariables } from './nomad-live.js'

export interface NomadDriftApiOptions {
  readonly transport: NomadTransport
  readonly clock: Clock
  readonly retry?: RetryPolicy
  /** Per request (default 30 s). */
  readonly timeoutMs?: number
}

/** The drift check's view of Nomad: parse and plan through the typed client, list and submission beside it. */
export function createNomadDriftApi(options: NomadDriftApiOptions): NomadDriftApi {
  const { transport, clock } = options
  const retry = options.retry ?? DEFAULT_RETRY
  const timeoutMs = options.timeoutMs ?? 30_000
  const client = createNomadClient({ transport, clock, retry, requestTimeoutMs: timeoutMs })
  const context = { clock, policy: retry }
  const get = async (path: string): Promise<unknown> =>
    (await transport.request({ method: 'GET', path, timeoutMs })).json
  return {
    listJobs: () =>
      withRetry('list jobs', context, async () => parseJobList(await get('/v1/jobs'))),
    submittedVariables: jobId =>
      withRetry('read job submission', context, async () => {
        try {
          return submissionVariables(await get(`/v1/job/${encodeURIComponent(jobId)}/submission`))
        } catch (error) {
          // No submission kept (registered without one; servers before 1.6 answer 404, a server
          // without the endpoint 501): the job file's defaults apply.
          if (error instanceof NomadApiError && (error.status === 404 || error.status === 501)) {
            return undefined
          }
          throw error
        }
      }),
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
