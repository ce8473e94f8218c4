import type { DriftItem, LayerResult } from './report.js'
import { type RevertFinding, describeRevert } from './nomad-revert.js'

/**
 * Nomad's part of the drift report. Each job file is parsed by Nomad (`/v1/jobs/parse`, with the
 * variables of the newest version that kept a submission) and compared field by field with the
 * running job (actions/shared/nomad/job-diff/field-diff.ts); no plan. A job missing from the cluster, a
 * running job that is a revert after a failed deploy, and a live job the repo does not have are
 * named as such.
 */

/** The outcome of comparing one job file with the cluster. */
export type JobCheck =
  | {
      readonly jobId: string
      readonly jobFile: string
      readonly ok: true
      /** The cluster has no such job. */
      readonly missing: boolean
      /** One line per differing field, e.g. `group web › task web › Config.image: "a" → "b"`. */
      readonly changes: readonly string[]
      /** What Nomad would do on a deploy, per changed group. */
      readonly updates: readonly string[]
      readonly runningVersion?: number
      /** Set when the running version is Nomad's rollback after a failed deploy. */
      readonly revert?: RevertFinding
    }
  | { readonly jobId: string; readonly jobFile: string; readonly ok: false; readonly error: string }

/** One job as `GET /v1/jobs` lists it. */
export interface LiveJob {
  readonly id: string
  readonly status: string
  /** Set for dispatched and periodic children, which are never in the repo. */
  readonly parentId?: string
}

const MAX_PATHS = 8

function jobItem(check: JobCheck & { ok: true }): DriftItem | undefined {
  if (check.missing) return { subject: check.jobId, detail: 'missing from the cluster' }
  if (check.changes.length === 0 && !check.revert) return undefined
  const shown = check.changes.slice(0, MAX_PATHS).join('; ')
  const more =
    check.changes.length > MAX_PATHS ? ` (+${check.changes.length - MAX_PATHS} more)` : ''
  const edits = shown ? `edited: ${shown}${more}` : ''
  const what = check.updates.length > 0 ? ` — on deploy: ${check.updates.join('; ')}` : ''
  if (check.revert) {
    const repo = edits ? `; the repo's job differs: ${shown}${more}` : ''
    return { subject: check.jobId, detail: `${describeRevert(check.revert)}${repo}` }
  }
  return { subject: check.jobId, detail: `${edits}${what}` }
}

/** Live jobs (not stopped, not children) that no job file in the repo defines. */
export function findUnmanagedJobs(
  live: readonly LiveJob[],
  repoJobIds: readonly string[]
): LiveJob[] {
  return live.filter(j => j.status !== 'dead' && !j.parentId && !repoJobIds.includes(j.id))
}

/** The Nomad layer result from every job's plan and the cluster's job list (or why it failed). */
export function nomadLayer(
  checks: readonly JobCheck[],
  live: readonly LiveJob[] | { readonly error: string }
): LayerResult {
  const drifted = checks.flatMap(c => (c.ok ? (jobItem(c) ?? []) : []))
  const failed = checks.flatMap(c => (c.ok ? [] : [c]))
  const unmanaged =
    'error' in live
      ? []
      : findUnmanagedJobs(
          live,
          checks.map(c => c.jobId)
        )
  const items: DriftItem[] = [
    ...drifted,
    ...unmanaged.map(j => ({
      subject: j.id,
      detail: `${j.status} in the cluster, but no job file in nomad/`
    }))
  ]
  const reasons = [
    ...failed.slice(0, 3).map(f => `${f.jobId}: ${f.error}`),
    ...(failed.length > 3 ? [`and ${failed.length - 3} more jobs`] : []),
    ...('error' in live ? [`listing the cluster's jobs failed: ${live.error}`] : [])
  ]
  const parts = [`${drifted.length} of ${checks.length} jobs differ`]
  if (unmanaged.length > 0) parts.push(`${unmanaged.length} not in the repo`)
  if (failed.length > 0) parts.push(`${failed.length} could not be compared`)
  const reason = reasons.length > 0 ? reasons.join('; ') : undefined
  const status = items.length > 0 ? 'drift' : reason !== undefined ? 'unknown' : 'in-sync'
  return { layer: 'nomad', status, summary: parts.join(', '), items, ...(reason ? { reason } : {}) }
}
