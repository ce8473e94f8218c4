import { driftFromReport } from '../ansible/check-drift.js'
import {
  type PlaybookSecrets,
  runPlaybookWithSecrets,
  secretsOf
} from '../ansible/run-with-secrets.js'
import type { SecretFiles } from '../ansible/secret-files.js'
import type { TaskFailure } from '../ansible/report.js'
import { redactSecrets } from '../mask-secret.js'
import type { CommandRunner } from '../ports.js'
import { ansibleLayer } from './ansible-drift.js'
import type { LayerResult } from './report.js'

export interface AnsibleProbeOptions extends PlaybookSecrets {
  readonly runner: CommandRunner
  /** The directory holding ansible.cfg (the playbook runs from there). */
  readonly directory: string
  /** Playbook path, relative to directory or absolute. */
  readonly playbook: string
  /** Inventory path; ansible.cfg's inventory when undefined. */
  readonly inventory?: string | undefined
  /** The SSH user; the inventory's (or ansible.cfg's) when absent. */
  readonly user?: string | undefined
  /** Where the private folder of secret files is made (RUNNER_TEMP); the OS temp folder when absent. */
  readonly secretsParent?: string | undefined
  /** For tests: makes the private folder. */
  readonly createSecretFiles?: () => Promise<SecretFiles>
  readonly env?: Readonly<Record<string, string>>
}

/** Runs at most this many times: each rerun leaves out at least one more host. */
const MAX_RUNS = 10

/** `all:!a:!b`: every host except those already known to fail (Ansible's host pattern syntax). */
export function limitExcluding(hosts: readonly string[]): string | undefined {
  return hosts.length === 0 ? undefined : ['all', ...hosts.map(h => `!${h}`)].join(':')
}

/**
 * The playbook in check mode (`--check --diff`) with its secrets (SSH key, known_hosts, extra vars,
 * Terraform outputs), through the ansible module's runPlaybookWithSecrets and report parser.
 *
 * Every host is checked even when one cannot be reached: the playbooks roll with `serial: 1` and
 * `max_fail_percentage: 0`, so Ansible ends the play at the first unreachable or failed host and the
 * later hosts are never looked at. Check mode restarts nothing, so the check reruns the playbook
 * with the failed hosts left out (`--limit all:!host…`) until a run fails no new host; the drift
 * comes from that last run, and the hosts left out are named as not checked. A run without a report
 * is unknown with ansible's own words; no secret reaches the layer's reason.
 */
export async function probeAnsible(options: AnsibleProbeOptions): Promise<LayerResult> {
  const { runner, ...run } = options
  const failures: TaskFailure[] = []
  for (let attempt = 1; ; attempt++) {
    const excluded = [...new Set(failures.map(f => f.host))]
    const limit = limitExcluding(excluded)
    const outcome = await runPlaybookWithSecrets(runner, {
      ...run,
      mode: 'check',
      ...(limit ? { limit } : {})
    })
    if (!outcome.ok) {
      const reason =
        failures.length > 0 ? `${outcome.reason}; ${describeFailures(failures)}` : outcome.reason
      return ansibleLayer({ status: 'unknown', reason: redact(reason, options), hosts: [] })
    }
    const fresh = outcome.report.failures.filter(f => !excluded.includes(f.host))
    // An inventory that matched nothing runs no host at all: that is not "no drift".
    if (outcome.report.recap.length === 0 && failures.length === 0) {
      return ansibleLayer({
        status: 'unknown',
        reason: 'the inventory matched no hosts; nothing was checked',
        hosts: []
      })
    }
    if (fresh.length > 0 && attempt < MAX_RUNS) {
      failures.push(...fresh)
      continue
    }
    const all = [...failures, ...fresh]
    const drift = driftFromReport({ ...outcome.report, failures: [] })
    if (all.length === 0) return ansibleLayer(drift)
    // The reason (a failed task's message) goes into the drift issue, where no masking applies.
    const checked = outcome.report.recap.filter(r => !all.some(f => f.host === r.host)).length
    return ansibleLayer(
      { status: 'unknown', reason: redact(describeFailures(all), options), hosts: drift.hosts },
      { checked, notChecked: new Set(all.map(f => f.host)).size }
    )
  }
}

function describeFailures(failures: readonly TaskFailure[]): string {
  const named = failures.map(
    f => `${f.host} ${f.unreachable ? 'unreachable' : 'failed'} at '${f.task}': ${f.message}`
  )
  return `not checked: ${named.join('; ')}`
}

const redact = (text: string, options: AnsibleProbeOptions): string =>
  redactSecrets(text, secretsOf(options))
