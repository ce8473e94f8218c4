import { type DeployDecision, evaluateDeployment } from '../../core/deploy-decision.js'
import type { Clock, Logger } from '../../ports.js'
import { NomadApiError } from '../client/errors.js'
import { MAX_BLOCKING_WAIT_MS, type NomadClient } from '../client/client.js'
import { describeProgress, shouldLogProgress } from './report.js'
import type { Allocation, Deployment } from '../types.js'

export type DoneDecision = Extract<DeployDecision, { kind: 'done' }>

/** How the watch of one deployment ended. */
export interface WatchOutcome {
  readonly done: DoneDecision
  readonly deployment: Deployment
  readonly allocations: readonly Allocation[]
  readonly promoted: boolean
  /** Set when our own deadline ran out and we failed the deployment: what we were waiting for. */
  readonly timedOut: string | undefined
  /** The stable version Nomad said it reverts to when we failed the deployment. */
  readonly revertedByFail: number | undefined
}

export interface WatchContext {
  readonly client: NomadClient
  readonly clock: Clock
  readonly logger: Logger
  /** Our own deadline, epoch ms. */
  readonly deadline: number
  /** At the deadline: `fail` the deployment so Nomad reverts (default), or just `stop` watching. */
  readonly atDeadline?: 'fail' | 'stop'
  /** Told every state read (a live status line). */
  readonly onProgress?: ((deployment: Deployment) => void) | undefined
}

/** After we fail a deployment, how long we give Nomad to show it terminal. */
const AFTER_FAIL_GRACE_MS = 30_000

/** A failure we decided on ourselves (Nomad said nothing about a rollback). */
function failedWithoutRollback(reason: string): DoneDecision {
  return {
    kind: 'done',
    outcome: 'failure',
    reason,
    rollback: { kind: 'none' },
    failedAllocations: []
  }
}

/**
 * Watches a deployment with blocking queries until it is terminal, logging one line per change
 * (a change of only the unhealthy/replacement counters at most once a minute: shouldLogProgress),
 * acting on each decision of `evaluateDeployment`: promote when the canaries are healthy, fail the
 * deployment when our deadline passes (so Nomad reverts), stop when it is done.
 */
export async function watchDeployment(id: string, ctx: WatchContext): Promise<WatchOutcome> {
  const { client, clock, logger } = ctx
  let deadline = ctx.deadline
  let index = 0
  let lastLogged: { line: string; at: number } | undefined
  let promoted = false
  let timedOut: string | undefined
  let revertedByFail: number | undefined
  for (;;) {
    const waitMs = Math.min(MAX_BLOCKING_WAIT_MS, Math.max(1, deadline - clock.now()))
    const read = await client.readDeployment(id, index > 0 ? { index, waitMs } : undefined)
    index = read.index
    const deployment = read.value
    const allocations = (await client.readDeploymentAllocations(id)).value
    ctx.onProgress?.(deployment)
    const line = describeProgress(deployment)
    if (shouldLogProgress(line, lastLogged, clock.now())) {
      logger.info(line)
      lastLogged = { line, at: clock.now() }
    }
    const decision = evaluateDeployment(deployment, allocations, clock.now(), deadline)
    switch (decision.kind) {
      case 'done':
        return { done: decision, deployment, allocations, promoted, timedOut, revertedByFail }
      case 'wait':
        logger.debug(decision.reason)
        break
      case 'promote':
        logger.info(`Promoting ${decision.groups.join(', ')}: ${decision.reason}`)
        try {
          await client.promoteDeployment(id, decision.groups)
          promoted = true
        } catch (error) {
          // A canary can turn unhealthy between our read and the promote; Nomad then refuses (500).
          if (!(error instanceof NomadApiError) || error.status !== 500) throw error
          logger.warning(`Nomad refused the promotion, watching on: ${error.body.trim()}`)
        }
        break
      case 'fail':
        if (ctx.atDeadline === 'stop') {
          const done = failedWithoutRollback(
            `still ${deployment.status} when we stopped watching: ${deployment.statusDescription}`
          )
          return {
            done,
            deployment,
            allocations,
            promoted,
            timedOut: decision.reason,
            revertedByFail
          }
        }
        if (timedOut !== undefined) {
          const done = failedWithoutRollback(
            `Nomad did not mark deployment ${id} failed within ${AFTER_FAIL_GRACE_MS / 1000} s of our request`
          )
          return { done, deployment, allocations, promoted, timedOut, revertedByFail }
        }
        timedOut = decision.reason
        logger.error(`Timed out: ${decision.reason}. Failing deployment ${id} so Nomad reverts.`)
        revertedByFail = await failIfActive(client, id, logger)
        deadline = clock.now() + AFTER_FAIL_GRACE_MS
        break
    }
  }
}

/** POST /v1/deployment/fail/:id; a deployment that became terminal meanwhile is not an error. */
export async function failIfActive(
  client: NomadClient,
  id: string,
  logger: Logger
): Promise<number | undefined> {
  try {
    const answer = await client.failDeployment(id)
    return answer.revertedJobVersion
  } catch (error) {
    if (error instanceof NomadApiError && error.body.includes("can't fail terminal deployment")) {
      logger.info(`Deployment ${id} had already finished.`)
      return undefined
    }
    throw error
  }
}
