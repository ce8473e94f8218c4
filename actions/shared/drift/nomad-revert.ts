import { diffJobFields } from '../nomad/job-diff/field-diff.js'

/**
 * "The deploy of version F failed and Nomad rolled back to version K": recognised from Nomad's own
 * records, never guessed from a diff against the repo. Pure.
 *
 * - Auto-revert: the deployment watcher fails the deployment of F with a description built by
 *   `DeploymentStatusDescriptionRollback` ("… - rolling back to job version K", hashicorp/nomad
 *   v2.0.5 nomad/structs/deployment.go) and registers a copy of K as the next version.
 * - A revert by hand or by nomad-deploy after failing the deployment (`Job.Revert`,
 *   nomad/job_endpoint.go) registers a copy of K: the running version equals an older one.
 *
 * The submission does not tell: since Nomad 1.6 (hashicorp/nomad#17097) `upsertJobImpl`
 * (nomad/state/state_store.go) gives a revert's copy the submission of the version it reverts to,
 * so the running version's variables are K's: only Nomad's deployment records tell.
 */

export interface VersionRecord {
  readonly version: number
  /** The job at that version, as `GET /v1/job/:id/versions` returns it. */
  readonly raw: unknown
}

export interface DeploymentRecord {
  readonly jobVersion: number
  readonly status: string
  readonly statusDescription: string
}

export interface RevertFinding {
  /** The version whose deployment failed. */
  readonly failedVersion: number
  /** The version Nomad went back to. */
  readonly revertedTo: number
  /** The version running now (a copy of revertedTo). */
  readonly runningVersion: number
  /** Nomad's words, when a deployment recorded them. */
  readonly description?: string
}

const ROLLBACK = /rolling back to job version (\d+)/

/** The revert that produced the running version, if that is how it came about. */
export function findRevert(
  runningVersion: number,
  versions: readonly VersionRecord[],
  deployments: readonly DeploymentRecord[]
): RevertFinding | undefined {
  const failedBefore = deployments.find(
    d => d.jobVersion === runningVersion - 1 && d.status === 'failed'
  )
  const match = failedBefore ? ROLLBACK.exec(failedBefore.statusDescription) : null
  if (failedBefore && match) {
    return {
      failedVersion: failedBefore.jobVersion,
      revertedTo: Number(match[1]),
      runningVersion,
      description: failedBefore.statusDescription
    }
  }
  const running = versions.find(v => v.version === runningVersion)
  // A copy of an older version right after a failed deploy. Without a failed deploy, a version
  // equal to an older one is someone registering an old spec again: an edit, not a rollback.
  if (!running || !failedBefore) return undefined
  const twin = versions
    .filter(v => v.version < runningVersion - 1)
    .sort((a, b) => b.version - a.version)
    .find(v => diffJobFields(v.raw, running.raw).length === 0)
  if (!twin) return undefined
  return {
    failedVersion: runningVersion - 1,
    revertedTo: twin.version,
    runningVersion,
    description: failedBefore.statusDescription
  }
}

/** One line for the drift issue. */
export function describeRevert(r: RevertFinding): string {
  const why = r.description ? ` (${r.description})` : ''
  return `the deploy of version ${r.failedVersion} failed${why} and Nomad rolled back to version ${r.revertedTo}; running version ${r.runningVersion}`
}
