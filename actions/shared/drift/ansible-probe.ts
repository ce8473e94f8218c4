import type { CommandRunner } from '../ports.js'
import { ansibleLayer } from './ansible-drift.js'
import { readCheckResults } from './ansible-results.js'
import type { LayerResult } from './report.js'
import { tail } from './terraform-probe.js'

export interface AnsibleProbeOptions {
  readonly runner: CommandRunner
  /** The directory holding ansible.cfg (the playbook runs from there). */
  readonly ansibleDir: string
  /** Playbook path, relative to ansibleDir or absolute. */
  readonly playbook: string
  /** Inventory path; ansible.cfg's inventory when undefined. */
  readonly inventory?: string
  readonly env?: Readonly<Record<string, string>>
}

/**
 * `ansible-playbook --check --diff` with the JSON callback. Exit 2 (a failed task) and 4 (an
 * unreachable host) still print results, so the per-host results decide; without a JSON document
 * (syntax error, missing playbook) the layer is unknown with the error.
 */
export async function probeAnsible(options: AnsibleProbeOptions): Promise<LayerResult> {
  const args = [
    ...(options.inventory ? ['-i', options.inventory] : []),
    options.playbook,
    '--check',
    '--diff'
  ]
  const result = await options.runner.run('ansible-playbook', args, {
    cwd: options.ansibleDir,
    env: {
      ANSIBLE_STDOUT_CALLBACK: 'ansible.posix.json',
      ANSIBLE_NOCOLOR: '1',
      ANSIBLE_RETRY_FILES_ENABLED: 'False',
      ...options.env
    }
  })
  let doc: unknown
  try {
    doc = JSON.parse(result.stdout)
  } catch {
    const why = tail(result.stderr || result.stdout) || 'no output'
    return {
      layer: 'ansible',
      status: 'unknown',
      summary: 'could not be checked',
      items: [],
      reason: `ansible-playbook --check failed (exit ${result.exitCode}): ${why}`
    }
  }
  return ansibleLayer(readCheckResults(doc))
}
