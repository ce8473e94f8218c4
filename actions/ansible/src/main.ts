import { tmpdir } from 'node:os'
import { resolve } from 'node:path'
import {
  actionInputs,
  actionsLogger,
  actionsMasker,
  actionsOutputs,
  actionsSummary
} from '../../shared/adapters/actions-core.js'
import { execRunner } from '../../shared/adapters/exec-runner.js'
import { describeFailures, renderPlaybookSummary } from '../../shared/ansible/render.js'
import { runPlaybook, type PlaybookOutcome } from '../../shared/ansible/run-playbook.js'
import { UserError } from '../../shared/errors.js'
import type { InputSource } from '../../shared/inputs.js'
import type { CommandRunner, Logger, Outputs, SecretMasker, StepSummary } from '../../shared/ports.js'
import { type AnsibleInputs, readInputs } from './inputs.js'
import { createSecretFiles, type SecretFiles } from './secret-files.js'

export interface AnsibleDeps {
  readonly inputs: InputSource
  readonly logger: Logger
  readonly summary: StepSummary
  readonly outputs: Outputs
  readonly masker: SecretMasker
  readonly runner: CommandRunner
  /** The checkout; `directory` is relative to it. */
  readonly workspace: string
  readonly createSecretFiles: () => Promise<SecretFiles>
}

/** The real world: @actions/core, ansible-playbook through @actions/exec, RUNNER_TEMP. */
export function realDeps(): AnsibleDeps {
  return {
    inputs: actionInputs,
    logger: actionsLogger,
    summary: actionsSummary,
    outputs: actionsOutputs,
    masker: actionsMasker,
    runner: execRunner,
    workspace: process.env['GITHUB_WORKSPACE'] ?? process.cwd(),
    createSecretFiles: () => createSecretFiles(process.env['RUNNER_TEMP'] || tmpdir())
  }
}

/**
 * Masks a secret and, when it has several lines, each line too (the runner masks line by line in
 * multi-line output); PEM armour lines ("-----BEGIN …") are public and left alone.
 */
function maskSecret(masker: SecretMasker, secret: string): void {
  masker.mask(secret)
  const lines = secret.split('\n').map(l => l.trim())
  if (lines.filter(l => l !== '').length < 2) return
  for (const line of lines) if (line.length >= 4 && !line.startsWith('-----')) masker.mask(line)
}

/** Writes the secret files, runs the playbook, and removes the files whatever happens. */
async function runWithSecretFiles(deps: AnsibleDeps, inputs: AnsibleInputs): Promise<PlaybookOutcome> {
  const files = await deps.createSecretFiles()
  try {
    const privateKeyFile = await files.write('id_ssh', inputs.sshPrivateKey)
    const knownHostsFile = await files.write('known_hosts', inputs.knownHosts)
    const extraVarsFiles = inputs.extraVars ? [await files.write('extra-vars.yml', inputs.extraVars)] : []
    const terraformOutputsFile = inputs.terraformOutputs
      ? await files.write('terraform-outputs.json', inputs.terraformOutputs)
      : undefined
    const directory = resolve(deps.workspace, inputs.directory)
    return await deps.logger.group(`ansible-playbook ${inputs.playbook} (${inputs.mode})`, () =>
      runPlaybook(deps.runner, {
        directory,
        playbook: inputs.playbook,
        mode: inputs.mode,
        inventory: inputs.inventory,
        extraVarsFiles,
        privateKeyFile,
        knownHostsFile,
        user: inputs.sshUser,
        limit: inputs.limit,
        controlPathDir: files.controlDir,
        terraformOutputsFile
      })
    )
  } finally {
    await files.remove()
  }
}

/** The ansible action: run the playbook, report per host, fail naming host and task. */
export async function main(deps: AnsibleDeps): Promise<void> {
  const inputs = readInputs(deps.inputs)
  maskSecret(deps.masker, inputs.sshPrivateKey)
  for (const secret of inputs.extraVarsSecrets) maskSecret(deps.masker, secret)

  const outcome = await runWithSecretFiles(deps, inputs)
  if (!outcome.ok) {
    deps.outputs.set('failed', 'true')
    throw new UserError(outcome.reason)
  }
  const { report } = outcome
  for (const r of report.recap) {
    deps.logger.info(
      `${r.host}: ok=${r.ok} changed=${r.changed} failed=${r.failed} unreachable=${r.unreachable} skipped=${r.skipped}`
    )
  }
  if (inputs.mode === 'check') {
    for (const c of report.changes) deps.logger.warning(`Drift on ${c.host}: '${c.task}' would change`)
  }
  await deps.summary.write(renderPlaybookSummary(report, inputs.mode))

  const changed = report.changes.length > 0
  const failed = report.failures.length > 0 || outcome.exitCode !== 0
  deps.outputs.set('changed', String(changed))
  deps.outputs.set('failed', String(failed))
  deps.outputs.set('drift', String(inputs.mode === 'check' && changed))

  if (report.failures.length > 0) {
    throw new UserError(`Ansible failed on ${report.failures.length} host(s):\n${describeFailures(report)}`)
  }
  if (outcome.exitCode !== 0) {
    throw new UserError(`ansible-playbook exited ${outcome.exitCode} although no host reported a failure.`)
  }
  deps.logger.info(
    inputs.mode === 'check'
      ? changed
        ? `Drift on ${new Set(report.changes.map(c => c.host)).size} host(s).`
        : 'No drift.'
      : `Applied: ${report.changes.length} task(s) changed.`
  )
}
