import type { DeployResult } from './types.js'

/** What the closing paragraph of a failed deploy needs. */
export interface FailureFacts {
  readonly service: string
  readonly version: string
  readonly result: DeployResult
  /** The app version Nomad's reverted job version runs, when the result does not say. */
  readonly revertedAppVersion?: string | undefined
  /** Services the pipeline did not get to, in order. */
  readonly notAttempted: readonly string[]
}

/** The first failed allocation named in the deploy's details: its ID, task and exit code. */
export function firstFailedAllocation(
  details: readonly string[]
): { id: string; task?: string; exitCode?: string } | undefined {
  const headers = details.map(l => /^allocation ([0-9a-f]{8})\b/.exec(l))
  const start = headers.findIndex(m => m !== null)
  const id = headers[start]?.[1]
  if (id === undefined) return undefined
  // The allocation's task lines and their events: the indented lines after its header.
  const rest = details.slice(start + 1).filter(l => /^\s/.test(l))
  const exits = rest.map(l => /Exit Code: (\d+)/.exec(l))
  const exitAt = exits.findIndex(m => m !== null)
  const exitCode = exits[exitAt]?.[1]
  // The task whose events hold the exit code (else the first task named).
  const tasks = rest
    .slice(0, exitCode === undefined ? rest.length : exitAt + 1)
    .map(l => /^\s+task (\S+):/.exec(l)?.[1])
    .filter((t): t is string => t !== undefined)
  const task = exitCode === undefined ? tasks[0] : tasks.at(-1)
  return { id, ...(task ? { task } : {}), ...(exitCode ? { exitCode } : {}) }
}

/** The first sentence: what failed, in Nomad's words (the deployment's StatusDescription). */
function whatFailed(r: DeployResult): string {
  if (r.statusDescription === undefined || r.deploymentId === undefined) return r.reason
  const deployment = `deployment ${r.deploymentId.slice(0, 8)}`
  if (r.status === 'cancelled')
    return `the run was cancelled and ${deployment} failed so Nomad reverts; Nomad's reason: "${r.statusDescription}"`
  if (r.reason.startsWith('Timed out'))
    return `${deployment} did not finish in time, so this deploy failed it; Nomad's reason: "${r.statusDescription}"`
  return `${deployment} failed; Nomad's reason: "${r.statusDescription}"`
}

/**
 * One short paragraph that ends a failed deploy: what failed (Nomad's reason), what Nomad rolled
 * back to (job version and app version), the services not attempted, and the commands to run next.
 * Pure: the CLI prints it, the step summary and the PR reply quote it.
 */
export function failureParagraph(f: FailureFacts): string[] {
  const r = f.result
  const app = r.revertedAppVersion ?? f.revertedAppVersion
  const lines = [`✖ ${f.service} ${f.version} was not deployed: ${whatFailed(r)}.`]
  if (r.revertedTo !== undefined) {
    lines.push(
      `  Nomad rolled back to job version ${r.revertedTo}${app ? ` (${f.service} ${app}), which keeps serving` : ` (its app version is not known: \`nomad job history ${r.jobId}\`)`}.`
    )
  } else if (r.status !== 'cancelled' && r.jobVersion !== undefined) {
    lines.push(
      `  Nomad did not roll back: job version ${r.jobVersion} (${f.service} ${f.version}) is registered; \`nomad job status ${r.jobId}\` shows what runs.`
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
  if (r.revertedTo === undefined && r.jobVersion !== undefined)
    next.push(
      `\`elm-infra deploy ${f.service} --previous\` (back to the version before ${f.version})`
    )
  else if (r.revertedTo !== undefined)
    next.push(`once fixed, \`elm-infra deploy ${f.service} <new version>\``)
  if (next.length > 0) lines.push(`  Next: ${next.join('; ')}.`)
  return lines
}
