import type { DeployResult } from '../../actions/shared/nomad/deploy-types.js'

/** What the closing paragraph of a failed deploy needs. */
export interface FailureFacts {
  readonly service: string
  readonly version: string
  readonly result: DeployResult
  /** The app version Nomad's reverted job version runs, when known (e.g. its meta.version). */
  readonly revertedAppVersion?: string | undefined
  /** Services the pipeline did not get to, in order. */
  readonly notAttempted: readonly string[]
}

/** The first failed allocation named in the deploy's details: its ID, task and exit code. */
export function firstFailedAllocation(
  details: readonly string[]
): { id: string; task?: string; exitCode?: string } | undefined {
  const start = details.findIndex(l => /^allocation [0-9a-f]{8}\b/.test(l))
  if (start < 0) return undefined
  const id = /^allocation ([0-9a-f]{8})/.exec(details[start] ?? '')?.[1] ?? ''
  const rest = details.slice(start + 1).filter(l => /^\s/.test(l))
  // The task whose events hold the exit code (else the first task named).
  const exitAt = rest.findIndex(l => /Exit Code: \d+/.test(l))
  const exitCode = exitAt < 0 ? undefined : /Exit Code: (\d+)/.exec(rest[exitAt] ?? '')?.[1]
  const tasks = rest
    .slice(0, exitAt < 0 ? rest.length : exitAt + 1)
    .map(l => /^\s+task (\S+):/.exec(l)?.[1])
    .filter((t): t is string => t !== undefined)
  const task = exitAt < 0 ? tasks[0] : tasks.at(-1)
  return { id, ...(task ? { task } : {}), ...(exitCode ? { exitCode } : {}) }
}

/**
 * One short paragraph that ends a failed deploy: what failed, Nomad's reason, what it rolled back
 * to (job version and app version), what was not attempted, and the commands to run next.
 */
export function failureParagraph(f: FailureFacts): string[] {
  const r = f.result
  const lines = [`✖ ${f.service} ${f.version} was not deployed: ${r.reason}`]
  if (r.revertedTo !== undefined) {
    lines.push(
      `  Nomad rolled back to job version ${r.revertedTo}${f.revertedAppVersion ? ` (${f.service} ${f.revertedAppVersion})` : ''}, which keeps serving.`
    )
  } else if (r.status !== 'cancelled') {
    lines.push(
      '  Nomad reported no rollback: check what runs with `nomad job status ' + r.jobId + '`.'
    )
  }
  if (f.notAttempted.length > 0)
    lines.push(
      `  Not attempted (the pipeline stops at the first failure): ${f.notAttempted.join(', ')}.`
    )
  const alloc = firstFailedAllocation(r.details)
  const next: string[] = []
  if (alloc)
    next.push(
      `\`nomad alloc logs -stderr ${alloc.id}${alloc.task ? ` ${alloc.task}` : ''}\` (why it ${alloc.exitCode ? `exited with code ${alloc.exitCode}` : 'failed'})`
    )
  if (r.deploymentId) next.push(`\`nomad deployment status ${r.deploymentId.slice(0, 8)}\``)
  if (f.revertedAppVersion)
    next.push(
      `\`elm-infra deploy ${f.service} ${f.revertedAppVersion}\` to pin the version that works`
    )
  if (next.length > 0) lines.push(`  Next: ${next.join('; ')}.`)
  return lines
}
