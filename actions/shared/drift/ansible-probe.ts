import { driftFromReport } from '../ansible/check-drift.js'
import {
  type PlaybookSecrets,
  runPlaybookWithSecrets,
  secretsOf
} from '../ansible/run-with-secrets.js'
import type { SecretFiles } from '../ansible/secret-files.js'
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

/**
 * The playbook in check mode (`--check --diff`) with its secrets (SSH key, known_hosts, extra vars,
 * Terraform outputs), through the ansible module's runPlaybookWithSecrets and report parser. A run
 * without a report is unknown with ansible's own words; no secret reaches the layer's reason.
 */
export async function probeAnsible(options: AnsibleProbeOptions): Promise<LayerResult> {
  const { runner, ...run } = options
  const outcome = await runPlaybookWithSecrets(runner, { ...run, mode: 'check' })
  if (!outcome.ok) return ansibleLayer({ status: 'unknown', reason: outcome.reason, hosts: [] })
  // An inventory that matched nothing runs no host at all: that is not "no drift".
  if (outcome.report.recap.length === 0) {
    return ansibleLayer({
      status: 'unknown',
      reason: 'the inventory matched no hosts; nothing was checked',
      hosts: []
    })
  }
  const drift = driftFromReport(outcome.report)
  // The reason (a failed task's message) goes into the drift issue, where no masking applies.
  return ansibleLayer(
    drift.status === 'unknown'
      ? { ...drift, reason: redactSecrets(drift.reason, secretsOf(options)) }
      : drift
  )
}
