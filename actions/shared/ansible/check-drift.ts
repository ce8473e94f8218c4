import type { CommandRunner } from '../ports.js'
import { groupChangesByHost } from './render.js'
import type { PlaybookReport } from './report.js'
import { runPlaybook, type PlaybookRun } from './run-playbook.js'

export interface HostDrift {
  readonly host: string
  /** Tasks that would change in check mode, in run order. */
  readonly changedTasks: readonly string[]
}

/**
 * Ansible's drift: `checked` lists every host that would change (empty: in sync). `unknown` when a
 * host failed or was unreachable, or no report came back: never read that as "no drift".
 */
export type AnsibleDrift =
  | { readonly status: 'checked'; readonly drift: boolean; readonly hosts: readonly HostDrift[] }
  | { readonly status: 'unknown'; readonly reason: string; readonly hosts: readonly HostDrift[] }

/** Drift from a check-mode report (pure). */
export function driftFromReport(report: PlaybookReport): AnsibleDrift {
  const hosts = [...groupChangesByHost(report.changes)].map(([host, changedTasks]) => ({
    host,
    changedTasks
  }))
  if (report.failures.length > 0) {
    const reason = report.failures
      .map(
        f => `${f.host} ${f.unreachable ? 'unreachable' : 'failed'} at '${f.task}': ${f.message}`
      )
      .join('; ')
    return { status: 'unknown', reason, hosts }
  }
  return { status: 'checked', drift: hosts.length > 0, hosts }
}

/**
 * Runs the playbook in check mode (`--check --diff`) and returns the changed tasks per host. For
 * the drift check; the same run as the ansible action's `mode: check`.
 */
export async function checkAnsibleDrift(
  runner: CommandRunner,
  run: Omit<PlaybookRun, 'mode'>
): Promise<AnsibleDrift> {
  const outcome = await runPlaybook(runner, { ...run, mode: 'check' })
  if (!outcome.ok) return { status: 'unknown', reason: outcome.reason, hosts: [] }
  return driftFromReport(outcome.report)
}
