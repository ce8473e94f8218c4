import type { Clock, Logger } from '../../ports.js'
import type { NomadClient } from '../client/client.js'
import { findDeploymentFor } from './register.js'
import { watchDeployment } from './watch.js'

/** How long we wait for Nomad's rollback deployment to appear. */
const FIND_MS = 15_000

/**
 * After Nomad reverted, watches the rollback deployment until it ends or our own deadline passes
 * (promoting its canaries when the revert is destructive, never failing it) and says how it
 * ended. The deploy still fails.
 */
export async function followRollback(
  client: NomadClient,
  jobId: string,
  rollbackVersion: number,
  ctx: { readonly clock: Clock; readonly logger: Logger; readonly deadline: number }
): Promise<string> {
  const { clock, logger } = ctx
  const { deadline } = ctx
  const find = Math.min(deadline, clock.now() + FIND_MS)
  const id = await findDeploymentFor(client, jobId, rollbackVersion, () => find - clock.now())
  if (id === undefined) {
    return `Nomad made no deployment for the rollback (job version ${rollbackVersion}): the running allocations already match it.`
  }
  logger.info(`Watching the rollback deployment ${id} (job version ${rollbackVersion})`)
  const outcome = await watchDeployment(id, { client, clock, logger, deadline, atDeadline: 'stop' })
  const how = outcome.done.outcome === 'success' ? 'succeeded' : 'did not succeed'
  return `The rollback deployment ${id.slice(0, 8)} (job version ${rollbackVersion}) ${how}: ${outcome.done.reason}`
}
