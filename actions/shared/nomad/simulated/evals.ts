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
