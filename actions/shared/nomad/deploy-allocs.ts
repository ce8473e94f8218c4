import type { Clock, Logger } from '../ports.js'
import { MAX_BLOCKING_WAIT_MS, type NomadClient } from './client.js'
import { describeAllocation } from './deploy-report.js'
import type { Allocation } from './types.js'

/** A job version's allocations judged without a deployment object (system jobs, no update). */
export type AllocationVerdict =
  | { readonly kind: 'wait'; readonly reason: string }
  | { readonly kind: 'success'; readonly reason: string }
  | { readonly kind: 'failure'; readonly reason: string; readonly failed: readonly Allocation[] }

/** Pure: every allocation of `version` that should run is running (and not unhealthy). */
export function judgeAllocations(
  allocations: readonly Allocation[],
  version: number
): AllocationVerdict {
  const current = allocations.filter(a => a.jobVersion === version && a.desiredStatus === 'run')
  const failed = current.filter(
    a => ['failed', 'lost'].includes(a.clientStatus) || a.healthy === false
  )
  if (failed.length > 0) {
    return {
      kind: 'failure',
      reason: `${failed.length} allocation(s) of job version ${version} failed`,
      failed
    }
  }
  const running = current.filter(a => a.clientStatus === 'running')
  if (current.length > 0 && running.length === current.length) {
    return {
      kind: 'success',
      reason: `all ${running.length} allocation(s) of job version ${version} are running`
    }
  }
  return {
    kind: 'wait',
    reason: `${running.length}/${current.length} allocation(s) of job version ${version} running`
  }
}

/** Watches the job's allocations (blocking queries) until the verdict is final or the deadline. */
export async function watchAllocations(
  client: NomadClient,
  jobId: string,
  version: number,
  ctx: { readonly clock: Clock; readonly logger: Logger; readonly deadline: number }
): Promise<{ readonly ok: boolean; readonly reason: string; readonly details: string[] }> {
  let index = 0
  let last = ''
  for (;;) {
    const remaining = ctx.deadline - ctx.clock.now()
    if (remaining <= 0)
      return { ok: false, reason: `Timed out: ${last || 'no allocations seen'}`, details: [] }
    const read = await client.readJobAllocations(
      jobId,
      index > 0 ? { index, waitMs: Math.min(MAX_BLOCKING_WAIT_MS, remaining) } : undefined
    )
    index = read.index
    const verdict = judgeAllocations(read.value, version)
    if (verdict.reason !== last) ctx.logger.info(`job ${jobId}: ${verdict.reason}`)
    last = verdict.reason
    if (verdict.kind === 'success') return { ok: true, reason: verdict.reason, details: [] }
    if (verdict.kind === 'failure') {
      return {
        ok: false,
        reason: verdict.reason,
        details: verdict.failed.flatMap(a => describeAllocation(a))
      }
    }
  }
}
