import type { Clock, Logger } from '../../ports.js'
import type { NomadClient } from '../client/client.js'
import type { DiffLine } from './diff.js'
import type { Deployment } from '../types.js'

/** What deployJob needs: all I/O goes through the client, the clock and the logger. */
export interface DeployOptions {
  readonly client: NomadClient
  /** The job file's HCL text (read by the caller). */
  readonly jobHcl: string
  /** HCL2 variables, e.g. {image: 'ghcr.io/elm/website@sha256:…', version: '1.2.3'}. */
  readonly variables: Readonly<Record<string, string>>
  /** Our own deadline for the whole deploy; at the end the deployment is failed so Nomad reverts. */
  readonly timeoutMs: number
  readonly logger: Logger
  readonly clock: Clock
  /** Cancellation (SIGINT/SIGTERM): the in-flight deployment is failed so Nomad reverts. */
  readonly signal?: AbortSignal | undefined
  /** Called once the deployment is known (e.g. to record it on the GitHub Deployment). */
  readonly onDeployment?: ((deploymentId: string) => void) | undefined
  /** Called with every state of the deployment watched (e.g. a live status line). */
  readonly onProgress?: ((deployment: Deployment) => void) | undefined
}

/**
 * How a deploy ended. Only `success` and `no-changes` are successes; `failure` covers failed,
 * cancelled, reverted and timed-out deployments, placement failures and conflicts; `cancelled`
 * means our run was cancelled (the deployment was failed on the way out).
 */
export type DeployStatus = 'success' | 'no-changes' | 'failure' | 'cancelled'

export interface DeployResult {
  readonly status: DeployStatus
  readonly jobId: string
  /** The job version this deploy registered (undefined if it never registered). */
  readonly jobVersion: number | undefined
  readonly deploymentId: string | undefined
  readonly promoted: boolean
  /** The stable version Nomad reverted to, when it did. */
  readonly revertedTo: number | undefined
  /** The app version (the job's `meta.version`) of `revertedTo`, when Nomad's job versions tell. */
  readonly revertedAppVersion?: string | undefined
  /** Nomad's own words on the deployment's end (its StatusDescription), when there was one. */
  readonly statusDescription?: string | undefined
  /** One sentence: why it ended this way, with Nomad's own words. */
  readonly reason: string
  /** The plan's diff (also logged). */
  readonly diff: readonly DiffLine[]
  readonly diffText: readonly string[]
  /** Lines naming failed allocations and their task events. */
  readonly details: readonly string[]
}

/** True when the result is a success (for exit codes). */
export function isSuccess(result: DeployResult): boolean {
  return result.status === 'success' || result.status === 'no-changes'
}
