import type { JobInfo } from '../types.js'

/** The version to go back to: the app version and the exact image that ran it. */
export interface PreviousVersion {
  /** The app version (the job's `meta.version`, our job files' `version` variable). */
  readonly appVersion: string
  /** The job version Nomad keeps it as. */
  readonly jobVersion: number
  /** The image every task of that version ran (pinned as it was deployed), when they agree. */
  readonly image: string | undefined
  /** What runs now, for the message. */
  readonly current: { readonly appVersion: string | undefined; readonly jobVersion: number }
}

/**
 * Pure: the version before the current one, from `GET /v1/job/:id/versions` (newest first:
 * nomad/state/state_store.go `jobVersionByID` sorts by Version, highest first; served by
 * command/agent/job_endpoint.go `jobVersions` → nomad/job_endpoint.go `GetJobVersions`). It is the
 * newest older version that Nomad marked stable (its deployment succeeded: structs.Job.Stable) and
 * runs another app version than the current one, so a rollback copy of the current app version
 * (Nomad's auto-revert registers one) is skipped. Nomad keeps only the last few versions
 * (`job_tracked_versions`, 6 by default), so an older one may be gone: then a reason instead.
 */
export function findPreviousVersion(
  versions: readonly JobInfo[]
): PreviousVersion | { readonly reason: string } {
  const sorted = [...versions].sort((a, b) => b.version - a.version)
  const current = sorted[0]
  if (current === undefined) return { reason: 'Nomad has no versions of this job' }
  const currentApp = appOf(current)
  // Stryker disable next-line MethodExpression: the current version never passes the test below (its app version is its own, or none)
  const previous = sorted.slice(1).find(v => v.stable && appOf(v) !== '' && appOf(v) !== currentApp)
  if (previous === undefined) {
    return {
      reason: `Nomad keeps no stable version of another app version before the current one (job version ${current.version}${currentApp ? `, app version ${currentApp}` : ''}; it kept versions ${sorted.map(v => v.version).join(', ')})`
    }
  }
  const images = [...new Set(previous.images ?? [])]
  return {
    appVersion: appOf(previous),
    jobVersion: previous.version,
    image: images.length === 1 ? images[0] : undefined,
    current: { appVersion: currentApp || undefined, jobVersion: current.version }
  }
}

/** A job version's app version (`meta.version`), '' when it has none. */
function appOf(v: JobInfo): string {
  return v.meta?.['version'] ?? ''
}
