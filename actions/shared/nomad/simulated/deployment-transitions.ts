import { specChanged } from './canonicalize.js'
import {
  DESCRIPTIONS,
  isActive,
  isLive,
  touchAllocIndex,
  touchDeployment
} from './deployment-status.js'
import type { Engine } from './engine.js'
import { NomadError, formatMultierror } from './errors.js'
import { jobVersion, markVersionStable, upsertJobVersion } from './jobs.js'
import type { Deployment, DeploymentState } from './types.js'

const deadlineTimers = new WeakMap<Deployment, () => void>()

/** (Re)arms the progress-deadline timer at the earliest `RequireProgressBy`. */
export function armProgressDeadline(engine: Engine, d: Deployment): void {
  deadlineTimers.get(d)?.()
  deadlineTimers.delete(d)
  if (d.Status !== 'running') return
  const times = Object.values(d.TaskGroups)
    .map(s => (s.RequireProgressBy ? Date.parse(s.RequireProgressBy) : NaN))
    .filter(t => !Number.isNaN(t))
  if (times.length === 0) return
  const at = Math.min(...times)
  deadlineTimers.set(
    d,
    engine.after(Math.max(0, at - engine.nowMs()), () => checkProgress(engine, d))
  )
}

function checkProgress(engine: Engine, d: Deployment): void {
  deadlineTimers.delete(d)
  if (d.Status !== 'running') return
  const now = engine.nowMs()
  let fail = false
  let revert = false
  let later = false
  for (const s of Object.values(d.TaskGroups)) {
    if (!s.RequireProgressBy) continue
    if (Date.parse(s.RequireProgressBy) > now) {
      later = true
      continue
    }
    const canarying = s.DesiredCanaries > 0 && !s.Promoted
    const short = canarying ? s.HealthyAllocs < s.DesiredCanaries : s.HealthyAllocs < s.DesiredTotal
    if (short) {
      fail = true
      revert ||= s.AutoRevert
    }
  }
  if (fail) failDeployment(engine, d, DESCRIPTIONS.progressDeadline, revert)
  else if (later) armProgressDeadline(engine, d)
}

/**
 * Marks the deployment failed with Nomad's description and rollback suffix; when auto-reverting,
 * registers a copy of the last stable version as a NEW version. Returns the stable version copied.
 */
export function failDeployment(
  engine: Engine,
  d: Deployment,
  description: string,
  autoRevert: boolean
): number | null {
  const record = engine.store.job(d.Namespace, d.JobID)
  const failing = jobVersion(engine, d.Namespace, d.JobID, d.JobVersion) ?? record?.current
  let suffix = ''
  let revertTo: number | null = null
  if (autoRevert && record && failing) {
    const stable = record.versions.find(v => v.Stable && v.Version !== d.JobVersion)
    if (!stable) suffix = ' - no stable job version to auto revert to'
    else if (!specChanged(stable, failing)) {
      suffix = ` - not rolling back to stable job version ${stable.Version} as current job has same specification`
    } else {
      suffix = ` - rolling back to job version ${stable.Version}`
      revertTo = stable.Version
    }
  }
  d.Status = 'failed'
  d.StatusDescription = `${description}${suffix}`
  touchDeployment(engine, d)
  armProgressDeadline(engine, d)
  const stable = revertTo === null ? undefined : record?.versions.find(v => v.Version === revertTo)
  if (stable) {
    const reverted = upsertJobVersion(engine, stable)
    engine.createEval(reverted, 'deployment-watcher')
  } else if (record) {
    engine.createEval(record.current, 'deployment-watcher')
  }
  return revertTo
}

/** Ends an active deployment as `cancelled`. */
export function cancelDeployment(engine: Engine, d: Deployment, description: string): void {
  if (!isActive(d)) return
  d.Status = 'cancelled'
  d.StatusDescription = description
  touchDeployment(engine, d)
  armProgressDeadline(engine, d)
}

/** Completes the deployment and marks its job version stable in the same step. */
export function markSuccessful(engine: Engine, d: Deployment): void {
  d.Status = 'successful'
  d.StatusDescription = DESCRIPTIONS.successful
  touchDeployment(engine, d)
  armProgressDeadline(engine, d)
  markVersionStable(engine, d.Namespace, d.JobID, d.JobVersion)
}

function healthyCanaries(engine: Engine, s: DeploymentState): number {
  return (s.PlacedCanaries ?? [])
    .map(id => engine.store.allocs.get(id))
    .filter(a => a && isLive(a) && a.DeploymentStatus?.Healthy === true).length
}

/** Promotes canaries of all (or the named) groups; throws Nomad's 500 errors when not allowed. */
export function promoteDeployment(
  engine: Engine,
  d: Deployment,
  groups: readonly string[] | 'all'
): number {
  if (!isActive(d)) throw new NomadError(500, "can't promote terminal deployment")
  const targeted = Object.keys(d.TaskGroups).filter(g => groups === 'all' || groups.includes(g))
  const errors: string[] = []
  for (const name of targeted) {
    const s = d.TaskGroups[name]
    if (!s || s.DesiredCanaries === 0) continue
    const healthy = healthyCanaries(engine, s)
    if (healthy < s.DesiredCanaries) {
      errors.push(`Task group "${name}" has ${healthy}/${s.DesiredCanaries} healthy allocations`)
    }
  }
  if (errors.length > 0) throw new NomadError(500, formatMultierror(errors))
  for (const name of targeted) {
    const s = d.TaskGroups[name]
    if (!s) continue
    s.Promoted = true
    if (s.RequireProgressBy && s.ProgressDeadline > 0) {
      s.RequireProgressBy = engine.isoAt(engine.nowMs() + s.ProgressDeadline / 1e6)
    }
    for (const id of s.PlacedCanaries ?? []) {
      const alloc = engine.store.allocs.get(id)
      if (alloc?.DeploymentStatus) {
        alloc.DeploymentStatus.Canary = false
        touchAllocIndex(engine, alloc)
      }
    }
  }
  const stillNeeds = Object.values(d.TaskGroups).some(s => s.DesiredCanaries > 0 && !s.Promoted)
  if (!stillNeeds && d.Status === 'running') d.StatusDescription = DESCRIPTIONS.running
  const index = touchDeployment(engine, d)
  armProgressDeadline(engine, d)
  return index
}

/** Promotes all groups when every canary group has auto_promote and enough healthy canaries. */
export function maybeAutoPromote(engine: Engine, d: Deployment): void {
  if (d.Status !== 'running') return
  const canaryGroups = Object.values(d.TaskGroups).filter(s => s.DesiredCanaries > 0)
  if (!canaryGroups.some(s => !s.Promoted)) return
  const ready = canaryGroups.every(
    s =>
      s.AutoPromote &&
      (s.PlacedCanaries?.length ?? 0) >= s.DesiredCanaries &&
      healthyCanaries(engine, s) >= s.DesiredCanaries
  )
  if (ready) promoteDeployment(engine, d, 'all')
}
