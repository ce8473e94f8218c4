import { tmpdir } from 'node:os'
import { resolve } from 'node:path'
import { actionsIo } from '../../shared/adapters/actions-core.js'
import { execRunner } from '../../shared/adapters/exec-runner.js'
import { describeFailures, renderPlaybookSummary } from '../../shared/ansible/render.js'
import { runPlaybookWithSecrets } from '../../shared/ansible/run-with-secrets.js'
import { createSecretFiles, type SecretFiles } from '../../shared/ansible/secret-files.js'
import { UserError } from '../../shared/errors.js'
import type { ActionIo, CommandRunner } from '../../shared/ports.js'
import { maskSecret } from '../../shared/mask-secret.js'
import { readInputs } from './inputs.js'

export interface AnsibleDeps extends ActionIo {
  readonly runner: CommandRunner
  /** The checkout; `directory` is relative to it. */
  readonly workspace: string
  readonly createSecretFiles: () => Promise<SecretFiles>
}

/** The real world: @actions/core, ansible-playbook through @actions/exec, RUNNER_TEMP. */
export function realDeps(): AnsibleDeps {
  return {
    ...actionsIo,
    runner: execRunner,
    workspace: process.env['GITHUB_WORKSPACE'] ?? process.cwd(),
    createSecretFiles: () => createSecretFiles(process.env['RUNNER_TEMP'] || tmpdir())
  }
}

/** The ansible action: run the playbook, report per host, fail naming host and task. */
export async function main(deps: AnsibleDeps): Promise<void> {
  const inputs = await readInputs(deps.inputs)
  maskSecret(deps.masker, inputs.sshPrivateKey)
  for (const secret of inputs.extraVars?.secrets ?? []) maskSecret(deps.masker, secret)
  for (const secret of inputs.terraformOutputs?.secrets ?? []) maskSecret(deps.masker, secret)

  const outcome = await deps.logger.group(
    `ansible-playbook ${inputs.playbook} (${inputs.mode})`,
    () =>
      runPlaybookWithSecrets(deps.runner, {
        directory: resolve(deps.workspace, inputs.directory),
        playbook: inputs.playbook,
        mode: inputs.mode,
        inventory: inputs.inventory,
        user: inputs.sshUser,
        limit: inputs.limit,
        privateKey: inputs.sshPrivateKey,
        knownHosts: inputs.knownHosts,
        extraVars: inputs.extraVars,
        terraformOutputs: inputs.terraformOutputs,
        createSecretFiles: deps.createSecretFiles
      })
  )
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
    for (const c of report.changes)
      deps.logger.warning(`Drift on ${c.host}: '${c.task}' would change`)
  }
  await deps.summary.write(renderPlaybookSummary(report, inputs.mode))

  const changed = report.changes.length > 0
  const failed = report.failures.length > 0 || outcome.exitCode !== 0
  deps.outputs.set('changed', String(changed))
  deps.outputs.set('failed', String(failed))
  deps.outputs.set('drift', String(inputs.mode === 'check' && changed))

  if (report.failures.length > 0) {
    throw new UserError(
      `Ansible failed on ${report.failures.length} host(s):\n${describeFailures(report)}`
    )
  }
  if (outcome.exitCode !== 0) {
    throw new UserError(
      `ansible-playbook exited ${outcome.exitCode} although no host reported a failure.`
    )
  }
  deps.logger.info(
    inputs.mode === 'check'
      ? changed
        ? `Drift on ${new Set(report.changes.map(c => c.host)).size} host(s).`
        : 'No drift.'
      : `Applied: ${report.changes.length} task(s) changed.`
  )
}
