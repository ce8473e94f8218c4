import type { NomadResponse } from './http.js'
import { NomadNetworkError, NomadProtocolError } from './errors.js'
import { registerOnce } from './register.js'
import type { NomadClient, NomadClientOptions } from './types.js'
import {
  parseAllocations,
  parseDeployment,
  parseDeployments,
  parseLatestDeployment
} from './parse-deployment.js'
import {
  parseDeploymentUpdate,
  parseEvaluation,
  parseJobInfo,
  parseParsedJob,
  parsePlan
} from './parse-job.js'
import { parseJobList, parseJobVersions, parseSubmission } from './parse-listing.js'
import { DEFAULT_RETRY, isFinalNetworkError, withRetry } from './retry.js'
import type { BlockingQuery, Indexed, JobSubmission } from '../types.js'

export type { LandedUnanswered, NomadClient, NomadClientOptions } from './types.js'

/** Server-side cap of a blocking query (MaxBlockingRPCQueryTime). */
export const MAX_BLOCKING_WAIT_MS = 300_000

/** Builds the typed client over a transport. */
export function createNomadClient(options: NomadClientOptions): NomadClient {
  const { transport, clock, signal } = options
  /** Whether this address has ever answered (then a refused connection is worth a retry). */
  let answered = false
  const context = {
    clock,
    policy: options.retry ?? DEFAULT_RETRY,
    signal,
    onRetry: options.onRetry,
    isFinal: (error: unknown) => isFinalNetworkError(error, answered)
  }
  const timeoutMs = options.requestTimeoutMs ?? 30_000
  const counter = options.counter ?? { n: 0 }

  async function send(
    method: 'GET' | 'POST',
    path: string,
    options: {
      body?: unknown
      query?: BlockingQuery | undefined
      params?: Record<string, string>
      requireIndex?: boolean
    } = {}
  ): Promise<NomadResponse & { index: number }> {
    const query: Record<string, string> = { ...options.params }
    let timeout = timeoutMs
    if (options.query && options.query.index > 0) {
      const wait = Math.max(1, Math.min(MAX_BLOCKING_WAIT_MS, Math.ceil(options.query.waitMs)))
      query['index'] = String(options.query.index)
      query['wait'] = `${wait}ms`
      timeout = wait + wait / 16 + timeoutMs
    }
    counter.n++
    let response: NomadResponse
    try {
      response = await transport.request({
        method,
        path,
        query,
        body: options.body,
        timeoutMs: timeout,
        signal
      })
    } catch (error) {
      // An HTTP error status is an answer too; only a network fault is not.
      if (!(error instanceof NomadNetworkError)) answered = true
      throw error
    }
    answered = true
    if (response.index === undefined && options.requireIndex !== false) {
      throw new NomadProtocolError(`${method} ${path}: Nomad's answer has no X-Nomad-Index header`)
    }
    return { ...response, index: response.index ?? 0 }
  }

  const retried = <T>(what: string, fn: () => Promise<T>): Promise<T> =>
    withRetry(what, context, fn)
  const enc = encodeURIComponent

  const client: NomadClient = {
    parseJob: (hcl, variables) =>
      retried('parse job', async () => {
        const r = await send('POST', '/v1/jobs/parse', {
          body: { JobHCL: hcl, Canonicalize: true, Variables: variables },
          requireIndex: false
        })
        return parseParsedJob(r.json)
      }),
    planJob: job =>
      retried('plan job', async () => {
        const r = await send('POST', `/v1/job/${enc(job.id)}/plan`, {
          body: { Job: job.raw, Diff: true, PolicyOverride: false }
        })
        return parsePlan(r.json)
      }),
    registerJob: (job, jobModifyIndex, submission) =>
      registerOnce(job, jobModifyIndex, {
        context,
        post: async () =>
          (
            await send('POST', '/v1/jobs', {
              body: {
                Job: job.raw,
                ...(submission ? { Submission: submissionBody(submission) } : {}),
                EnforceIndex: true,
                JobModifyIndex: jobModifyIndex,
                PolicyOverride: false
              }
            })
          ).json,
        readJob: () => client.readJob(job.id)
      }),
    readJob: jobId =>
      retried('read job', async () =>
        orAbsent(async () => parseJobInfo((await send('GET', `/v1/job/${enc(jobId)}`)).json))
      ),
    readJobVersions: jobId =>
      retried(
        'read job versions',
        async () =>
          (await orAbsent(async () =>
            parseJobVersions((await send('GET', `/v1/job/${enc(jobId)}/versions`)).json)
          )) ?? []
      ),
    listJobs: () =>
      retried('list jobs', async () => parseJobList((await send('GET', '/v1/jobs')).json)),
    readSubmission: async (jobId, version) => {
      const at = version ?? (await client.readJob(jobId))?.version
      if (at === undefined) return undefined
      return retried('read job submission', async () =>
        orAbsent(async () =>
          parseSubmission(
            (
              await send('GET', `/v1/job/${enc(jobId)}/submission`, {
                params: { version: String(at) }
              })
            ).json
          )
        )
      )
    },
    readEvaluation: (evalId, query) =>
      retried('read evaluation', async () =>
        indexed(await send('GET', `/v1/evaluation/${enc(evalId)}`, { query }), parseEvaluation)
      ),
    readDeployment: (id, query) =>
      retried('read deployment', async () =>
        indexed(await send('GET', `/v1/deployment/${enc(id)}`, { query }), parseDeployment)
      ),
    readJobDeployments: (jobId, query) =>
      retried('read job deployments', async () =>
        indexed(await send('GET', `/v1/job/${enc(jobId)}/deployments`, { query }), v =>
          parseDeployments(v).sort((a, b) => b.createIndex - a.createIndex)
        )
      ),
    readLatestDeployment: (jobId, query) =>
      retried('read latest deployment', async () =>
        indexed(
          await send('GET', `/v1/job/${enc(jobId)}/deployment`, { query }),
          parseLatestDeployment
        )
      ),
    readDeploymentAllocations: id =>
      retried('read deployment allocations', async () =>
        indexed(await send('GET', `/v1/deployment/allocations/${enc(id)}`), parseAllocations)
      ),
    readJobAllocations: (jobId, query) =>
      retried('read job allocations', async () =>
        indexed(await send('GET', `/v1/job/${enc(jobId)}/allocations`, { query }), parseAllocations)
      ),
    promoteDeployment: (id, groups) =>
      withRetry(
        'promote deployment',
        context,
        async () =>
          parseDeploymentUpdate(
            (
              await send('POST', `/v1/deployment/promote/${enc(id)}`, {
                body: { DeploymentID: id, All: true }
              })
            ).json
          ),
        // The promote may have landed before the fault: if so, do not send it again.
        async () => {
          const d = (await client.readDeployment(id)).value
          const done = d.groups.filter(g => groups.includes(g.name)).every(g => g.promoted)
          return done ? { settled: { evalId: '', revertedJobVersion: undefined } } : undefined
        }
      ),
    failDeployment: id =>
      withRetry(
        'fail deployment',
        context,
        async () =>
          parseDeploymentUpdate(
            (await send('POST', `/v1/deployment/fail/${enc(id)}`, { body: {} })).json
          ),
        async () => {
          const d = (await client.readDeployment(id)).value
          const terminal = ['failed', 'successful', 'cancelled'].includes(d.status)
          return terminal ? { settled: { evalId: '', revertedJobVersion: undefined } } : undefined
        }
      ),
    get requestCount() {
      return counter.n
    },
    withSignal: s => createNomadClient({ ...options, signal: s, counter }),
    close: () => transport.close()
  }
  return client
}

function indexed<T>(
  response: { json: unknown; index: number },
  parse: (v: unknown) => T
): Indexed<T> {
  return { value: parse(response.json), index: response.index }
}

function isNotFound(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { status?: unknown }).status === 404
  )
}

/** The read's value, or undefined for a 404. */
async function orAbsent<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read()
  } catch (error) {
    if (isNotFound(error)) return undefined
    throw error
  }
}

/** The register's `Submission` (api.JobSubmission), as `nomad job run` sends it. */
function submissionBody(s: JobSubmission): Record<string, unknown> {
  return {
    Source: s.source,
    Format: s.format,
    VariableFlags: { ...s.variableFlags },
    Variables: s.variables
  }
}
