import type { Engine } from './engine.js'
import { desiredCount } from './placement.js'
import type { Deployment, DeploymentState, Job } from './types.js'
import { DESCRIPTIONS, isLive } from './deployment-status.js'

/** Creates a `running` deployment for the job version (`NewDeployment` + the initial description). */
export function createDeployment(
  engine: Engine,
  job: Job,
  canaries: ReadonlyMap<string, number>
): Deployment {
  const index = engine.store.write('deployment')
  const now = engine.nowNs()
  const groups: Record<string, DeploymentState> = {}
  for (const g of job.TaskGroups) {
    const u = g.Update
    if (!u || u.MaxParallel === 0) continue
    groups[g.Name] = {
      AutoRevert: u.AutoRevert,
      AutoPromote: u.AutoPromote,
      ProgressDeadline: u.ProgressDeadline,
      RequireProgressBy: null,
      Promoted: false,
      PlacedCanaries: null,
      DesiredCanaries: canaries.get(g.Name) ?? 0,
      DesiredTotal: desiredCount(engine, job, g),
      PlacedAllocs: 0,
      HealthyAllocs: 0,
      UnhealthyAllocs: 0
    }
  }
  const canaryGroups = Object.values(groups).filter(s => s.DesiredCanaries > 0)
  const description =
    canaryGroups.length === 0
      ? DESCRIPTIONS.running
      : canaryGroups.every(s => s.AutoPromote)
        ? DESCRIPTIONS.autoPromotion
        : DESCRIPTIONS.needsPromotion
  const deployment: Deployment = {
    ID: engine.newId(),
    Namespace: job.Namespace,
    JobID: job.ID,
    JobVersion: job.Version,
    JobModifyIndex: job.ModifyIndex,
    JobSpecModifyIndex: job.JobModifyIndex,
    JobCreateIndex: job.CreateIndex,
    IsMultiregion: false,
    TaskGroups: groups,
    Status: 'running',
    StatusDescription: description,
    EvalPriority: job.Priority,
    CreateIndex: index,
    ModifyIndex: index,
    CreateTime: now,
    ModifyTime: now
  }
  engine.store.deployments.set(deployment.ID, deployment)
  return deployment
}

/** Whether every group of the deployment is promoted, fully placed on this version and healthy. */
export function isDeploymentComplete(engine: Engine, d: Deployment, job: Job): boolean {
  for (const [name, s] of Object.entries(d.TaskGroups)) {
    if (s.DesiredCanaries > 0 && !s.Promoted) return false
    const group = job.TaskGroups.find(g => g.Name === name)
    if (!group) continue
    const allocs = engine.store
      .jobAllocs(job.Namespace, job.ID)
      .filter(a => a.TaskGroup === name && isLive(a))
    const current = allocs.filter(a => a.JobVersion === job.Version)
    if (allocs.length !== current.length || current.length !== desiredCount(engine, job, group))
      return false
    if (current.some(a => a.DeploymentStatus?.Healthy !== true)) return false
    if (s.HealthyAllocs < Math.max(s.DesiredTotal, s.DesiredCanaries)) return false
  }
  return true
}
