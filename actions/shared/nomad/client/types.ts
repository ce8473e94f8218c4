import type { Clock } from '../../ports.js'
import type { NomadTransport } from './http.js'
import type { RetryPolicy } from './retry.js'
import type {
  Allocation,
  BlockingQuery,
  Deployment,
  DeploymentUpdate,
  Evaluation,
  Indexed,
  JobInfo,
  JobListEntry,
  JobSubmission,
  ParsedJob,
  PlanResult,
  RegisterResult,
  StoredSubmission
} from '../types.js'

/** The Nomad HTTP API as the deploy needs it: typed, retried where safe, blocking where useful. */
export interface NomadClient {
  parseJob(hcl: string, variables: string): Promise<ParsedJob>
  planJob(job: ParsedJob): Promise<PlanResult>
  /**
   * Registers with EnforceIndex (and the job's source as `Submission`, when given); after an
   * ambiguous failure, re-reads the job instead of re-sending blindly.
   */
  registerJob(
    job: ParsedJob,
    jobModifyIndex: number,
    submission?: JobSubmission
  ): Promise<RegisterResult | LandedUnanswered>
  /** undefined for 404 `job not found`. */
  readJob(jobId: string): Promise<JobInfo | undefined>
  /** `GET /v1/job/:id/versions`, newest first; [] for 404. */
  readJobVersions(jobId: string): Promise<JobInfo[]>
  /** `GET /v1/jobs`: every job of the namespace. */
  listJobs(): Promise<JobListEntry[]>
  /**
   * `GET /v1/job/:id/submission?version=` for `version` (default: the job's current version);
   * undefined when the job is absent or Nomad kept no source for that version (404).
   */
  readSubmission(jobId: string, version?: number): Promise<StoredSubmission | undefined>
  readEvaluation(evalId: string, query?: BlockingQuery): Promise<Indexed<Evaluation>>
  readDeployment(deploymentId: string, query?: BlockingQuery): Promise<Indexed<Deployment>>
  readJobDeployments(jobId: string, query?: BlockingQuery): Promise<Indexed<Deployment[]>>
  readLatestDeployment(
    jobId: string,
    query?: BlockingQuery
  ): Promise<Indexed<Deployment | undefined>>
  readDeploymentAllocations(deploymentId: string): Promise<Indexed<Allocation[]>>
  readJobAllocations(jobId: string, query?: BlockingQuery): Promise<Indexed<Allocation[]>>
  /** Promotes every canary group (`All: true`); `groups` are those expected to be promoted. */
  promoteDeployment(deploymentId: string, groups: readonly string[]): Promise<DeploymentUpdate>
  failDeployment(deploymentId: string): Promise<DeploymentUpdate>
  /** Requests sent so far (retries included), for the benchmark and the tests. */
  readonly requestCount: number
  /** The same client (same transport and request count) whose requests end when `signal` aborts. */
  withSignal(signal: AbortSignal | undefined): NomadClient
  close(): void
}

/** A register whose answer was lost but whose effect is visible on the job. */
export interface LandedUnanswered {
  readonly evalId: ''
  readonly jobModifyIndex: number
  readonly warnings: ''
  readonly landedWithoutAnswer: true
  readonly version: number
}

export interface NomadClientOptions {
  readonly transport: NomadTransport
  readonly clock: Clock
  readonly retry?: RetryPolicy
  readonly signal?: AbortSignal | undefined
  readonly onRetry?: (what: string, attempt: number, error: unknown) => void
  /** Timeout for a request that does not block (default 30 s). */
  readonly requestTimeoutMs?: number
  /** Shared between a client and its withSignal copies. */
  readonly counter?: { n: number }
}
