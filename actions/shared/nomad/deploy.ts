import { readRollback } from '../core/deploy-decision.js'
import { UserError, describeError } from '../errors.js'
import type { NomadClient } from './client.js'
import { watchAllocations } from './deploy-allocs.js'
import { followEvaluation } from './deploy-eval.js'
import { planJob } from './deploy-plan.js'
import { findDeploymentFor, registerPlanned } from './deploy-register.js'
import { describePlacementFailure } from './deploy-report.js'
import { type DeployProgress, emptyProgress, resultOf, resultOfWatch } from './deploy-result.js'
import type { DeployOptions, DeployResult } from './deploy-types.js'
import { failIfActive, watchDeployment } from './deploy-watch.js'

export type { DeployOptions, DeployResult } from './deploy-types.js'

/**
 * The health-gated deploy: parse → plan (diff) → register (EnforceIndex) → follow the evaluation →
 * watch the deployment (promote healthy canaries; fail it at our deadline) → a typed result.
 * Refusals from Nomad become `failure` results with Nomad's message; cancellation fails the
 * in-flight deployment so Nomad reverts and returns `cancelled`.
 */
export async function deployJob(options: DeployOptions): Promise<DeployResult> {
  const progress = emptyProgress()
  const client = options.client.withSignal(options.signal)
  try {
    return await runDeploy(options, client, progress)
  } catch (error) {
    if (options.signal?.aborted) return await cancelDeploy(options, progress)
    if (!(error instanceof UserError)) throw error
    options.logger.error(describeError(error))
    return resultOf(progress, 'failure', describeError(error))
  }
}

async function runDeploy(
  o: DeployOptions,
  client: NomadClient,
  p: DeployProgress
): Promise<DeployResult> {
  const { logger, clock } = o
  const deadline = clock.now() + o.timeoutMs
  const remaining = (): number => deadline - clock.now()
  const planned = await logger.group('Plan', () => planJob(client, o.jobHcl, o.variables, logger))
  p.jobId = planned.job.id
  p.planIndex = planned.plan.jobModifyIndex
  p.diff = planned.diff
  p.diffText = planned.diffText
  const registered = await registerPlanned(client, planned, logger)
  p.jobVersion = registered.version
  if (registered.evalId !== '') {
    const ev = await followEvaluation(client, registered.evalId, remaining)
    if (ev === undefined)
      return resultOf(p, 'failure', `Timed out waiting for evaluation ${registered.evalId}`)
    if (ev.status === 'failed' || ev.status === 'canceled') {
      return resultOf(p, 'failure', `Evaluation ${ev.id} ${ev.status}: ${ev.statusDescription}`)
    }
    p.deploymentId = ev.deploymentId || undefined
    if (ev.failedPlacements.length > 0) {
      const details = ev.failedPlacements.map(describePlacementFailure)
      for (const line of details) logger.error(line)
      // An unplaceable deployment never times out on its own: fail it so Nomad reverts.
      const revertedTo = p.deploymentId
        ? await failIfActive(client, p.deploymentId, logger)
        : undefined
      return resultOf(p, 'failure', `Placement failed: ${details.join('; ')}`, {
        details,
        revertedTo
      })
    }
  } else {
    p.deploymentId = await findDeploymentFor(client, p.jobId, registered.version, remaining)
  }
  if (p.deploymentId === undefined) {
    if (planned.plan.diffType === 'None') {
      logger.info(
        `No changes: job '${p.jobId}' already runs version ${registered.version}; nothing to deploy.`
      )
      return resultOf(p, 'no-changes', 'No changes: the job already runs this specification')
    }
    logger.info(
      `Nomad created no deployment for job '${p.jobId}'; watching its allocations instead.`
    )
    const watched = await watchAllocations(client, p.jobId, registered.version, {
      clock,
      logger,
      deadline
    })
    return resultOf(p, watched.ok ? 'success' : 'failure', watched.reason, {
      details: watched.details
    })
  }
  const deploymentId = p.deploymentId
  o.onDeployment?.(deploymentId)
  logger.info(`Watching deployment ${deploymentId} (timeout ${Math.round(o.timeoutMs / 1000)} s)`)
  const outcome = await logger.group('Deployment', () =>
    watchDeployment(deploymentId, { client, clock, logger, deadline })
  )
  return await resultOfWatch(p, outcome, client, { clock, logger, deadline })
}

/** Cancelled: fail the in-flight deployment (found by version if the eval had not said) so Nomad reverts. */
async function cancelDeploy(o: DeployOptions, p: DeployProgress): Promise<DeployResult> {
  const { logger } = o
  const reason = `Cancelled (${describeError(o.signal?.reason)})`
  const client = o.client.withSignal(AbortSignal.timeout(20_000))
  try {
    if (p.deploymentId === undefined && p.planIndex !== undefined) {
      // Cancelled between register and the eval's answer (or during the register): a deployment of
      // a spec registered after our plan is ours.
      const latest = (await client.readLatestDeployment(p.jobId)).value
      const ours =
        p.jobVersion !== undefined
          ? latest?.jobVersion === p.jobVersion
          : (latest?.jobSpecModifyIndex ?? 0) > p.planIndex
      if (latest && ours && ['running', 'paused'].includes(latest.status))
        p.deploymentId = latest.id
    }
    if (p.deploymentId === undefined) {
      logger.error(`${reason}: no deployment was in flight.`)
      return resultOf(p, 'cancelled', `${reason} before any deployment started`)
    }
    const answered = await failIfActive(client, p.deploymentId, logger)
    const after = (await client.readDeployment(p.deploymentId)).value
    const rollback = readRollback(after.statusDescription)
    const revertedTo = rollback.kind === 'reverting' ? rollback.toVersion : answered
    logger.error(
      `${reason}: failed deployment ${p.deploymentId} so Nomad reverts — ${after.statusDescription}`
    )
    return resultOf(p, 'cancelled', `${reason}; deployment failed: ${after.statusDescription}`, {
      revertedTo
    })
  } catch (error) {
    logger.error(
      `${reason}, and failing deployment ${p.deploymentId ?? '?'} failed too: ${describeError(error)}`
    )
    return resultOf(
      p,
      'cancelled',
      `${reason}; failing the deployment failed: ${describeError(error)}`
    )
  }
}
