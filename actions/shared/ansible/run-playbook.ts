import { join } from 'node:path'
import type { CommandRunner } from '../ports.js'
import { parsePlaybookReport, type PlaybookReport } from './report.js'

export type PlaybookMode = 'apply' | 'check'

/** One ansible-playbook run: where, what, how, and the secret files it reads. */
export interface PlaybookRun {
  /** The folder with ansible.cfg (the repo's `ansible/`). */
  readonly directory: string
  /** Relative to `directory`. */
  readonly playbook: string
  readonly mode: PlaybookMode
  /** An inventory file or script; ansible.cfg's when absent. */
  readonly inventory?: string
  /** Files passed as `--extra-vars @file` (secrets). */
  readonly extraVarsFiles?: readonly string[]
  readonly privateKeyFile?: string
  /** known_hosts to verify host keys against (StrictHostKeyChecking=yes). */
  readonly knownHostsFile?: string
  readonly user?: string
  readonly limit?: string
  /**
   * Where SSH keeps its ControlPersist sockets. Give each run its own (removed after it): a master
   * connection left by an earlier run would otherwise be reused without checking the host key again.
   */
  readonly controlPathDir?: string
  /** A `terraform output -json` file for inventory/terraform.py. */
  readonly terraformOutputsFile?: string
  readonly env?: Readonly<Record<string, string>>
}

export interface PlaybookCommand {
  readonly command: string
  readonly args: readonly string[]
  readonly env: Readonly<Record<string, string>>
}

/** The exact command line and environment for a run (pure). */
export function buildPlaybookCommand(run: PlaybookRun): PlaybookCommand {
  const args: string[] = [run.playbook]
  if (run.inventory) args.push('--inventory', run.inventory)
  for (const file of run.extraVarsFiles ?? []) args.push('--extra-vars', `@${file}`)
  if (run.privateKeyFile) args.push('--private-key', run.privateKeyFile)
  if (run.user) args.push('--user', run.user)
  if (run.limit) args.push('--limit', run.limit)
  if (run.knownHostsFile) {
    args.push(
      `--ssh-common-args=-o UserKnownHostsFile=${run.knownHostsFile} -o StrictHostKeyChecking=yes`
    )
  }
  if (run.mode === 'check') args.push('--check', '--diff')
  const env: Record<string, string> = {
    ANSIBLE_CONFIG: join(run.directory, 'ansible.cfg'),
    ANSIBLE_STDOUT_CALLBACK: 'json',
    ANSIBLE_HOST_KEY_CHECKING: 'True',
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_FORCE_COLOR: '0',
    ANSIBLE_RETRY_FILES_ENABLED: 'False',
    PYTHONUNBUFFERED: '1',
    ...(run.controlPathDir ? { ANSIBLE_SSH_CONTROL_PATH_DIR: run.controlPathDir } : {}),
    ...(run.terraformOutputsFile ? { ELM_INFRA_TERRAFORM_OUTPUTS: run.terraformOutputsFile } : {}),
    ...run.env
  }
  return { command: 'ansible-playbook', args, env }
}

export type PlaybookOutcome =
  | { readonly ok: true; readonly exitCode: number; readonly report: PlaybookReport }
  | { readonly ok: false; readonly exitCode: number; readonly reason: string }

/** The last few lines of stderr: where ansible-playbook says why it stopped before any host. */
function tail(text: string, lines = 12): string {
  return text.trim().split('\n').slice(-lines).join('\n')
}

/**
 * Runs the playbook and parses its JSON report. `ok: false` when there is no report (a syntax
 * error, a missing inventory, a bad option): the reason carries stderr's last lines.
 */
export async function runPlaybook(
  runner: CommandRunner,
  run: PlaybookRun
): Promise<PlaybookOutcome> {
  const { command, args, env } = buildPlaybookCommand(run)
  let result: Awaited<ReturnType<CommandRunner['run']>>
  try {
    result = await runner.run(command, args, { cwd: run.directory, env })
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error)
    return {
      ok: false,
      exitCode: -1,
      reason: `could not run ${command} (is Ansible installed?): ${why}`
    }
  }
  const parsed = parsePlaybookReport(result.stdout)
  if (parsed.ok) return { ok: true, exitCode: result.exitCode, report: parsed.report }
  const said = tail(`${result.stderr}\n${result.stdout}`)
  return {
    ok: false,
    exitCode: result.exitCode,
    reason: `ansible-playbook exited ${result.exitCode} without a report: ${parsed.reason}${said ? `\n${said}` : ''}`
  }
}
