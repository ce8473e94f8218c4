import type { DriftItem, LayerResult } from './report.js'

/**
 * Nomad's part of the drift report. Each job file is planned against the cluster
 * (`POST /v1/job/:id/plan` with `Diff: true`): Diff `Type` `None` is in sync, `Added` means the job
 * is missing from the cluster, anything else differs. A live job the repo does not have is drift too.
 */

type Json = Record<string, unknown>
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isRecord) : [])
const changed = (d: Json): boolean => typeof d['Type'] === 'string' && d['Type'] !== 'None'
const nameOf = (d: Json): string => (typeof d['Name'] === 'string' ? d['Name'] : '?')

export interface JobDiffSummary {
  /** `None`, `Added`, `Edited`, `Deleted`. */
  readonly type: string
  /** Changed paths (names only, never values: env blocks may hold secrets), e.g. `group web › task web: Config`. */
  readonly paths: readonly string[]
}

function fieldPaths(diff: Json): string[] {
  return [...list(diff['Fields']), ...list(diff['Objects'])].filter(changed).map(nameOf)
}

/** Reads a plan response's `Diff` into its type and the names of what changed. */
export function summariseJobDiff(diff: unknown): JobDiffSummary {
  if (!isRecord(diff) || typeof diff['Type'] !== 'string') {
    throw new Error('the plan response has no Diff (was the plan sent with "Diff": true?)')
  }
  const paths = fieldPaths(diff)
  for (const group of list(diff['TaskGroups']).filter(changed)) {
    const prefix = `group ${nameOf(group)}`
    const own = fieldPaths(group)
    const tasks = list(group['Tasks']).filter(changed)
    if (own.length > 0) paths.push(`${prefix}: ${own.join(', ')}`)
    for (const task of tasks) {
      const taskPaths = fieldPaths(task)
      paths.push(
        `${prefix} › task ${nameOf(task)}${taskPaths.length > 0 ? `: ${taskPaths.join(', ')}` : ` (${String(task['Type'])})`}`
      )
    }
    if (own.length === 0 && tasks.length === 0) paths.push(`${prefix} (${String(group['Type'])})`)
  }
  return { type: diff['Type'], paths }
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
