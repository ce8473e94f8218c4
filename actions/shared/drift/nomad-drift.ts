import type { DiffNode } from '../nomad/types.js'
import type { DriftItem, LayerResult } from './report.js'

/**
 * Nomad's part of the drift report. Each job file is planned against the cluster
 * (`POST /v1/job/:id/plan` with `Diff: true`): Diff `Type` `None` is in sync, `Added` means the job
 * is missing from the cluster, anything else differs. A live job the repo does not have is drift too.
 */

export interface JobDiffSummary {
  /** `None`, `Added`, `Edited`, `Deleted`. */
  readonly type: string
  /** Changed paths (names only, never values: env blocks may hold secrets), e.g. `group web › task web: Config`. */
  readonly paths: readonly string[]
}

const changed = (d: { readonly type: string }): boolean => d.type !== '' && d.type !== 'None'

function ownPaths(node: DiffNode): string[] {
  return [...node.fields.filter(changed), ...node.objects.filter(changed)].map(d => d.name || '?')
}

/** Reads a plan's job diff (groups are the job's children, tasks the groups') into names of what changed. */
export function summariseJobDiff(diff: DiffNode): JobDiffSummary {
  const paths = ownPaths(diff)
  for (const group of diff.children.filter(changed)) {
    const prefix = `group ${group.name}`
    const own = ownPaths(group)
    const tasks = group.children.filter(changed)
    if (own.length > 0) paths.push(`${prefix}: ${own.join(', ')}`)
    for (const task of tasks) {
      const taskPaths = ownPaths(task)
      const what = taskPaths.length > 0 ? `: ${taskPaths.join(', ')}` : ` (${task.type})`
      paths.push(`${prefix} › task ${task.name}${what}`)
    }
    if (own.length === 0 && tasks.length === 0) paths.push(`${prefix} (${group.type})`)
  }
  return { type: diff.type, paths }
}

/** The outcome of planning one job file. */
export type JobCheck =
  | {
      readonly jobId: string
      readonly jobFile: string
      readonly ok: true
      readonly diff: JobDiffSummary
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
  const { type, paths } = check.diff
  if (type === 'None') return undefined
  if (type === 'Added') return { subject: check.jobId, detail: 'missing from the cluster' }
  const shown = paths.slice(0, MAX_PATHS).join('; ')
  const more = paths.length > MAX_PATHS ? ` (+${paths.length - MAX_PATHS} more)` : ''
  return {
    subject: check.jobId,
    detail: `${type.toLowerCase()}${shown ? `: ${shown}${more}` : ''}`
  }
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
  if (failed.length > 0) parts.push(`${failed.length} could not be planned`)
  const reason = reasons.length > 0 ? reasons.join('; ') : undefined
  const status = items.length > 0 ? 'drift' : reason !== undefined ? 'unknown' : 'in-sync'
  return { layer: 'nomad', status, summary: parts.join(', '), items, ...(reason ? { reason } : {}) }
}
