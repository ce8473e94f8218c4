import { readRollback } from '../../core/deploy-decision.js'
import { UserError, describeError } from '../../errors.js'
import type { NomadClient } from '../client/client.js'
import { watchAllocations } from './allocs.js'
import { followEvaluation } from './eval.js'
import { planJob } from './plan.js'
import { type OurVersion, expectsDeployment, findOurDeployment } from './ours.js'
import { registerPlanned } from './register.js'
import { describePlacementFailure } from './report.js'
import {
  type DeployProgress,
  appVersionOf,
  emptyProgress,
  resultOf,
  resultOfWatch
} from './result.js'
import type { DeployOptions, DeployResult } from './types.js'
import type { Clock, Logger } from '../../ports.js'
import type { Deployment, ParsedJob } from '../types.js'
import { failIfActive, watchDeployment } from './watch.js'

export type { DeployOptions, DeployResult } from './types.js'

/**
 * After cancellation, how long the way out may take: GitHub sends SIGINT, then SIGTERM 7.5 s
 * later and kills the process tree 2.5 s after that ("Canceling a workflow", GitHub Actions docs:
 * the runner's cancellation steps). Failing the deployment comes first and everything after it
 * (reading Nomad's answer, naming the app version) shares this budget, so the fail is sent at
 * once and the whole way out ends before SIGTERM.
 */
export const CANCEL_BUDGET_MS = 6_500
/** Within it, each read after the fail (Nomad's description, the app version) gets at most this. */
const CANCEL_EXTRA_MS = 1_500

function extraBudget(budget: AbortSignal): AbortSignal {
  return AbortSignal.any([budget, AbortSignal.timeout(CANCEL_EXTRA_MS)])
}

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
    return await withAppVersion(client, await runDeploy(options, client, progress))
  } catch (error) {
    if (options.signal?.aborted) {
      const budget = AbortSignal.timeout(CANCEL_BUDGET_MS)
      const cancelled = await cancelDeploy(options, progress, budget)
      return await withAppVersion(options.client.withSignal(extraBudget(budget)), cancelled)
    }
    if (!(error instanceof UserError)) throw error
    options.logger.error(describeError(error))
    return resultOf(progress, 'failure', describeError(error))
  }
}

/** Names the app version Nomad rolled back to (best effort: the result stands without it). */
async function withAppVersion(client: NomadClient, r: DeployResult): Promise<DeployResult> {
  if (r.revertedTo === undefined || r.revertedAppVersion !== undefined) return r
  try {
    const app = await appVersionOf(client, r.jobId, r.revertedTo)
    return app === undefined ? r : { ...r, revertedAppVersion: app }
  } catch {
    return r
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
  const ours: OurVersion = {
    jobId: p.jobId,
    version: registered.version,
    specIndex: registered.specIndex
  }
  const ctx = { clock, logger, deadline }
  // From here on our version is registered: any failure fails its in-flight deployment.
  const failAfterRegister = async (
    reason: string,
    details: string[] = []
  ): Promise<DeployResult> => {
    const d = await findOurDeployment(client, ours, p.deploymentId ?? '', {
      waitMs: 0,
      remainingMs: () => Math.max(1, remaining()),
      logger
    })
    p.deploymentId = d?.id ?? p.deploymentId
    const revertedTo = d ? await failIfActive(client, d.id, logger) : undefined
    return resultOf(p, 'failure', reason, { details, revertedTo })
  }
  let candidate = ''
  // Without an eval to say (answer lost) or after a canceled one, the deployment of our version
  // may still be on its way, however late (the newer eval that does the work can wait behind
  // others in the broker): when the job is one Nomad makes a deployment for, wait for it until our
  // deadline or until a newer version's deployment shows ours will never come.
  let waitMs = expectsDeployment(planned.job) ? Number.POSITIVE_INFINITY : 0
  if (registered.evalId !== '') {
    const ev = await followEvaluation(client, registered.evalId, remaining)
    if (ev === undefined)
      return await failAfterRegister(`Timed out waiting for evaluation ${registered.evalId}`)
    if (ev.status === 'failed')
      return await failAfterRegister(`Evaluation ${ev.id} failed: ${ev.statusDescription}`)
    if (ev.status === 'canceled') {
      // The broker cancels a job's older pending evals when it acks a newer one; that one did the
      // work (nomad/eval_broker.go `Ack` → `MarkForCancel`; nomad/leader.go
      // `cancelCancelableEvals`). `nomad job run` treats `canceled` like `complete`
      // (command/monitor.go `monitor`).
      logger.info(
        `Evaluation ${ev.id.slice(0, 8)} was canceled (${ev.statusDescription || 'no reason given'}): a newer evaluation of job '${p.jobId}' did the work. Following the deployment of version ${ours.version}.`
      )
    } else {
      candidate = ev.deploymentId
      waitMs = 0
      if (ev.failedPlacements.length > 0) {
        const details = ev.failedPlacements.map(describePlacementFailure)
        for (const line of details) logger.error(line)
        // An unplaceable deployment never times out on its own: fail ours so Nomad reverts.
        p.deploymentId = undefined
        return await failAfterRegister(`Placement failed: ${details.join('; ')}`, details)
      }
    }
  }
  const found = await findOurDeployment(client, ours, candidate, {
    waitMs: registered.unchanged ? 0 : waitMs,
    remainingMs: remaining,
    logger
  })
  p.deploymentId = found?.id
  if (registered.unchanged) return await unchangedOutcome(client, p, found, planned.job, ctx)
  if (found === undefined && waitMs > 0 && remaining() <= 0) {
    return await failAfterRegister(
      `Timed out: Nomad made no deployment of job '${p.jobId}' version ${ours.version} before our deadline`
    )
  }
  if (found === undefined) {
    logger.info(
      `Nomad created no deployment for job '${p.jobId}' version ${ours.version}; watching that version's allocations instead.`
    )
    return await watchOwnAllocations(client, p, planned.job, ours, ctx)
  }
  return await watchOurs(o, client, p, found.id, ctx)
}

interface WatchCtx {
  readonly clock: Clock
  readonly logger: Logger
  readonly deadline: number
}

async function watchOurs(
  o: DeployOptions,
  client: NomadClient,
  p: DeployProgress,
  deploymentId: string,
  ctx: { readonly clock: Clock; readonly logger: Logger; readonly deadline: number }
): Promise<DeployResult> {
  o.onDeployment?.(deploymentId)
  const { logger } = ctx
  logger.info(`Watching deployment ${deploymentId} (timeout ${Math.round(o.timeoutMs / 1000)} s)`)
  const outcome = await logger.group('Deployment', () =>
    watchDeployment(deploymentId, { client, ...ctx, onProgress: o.onProgress })
  )
  return await resultOfWatch(p, outcome, client, ctx)
}

/**
 * An unchanged spec: Nomad wrote no version and made no deployment; the outcome is the current
 * version's own deployment: `successful` → no changes at once, `running` → watch it, `failed` or
 * `cancelled` → a failure that says so (this run changed and reverted nothing).
 */
async function unchangedOutcome(
  client: NomadClient,
  p: DeployProgress,
  d: Deployment | undefined,
  job: ParsedJob,
  ctx: WatchCtx
): Promise<DeployResult> {
  const { logger } = ctx
  const v = p.jobVersion
  if (d?.status === 'successful') {
    logger.info(
      `No changes: job '${p.jobId}' already runs version ${v}, whose deployment ${d.id.slice(0, 8)} succeeded; nothing to deploy.`
    )
    return resultOf(
      p,
      'no-changes',
      `No changes: the job already runs this specification (version ${v})`
    )
  }
  if (d && (d.status === 'failed' || d.status === 'cancelled')) {
    const reason = `No changes to deploy, but the job's current version ${v} is not healthy: its deployment ${d.id.slice(0, 8)} ${d.status} (${d.statusDescription}). This run registered nothing new and rolled nothing back; fix the job and deploy a new version.`
    logger.error(reason)
    return resultOf(p, 'failure', reason)
  }
  if (d) {
    logger.info(
      `No changes, but version ${v}'s deployment ${d.id.slice(0, 8)} is still ${d.status}: watching it.`
    )
    const outcome = await ctx.logger.group('Deployment', () =>
      watchDeployment(d.id, { client, ...ctx })
    )
    return await resultOfWatch(p, outcome, client, ctx)
  }
  const watched = await watchOwnAllocations(
    client,
    p,
    job,
    { jobId: p.jobId, version: v ?? 0, specIndex: 0 },
    ctx
  )
  if (watched.status !== 'success') return watched
  logger.info(`No changes: job '${p.jobId}' already runs version ${v}; nothing to deploy.`)
  return resultOf(
    p,
    'no-changes',
    `No changes: the job already runs this specification (version ${v})`
  )
}

/** No deployment of our version: its allocations decide. */
async function watchOwnAllocations(
  client: NomadClient,
  p: DeployProgress,
  job: ParsedJob,
  ours: OurVersion,
  ctx: WatchCtx
): Promise<DeployResult> {
  const watched = await watchAllocations(client, ours.jobId, ours.version, job, ctx)
  if (!watched.ok) {
    for (const line of watched.details) ctx.logger.error(line)
  }
  return resultOf(p, watched.ok ? 'success' : 'failure', watched.reason, {
    details: watched.details
  })
}

/** Cancelled: fail the in-flight deployment (found by version if the eval had not said) so Nomad reverts. */
async function cancelDeploy(
  o: DeployOptions,
  p: DeployProgress,
  budget: AbortSignal
): Promise<DeployResult> {
  const { logger } = o
  const reason = `Cancelled (${describeError(o.signal?.reason)})`
  const client = o.client.withSignal(budget)
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
    // The fail is done; Nomad's own words on it are a bonus within what is left of the budget.
    const after = await o.client
      .withSignal(extraBudget(budget))
      .readDeployment(p.deploymentId)
      .then(
        read => read.value,
        () => undefined
      )
    const said =
      after?.statusDescription ??
      `Deployment marked as failed${answered === undefined ? '' : ` - rolling back to job version ${answered}`}`
    const rollback = readRollback(said)
    const revertedTo = rollback.kind === 'reverting' ? rollback.toVersion : answered
    logger.error(`${reason}: failed deployment ${p.deploymentId} so Nomad reverts — ${said}`)
    return resultOf(p, 'cancelled', `${reason}; deployment failed: ${said}`, {
      revertedTo,
      statusDescription: said
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
