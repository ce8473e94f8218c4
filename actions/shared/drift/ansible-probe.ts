import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { driftFromReport } from '../ansible/check-drift.js'
import { runPlaybook } from '../ansible/run-playbook.js'
import type { CommandRunner } from '../ports.js'
import { ansibleLayer } from './ansible-drift.js'
import type { LayerResult } from './report.js'

export interface AnsibleProbeOptions {
  readonly runner: CommandRunner
  /** The directory holding ansible.cfg (the playbook runs from there). */
  readonly directory: string
  /** Playbook path, relative to directory or absolute. */
  readonly playbook: string
  /** Inventory path; ansible.cfg's inventory when undefined. */
  readonly inventory?: string | undefined
  /** The SSH private key (secret), written to a 0600 file for this run only. */
  readonly privateKey?: string | undefined
  /** known_hosts lines; host keys are verified against them. */
  readonly knownHosts?: string | undefined
  readonly env?: Readonly<Record<string, string>>
}

/**
 * The playbook in check mode (`--check --diff`) through the ansible module's runner and parser. Secret files
 * and SSH's ControlPersist sockets live in private temporary folders removed afterwards, whatever
 * happens; a run without a report is unknown with ansible's own words.
 */
export async function probeAnsible(options: AnsibleProbeOptions): Promise<LayerResult> {
  const secrets = await mkdtemp(join(tmpdir(), 'drift-ansible-'))
  const control = await mkdtemp(join(tmpdir(), 'eid-'))
  try {
    await chmod(secrets, 0o700)
    await chmod(control, 0o700)
    const write = async (name: string, content: string): Promise<string> => {
      const path = join(secrets, name)
      await writeFile(path, content.endsWith('\n') ? content : `${content}\n`, { mode: 0o600 })
      return path
    }
    const outcome = await runPlaybook(options.runner, {
      mode: 'check',
      directory: options.directory,
      playbook: options.playbook,
      controlPathDir: control,
      ...(options.inventory ? { inventory: options.inventory } : {}),
      ...(options.privateKey ? { privateKeyFile: await write('id_ssh', options.privateKey) } : {}),
      ...(options.knownHosts
        ? { knownHostsFile: await write('known_hosts', options.knownHosts) }
        : {}),
      ...(options.env ? { env: options.env } : {})
    })
    if (!outcome.ok) return ansibleLayer({ status: 'unknown', reason: outcome.reason, hosts: [] })
    // An inventory that matched nothing runs no host at all: that is not "no drift".
    if (outcome.report.recap.length === 0) {
      return ansibleLayer({
        status: 'unknown',
        reason: 'the inventory matched no hosts; nothing was checked',
        hosts: []
      })
    }
    return ansibleLayer(driftFromReport(outcome.report))
  } finally {
    await rm(secrets, { recursive: true, force: true })
    await rm(control, { recursive: true, force: true })
  }
}
