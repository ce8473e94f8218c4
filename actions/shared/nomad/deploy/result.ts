import type { Clock, Logger } from '../../ports.js'
import { followRollback } from './rollback.js'
import type { NomadClient } from '../client/client.js'
import { describeAllocation } from './report.js'
import type { DeployResult, DeployStatus } from './types.js'
import type { WatchOutcome } from './watch.js'

/** What is known so far about a deploy; every result is built from it. */
export interface DeployProgress {
  jobId: string
  jobVersion: number | undefined
  /** The plan's JobModifyIndex, once planned: registers after it are ours. */
  planIndex: number | undefined
  deploymentId: string | undefined
  promoted: boolean
  diff: DeployResult['diff']
  diffText: DeployResult['diffText']
}

export function emptyProgress(): DeployProgress {
  return {
    jobId: '',
    jobVersion: undefined,
    planIndex: undefined,
    deploymentId: undefined,
    promoted: false,
    diff: [],
    diffText: []
  }
}

/** A result from the progress so far. */
export function resultOf(
  p: DeployProgress,
  status: DeployStatus,
  reason: string,
  extra: {
    revertedTo?: number | undefined
    details?: readonly string[]
    statusDescription?: string | undefined
  } = {}
): DeployResult {
  return {
    status,
    jobId: p.jobId,
    jobVersion: p.jobVersion,
    deploymentId: p.deploymentId,
    promoted: p.promoted,
    revertedTo: extra.revertedTo,
    ...(extra.statusDescription ? { statusDescription: extra.statusDescription } : {}),
    reason,
    diff: p.diff,
    diffText: p.diffText,
    details: extra.details ?? []
  }
}

/** Turns a finished watch into the result: Nomad's words, the failed allocations, the revert. */
export async function resultOfWatch(
  p: DeployProgress,
  outcome: WatchOutcome,
  client: NomadClient,
  ctx: { readonly clock: Clock; readonly logger: Logger; readonly deadline: number }
): Promise<DeployResult> {
  const { logger } = ctx
  p.promoted = p.promoted || outcome.promoted
  const { done } = outcome
  if (done.outcome === 'success') return resultOf(p, 'success', done.reason)
  const rollback = done.rollback
  const revertedTo = rollback.kind === 'reverting' ? rollback.toVersion : outcome.revertedByFail
  const details = done.failedAllocations.flatMap(a => describeAllocation(a))
  let rollbackVersion: number | undefined
  if (revertedTo !== undefined) {
    rollbackVersion = (await client.readJob(p.jobId))?.version
    details.push(
      `Nomad rolled back: it registered job version ${rollbackVersion ?? '?'} as a copy of stable version ${revertedTo}.`
    )
  } else if (rollback.kind === 'same-spec') {
    details.push(
      `Nomad did not roll back: stable version ${rollback.stableVersion} has the same specification.`
    )
  } else if (rollback.kind === 'no-stable-version') {
    details.push('Nomad did not roll back: there is no stable job version to revert to.')
  } else {
    details.push('Nomad did not roll back.')
  }
  for (const line of details) logger.error(line)
  if (rollbackVersion !== undefined) {
    const line = await followRollback(client, p.jobId, rollbackVersion, ctx)
    logger.info(line)
    details.push(line)
  }
  const reason = outcome.timedOut
    ? `Timed out (${outcome.timedOut}); the deployment was failed: ${done.reason}`
    : `Deployment ${outcome.deployment.status}: ${done.reason}`
  return resultOf(p, 'failure', reason, {
    revertedTo,
    details,
    statusDescription: outcome.deployment.statusDescription
  })
}

/**
 * The app version a job version runs: its `meta.version` (our job files set it from the `version`
 * variable), read from `GET /v1/job/:id/versions` (command/agent/job_endpoint.go `jobVersions` →
 * nomad/job_endpoint.go `GetJobVersions`: every kept version, newest first). Undefined when Nomad
 * no longer keeps that version or it has no such meta.
 */
export async function appVersionOf(
  client: NomadClient,
  jobId: string,
  version: number
): Promise<string | undefined> {
  const versions = await client.readJobVersions(jobId)
  return versions.find(v => v.version === version)?.meta?.['version'] || undefined
}
