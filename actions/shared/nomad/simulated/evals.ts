import type { Engine } from './engine.js'
import { stopAlloc } from './lifecycle.js'
import { scheduleJob } from './scheduler.js'
import { DESCRIPTIONS, isActive } from './deployment-status.js'
import { cancelDeployment } from './deployment-transitions.js'

function stopJobAllocs(engine: Engine, namespace: string, jobId: string): number {
  let stopped = 0
  for (const a of engine.store.jobAllocs(namespace, jobId)) {
    if (a.DesiredStatus !== 'run') continue
    stopAlloc(engine, a, 'alloc not needed due to job update')
    stopped += 1
  }
  for (const d of engine.store.jobDeployments(namespace, jobId)) {
    if (isActive(d)) cancelDeployment(engine, d, DESCRIPTIONS.stoppedJob)
  }
  return stopped
}

/** Processes one pending or blocked eval: the scheduler's work for its job. */
export function runEval(engine: Engine, evalId: string): void {
  const ev = engine.store.evals.get(evalId)
  if (!ev || (ev.Status !== 'pending' && ev.Status !== 'blocked')) return
  const record = engine.store.job(ev.Namespace, ev.JobID)
  if (!record || record.current.Stop) {
    const stopped = stopJobAllocs(engine, ev.Namespace, ev.JobID)
    engine.updateEval(ev, { Status: 'complete' })
    if (stopped > 0) engine.defer(() => retryBlockedEvals(engine))
    return
  }
  const job = record.current
  const result = scheduleJob(engine, job, ev.ID)
  const failedGroups = Object.keys(result.failed)
  if (failedGroups.length > 0) {
    if (ev.Status === 'blocked') {
      engine.updateEval(ev, { QueuedAllocations: result.queued, FailedTGAllocs: result.failed })
    } else {
      const existing = [...engine.store.evals.values()].find(
        e => e.Status === 'blocked' && e.JobID === job.ID && e.Namespace === job.Namespace
      )
      const blocked =
        existing ??
        engine.createEval(
          job,
          'queued-allocs',
          {
            Status: 'blocked',
            StatusDescription: 'created to place remaining allocations',
            PreviousEval: ev.ID
          },
          false
        )
      engine.updateEval(ev, {
        Status: 'complete',
        FailedTGAllocs: result.failed,
        BlockedEval: blocked.ID,
        QueuedAllocations: result.queued,
        DeploymentID: result.deploymentId
      })
    }
  } else {
    engine.updateEval(ev, {
      Status: 'complete',
      DeploymentID: result.deploymentId,
      QueuedAllocations: result.queued
    })
    for (const other of engine.store.evals.values()) {
      if (
        other.Status === 'blocked' &&
        other.JobID === job.ID &&
        other.Namespace === job.Namespace
      ) {
        engine.updateEval(other, {
          Status: 'canceled',
          StatusDescription: `evaluation "${ev.ID}" successful`
        })
      }
    }
  }
  if (result.stopped > 0) engine.defer(() => retryBlockedEvals(engine))
}

/** Re-runs blocked evals (capacity may have changed). */
export function retryBlockedEvals(engine: Engine): void {
  for (const ev of [...engine.store.evals.values()]) {
    if (ev.Status === 'blocked') runEval(engine, ev.ID)
  }
}

/**
 * Releases the evals held in the broker, as Nomad's eval broker hands them out: per job, the
 * oldest runs first (one eval of a job at a time); when it is acked, every other pending eval of
 * that job except the top of the pending heap (highest priority, then highest ModifyIndex) is
 * canceled, "canceled after more recent eval was processed", and the retained one runs
 * (nomad/eval_broker.go `Ack` → `PendingEvaluations.MarkForCancel`, `PendingEvaluations.Less`;
 * nomad/leader.go `cancelCancelableEvals`, v2.0.5).
 */
export function releaseHeldEvals(engine: Engine, retainedAfterMs = 0): void {
  const held = engine.held ?? []
  engine.held = undefined
  const byJob = new Map<string, string[]>()
  for (const id of held) {
    const ev = engine.store.evals.get(id)
    if (!ev) continue
    const key = `${ev.Namespace}/${ev.JobID}`
    byJob.set(key, [...(byJob.get(key) ?? []), id])
  }
  for (const ids of byJob.values()) {
    const [first, ...pending] = ids
    if (first === undefined) continue
    runEval(engine, first)
    const evals = pending.flatMap(id => engine.store.evals.get(id) ?? [])
    const top = evals.reduce<(typeof evals)[number] | undefined>(
      (a, e) =>
        !a ||
        e.Priority > a.Priority ||
        (e.Priority === a.Priority && e.ModifyIndex > a.ModifyIndex)
          ? e
          : a,
      undefined
    )
    for (const ev of evals) {
      if (ev === top || ev.Status !== 'pending') continue
      engine.updateEval(ev, {
        Status: 'canceled',
        StatusDescription: 'canceled after more recent eval was processed'
      })
    }
    if (top && retainedAfterMs > 0) engine.after(retainedAfterMs, () => runEval(engine, top.ID))
    else if (top) runEval(engine, top.ID)
  }
}
