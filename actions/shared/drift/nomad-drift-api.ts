import type { NomadConfig } from '../nomad/client/config.js'
import { type NomadTransport, createHttpTransport } from '../nomad/client/http.js'
import { createNomadClient } from '../nomad/client/client.js'
import { NomadApiError } from '../nomad/client/errors.js'
import { DEFAULT_RETRY, type RetryPolicy, withRetry } from '../nomad/client/retry.js'
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

type Json = Record<string, unknown>
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/** `GET /v1/job/:id/versions` → each version with the whole job (structs.JobVersionsResponse). */
export function readVersions(value: unknown): { version: number; raw: Json }[] {
  const versions = isRecord(value) && Array.isArray(value['Versions']) ? value['Versions'] : []
  return versions
    .filter(isRecord)
    .filter(v => typeof v['Version'] === 'number')
    .map(v => ({ version: v['Version'] as number, raw: v }))
}

/**
 * The drift check's view of Nomad, reads only (list-jobs, read-job, parse-job): the job list, every
 * kept version of a job, the variables a version was registered with (its stored submission), the
 * job's deployments, and parse. Never plan or register.
 */
export function createNomadDriftApi(options: NomadDriftApiOptions): NomadDriftApi {
  const { transport, clock } = options
  const retry = options.retry ?? DEFAULT_RETRY
  const timeoutMs = options.timeoutMs ?? 30_000
  const client = createNomadClient({ transport, clock, retry, requestTimeoutMs: timeoutMs })
  return {
    listJobs: () => client.listJobs(),
    jobVersions: jobId =>
      withRetry('read job versions', { clock, policy: retry }, async () => {
        try {
          const response = await transport.request({
            method: 'GET',
            path: `/v1/job/${encodeURIComponent(jobId)}/versions`,
            timeoutMs
          })
          return readVersions(response.json)
        } catch (error) {
          if (error instanceof NomadApiError && error.status === 404) return []
          throw error
        }
      }),
    // No submission kept for that version (registered without one, by a revert, or pruned):
    // undefined, and the caller looks at an older version.
    submittedVariables: async (jobId, version) => {
      const submission = await client.readSubmission(jobId, version)
      return submission ? (submissionVariables(submission) ?? '') : undefined
    },
    jobDeployments: async jobId => (await client.readJobDeployments(jobId)).value,
    parseJob: (hcl, variables) => client.parseJob(hcl, variables)
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
