import type { Engine } from './engine.js'
import { nomadErrors } from './errors.js'
import type { Deployment } from './types.js'
import { DESCRIPTIONS, isActive, touchDeployment } from './deployment-status.js'
import { armProgressDeadline, failDeployment, promoteDeployment } from './deployment-transitions.js'
import { reportHealth } from './watcher.js'

type Loose = Record<string, unknown>

function found(engine: Engine, id: string): Deployment {
  const d = engine.store.deployments.get(id)
  if (!d) throw nomadErrors.server('deployment not found')
  return d
}

function checkBody(id: string, body: Loose): void {
  const sent = body.DeploymentID
  if (typeof sent !== 'string' || sent === '')
    throw nomadErrors.badRequest('DeploymentID must be specified')
  if (sent !== id) throw nomadErrors.badRequest('Deployment ID does not match')
}

function watcherEval(engine: Engine, d: Deployment): Loose {
  const job = engine.store.job(d.Namespace, d.JobID)?.current
  const ev = job ? engine.createEval(job, 'deployment-watcher', { DeploymentID: d.ID }) : undefined
  return { EvalID: ev?.ID ?? '', EvalCreateIndex: ev?.CreateIndex ?? 0 }
}

/** `POST /v1/deployment/promote/:id` with `All` or `Groups`. */
export function promote(engine: Engine, id: string, body: Loose): Loose {
  checkBody(id, body)
  const d = found(engine, id)
  const groups =
    body.All === true ? 'all' : Array.isArray(body.Groups) ? body.Groups.map(String) : []
  const modifyIndex = promoteDeployment(engine, d, groups)
  const ev = watcherEval(engine, d)
  return {
    ...ev,
    DeploymentModifyIndex: modifyIndex,
    RevertedJobVersion: null,
    Index: ev.EvalCreateIndex
  }
}

/** `POST /v1/deployment/fail/:id` (no body needed); auto-reverts when any group has AutoRevert. */
export function fail(engine: Engine, id: string): Loose {
  const d = found(engine, id)
  if (!isActive(d)) throw nomadErrors.server("can't fail terminal deployment")
  const autoRevert = Object.values(d.TaskGroups).some(s => s.AutoRevert)
  const before = engine.store.index
  const reverted = failDeployment(engine, d, DESCRIPTIONS.failedByUser, autoRevert)
  const ev = [...engine.store.evals.values()].find(
    e => e.CreateIndex > before && e.JobID === d.JobID
  )
  return {
    EvalID: ev?.ID ?? '',
    EvalCreateIndex: ev?.CreateIndex ?? 0,
    DeploymentModifyIndex: d.ModifyIndex,
    RevertedJobVersion: reverted,
    Index: engine.store.index
  }
}

/** `POST /v1/deployment/pause/:id` with `Pause: true|false`. */
export function pause(engine: Engine, id: string, body: Loose): Loose {
  checkBody(id, body)
  const d = found(engine, id)
  const wantPause = body.Pause === true
  if (!isActive(d))
    throw nomadErrors.server(
      wantPause ? "can't pause terminal deployment" : "can't resume terminal deployment"
    )
  d.Status = wantPause ? 'paused' : 'running'
  d.StatusDescription = wantPause ? DESCRIPTIONS.paused : DESCRIPTIONS.running
  if (!wantPause) {
    for (const s of Object.values(d.TaskGroups)) {
      if (s.RequireProgressBy && s.ProgressDeadline > 0)
        s.RequireProgressBy = engine.isoAt(engine.nowMs() + s.ProgressDeadline / 1e6)
    }
  }
  const index = touchDeployment(engine, d)
  armProgressDeadline(engine, d)
  const ev = wantPause ? { EvalID: '', EvalCreateIndex: 0 } : watcherEval(engine, d)
  return {
    ...ev,
    DeploymentModifyIndex: index,
    RevertedJobVersion: null,
    Index: engine.store.index
  }
}

/** `POST /v1/deployment/allocation-health/:id` (manual health checks). */
export function allocationHealth(engine: Engine, id: string, body: Loose): Loose {
  checkBody(id, body)
  const d = found(engine, id)
  if (!isActive(d))
    throw nomadErrors.server("can't set health of allocations for a terminal deployment")
  const mark = (ids: unknown, healthy: boolean): void => {
    for (const allocId of Array.isArray(ids) ? ids.map(String) : []) {
      const alloc = engine.store.allocs.get(allocId)
      if (!alloc || alloc.DeploymentID !== id)
        throw nomadErrors.server(`Allocation "${allocId}" is not in the deployment`)
      reportHealth(engine, alloc, healthy)
    }
  }
  mark(body.HealthyAllocationIDs, true)
  mark(body.UnhealthyAllocationIDs, false)
  return {
    EvalID: '',
    EvalCreateIndex: 0,
    DeploymentModifyIndex: d.ModifyIndex,
    RevertedJobVersion: null,
    Index: engine.store.index
  }
}
