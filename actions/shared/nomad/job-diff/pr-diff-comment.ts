import { escapeMarkdown, hiddenMarker, inlineCode, link } from '../../markdown.js'

/**
 * The sticky PR comment for one Nomad job: the PR's job file parsed by Nomad against the running
 * job, field by field (job-field-diff.ts), and what Nomad will do on deploy (job-update-kind.ts,
 * after the scheduler's `tasksUpdated`). Pure: the comparison in, Markdown out.
 */

export type JobComparison =
  | {
      readonly kind: 'compared'
      readonly runningVersion: number
      /** One line per differing field. */
      readonly changes: readonly string[]
      /** What Nomad does per changed group. */
      readonly updates: readonly string[]
      /** A revert note, when the running version is Nomad's rollback of a failed deploy. */
      readonly revert?: string
    }
  | { readonly kind: 'missing' }
  /** The PR deletes the job file; the newest version the cluster runs, if it runs it. */
  | { readonly kind: 'removed'; readonly runningVersion?: number | undefined }
  | { readonly kind: 'error'; readonly reason: string }

export interface JobCommentInput {
  readonly jobId: string
  readonly jobFile: string
  readonly comparison: JobComparison
  /** The service's docker/ context changed: the deploy will also roll a new image. */
  readonly imageRebuilt?: { readonly context: string; readonly canaries: number } | undefined
  readonly runUrl: string
  readonly headSha: string
}

/** One sticky comment per job: `nomad-diff-<job>` (job IDs are Nomad names: letters, digits, dashes). */
export function jobCommentMarker(jobId: string): string {
  return hiddenMarker(`nomad-diff-${jobId.replace(/[^A-Za-z0-9_-]/g, '_').replace(/-{2,}/g, '-')}`)
}

const MAX_LINES = 60

function list(lines: readonly string[]): string {
  const shown = lines.slice(0, MAX_LINES).map(l => `- ${escapeMarkdown(l)}`)
  if (lines.length > MAX_LINES) shown.push(`- …and ${lines.length - MAX_LINES} more`)
  return shown.join('\n')
}

export function renderJobComment(input: JobCommentInput): string {
  const head = `## Nomad: ${inlineCode(input.jobId)} (${inlineCode(input.jobFile)})`
  const parts: string[] = [head]
  const c = input.comparison
  const image = input.imageRebuilt
    ? `${inlineCode(`${input.imageRebuilt.context}/`)} changed: on merge a new image is built and deployed, which changes the task's ${inlineCode('Config.image')}, a destructive update (task config)${input.imageRebuilt.canaries > 0 ? ` with ${input.imageRebuilt.canaries} canar${input.imageRebuilt.canaries === 1 ? 'y' : 'ies'} first` : ''}.`
    : undefined
  if (c.kind === 'error') {
    parts.push(`⚠️ Could not compare with the running job: ${escapeMarkdown(c.reason)}`)
  } else if (c.kind === 'missing') {
    parts.push('🆕 Not running in the cluster: the first deploy creates it.')
  } else if (c.kind === 'removed') {
    parts.push(
      c.runningVersion === undefined
        ? `🗑️ Removed by this pull request (${inlineCode(input.jobFile)} is deleted), and not running in the cluster: there is nothing to stop.`
        : `🗑️ Removed by this pull request (${inlineCode(input.jobFile)} is deleted), and running in the cluster (version ${c.runningVersion}). Merging does not stop it (the pipeline deploys jobs, it never stops one): after the merge, stop it with ${inlineCode(`nomad job stop -purge ${input.jobId}`)} and a token that may (until then the daily drift check reports it as running with no job file).`
    )
  } else {
    parts.push(
      `Compared with the running job (version ${c.runningVersion}), read with a read-only token: this PR's job file parsed by Nomad (\`/v1/jobs/parse\`, canonicalized, with the variables of the running version) against \`GET /v1/job/${input.jobId}\`.`
    )
    if (c.revert) parts.push(`⚠️ ${escapeMarkdown(c.revert)}`)
    if (c.changes.length === 0) parts.push('✅ No change to the running job spec.')
    else {
      parts.push(`### What Nomad will do\n\n${list(c.updates)}`)
      parts.push(`### Fields that differ (${c.changes.length})\n\n${list(c.changes)}`)
    }
  }
  if (image) parts.push(image)
  parts.push(
    `<sub>Commit ${inlineCode(input.headSha.slice(0, 12))} · ${link('run', input.runUrl)} · in-place vs destructive follows Nomad's scheduler (\`tasksUpdated\`, scheduler/util.go)</sub>`
  )
  return `${parts.join('\n\n')}\n`
}

/**
 * What an earlier comment becomes when a later push no longer changes its job (the change was
 * reverted, or moved to another PR): its diff would mislead a reviewer, so it is replaced.
 */
export function renderJobNoLongerChanged(input: {
  readonly jobId: string
  readonly jobFile: string
  readonly runUrl: string
  readonly headSha: string
}): string {
  return `${[
    `## Nomad: ${inlineCode(input.jobId)} (${inlineCode(input.jobFile)})`,
    `➖ No longer changed by this pull request: neither ${inlineCode(input.jobFile)} nor its service's image context differs from the base any more, so merging it deploys nothing for this job.`,
    `<sub>Commit ${inlineCode(input.headSha.slice(0, 12))} · ${link('run', input.runUrl)}</sub>`
  ].join('\n\n')}\n`
}
