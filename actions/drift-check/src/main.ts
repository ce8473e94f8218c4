import { checkDrift } from '../../shared/drift/check-drift.js'
import { syncDriftIssue } from '../../shared/drift/apply-issue-action.js'
import { LAYER_TITLES, renderStepSummary } from '../../shared/drift/render-report.js'
import type { DriftReport } from '../../shared/drift/report.js'
import { UserError } from '../../shared/errors.js'
import { maskSecret } from '../../shared/mask-secret.js'
import type { Issues } from '../../shared/github/ports.js'
import type { ActionIo, Clock, Logger } from '../../shared/ports.js'
import { type DriftCheckInputs, readInputs } from './inputs.js'
import type { ProbeSet } from './probes.js'

/** Everything drift-check touches, injected so tests pass doubles. */
export interface DriftCheckDeps extends ActionIo {
  readonly clock: Clock
  readonly runUrl: string
  /** The Issues port over the GitHub API with this token. */
  /** `trustedBot`: the login whose drift issue is ours. */
  readonly issues: (token: string, trustedBot: string) => Promise<Issues>
  /** The layer checks for these inputs (closed once the checks are done). */
  readonly probes: (inputs: DriftCheckInputs) => Promise<ProbeSet>
}

function logReport(logger: Logger, report: DriftReport): void {
  for (const layer of report.layers) {
    const line = `${LAYER_TITLES[layer.layer]}: ${layer.status} (${layer.summary})`
    if (layer.status === 'in-sync') logger.info(line)
    else logger.warning(layer.reason ? `${line}: ${layer.reason}` : line)
    for (const item of layer.items) logger.info(`  ${item.subject}: ${item.detail}`)
  }
}

/** Checks the layers, reports (outputs, summary, issue), then lets fail-on-drift decide the exit. */
export async function main(deps: DriftCheckDeps): Promise<void> {
  const inputs = await readInputs(deps.inputs)
  deps.masker.mask(inputs.githubToken)
  if (inputs.nomadToken) deps.masker.mask(inputs.nomadToken)
  const secrets = [
    ...(inputs.ansibleSshPrivateKey ? [inputs.ansibleSshPrivateKey] : []),
    ...(inputs.ansibleExtraVars?.secrets ?? []),
    ...(inputs.terraformOutputs?.secrets ?? [])
  ]
  for (const secret of secrets) maskSecret(deps.masker, secret)
  const report = await deps.logger.group(`Checking ${inputs.layers.join(', ')}`, async () => {
    const set = await deps.probes(inputs)
    try {
      return await checkDrift(inputs.layers, set.probes)
    } finally {
      set.close()
    }
  })
  logReport(deps.logger, report)
  deps.outputs.set('drift', report.verdict)
  await deps.summary.write(renderStepSummary(report, deps.runUrl))
  const outcome = await deps.logger.group('Drift issue', async () =>
    syncDriftIssue(
      await deps.issues(inputs.githubToken, inputs.trustedBot),
      report,
      deps.clock.now(),
      deps.runUrl
    )
  )
  deps.logger.info(outcome.done + (outcome.issue ? ` (${outcome.issue.url})` : ''))
  deps.outputs.set('issue-number', outcome.issue ? String(outcome.issue.number) : '')
  if (!inputs.failOnDrift || report.verdict === 'false') return
  if (report.verdict === 'true') {
    const where = report.layers.filter(l => l.status === 'drift').map(l => LAYER_TITLES[l.layer])
    throw new UserError(
      `Drift found in ${where.join(', ')}; see the step summary and the drift issue.`
    )
  }
  const unknown = report.layers.filter(l => l.status === 'unknown').map(l => LAYER_TITLES[l.layer])
  throw new UserError(
    `Drift could not be ruled out: ${unknown.join(', ')} could not be checked (fail-on-drift counts that as a failure).`
  )
}
