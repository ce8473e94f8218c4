import { stableStringify } from './canonicalize.js'
import type { Engine } from './engine.js'
import { jobVersion } from './jobs.js'
import type { Allocation, Job, TaskGroup } from './types.js'
import { isLive } from './deployment-status.js'

/** Per-group counts in the shape of the plan's `DesiredTGUpdates`. */
export interface GroupUpdates {
  Ignore: number
  Place: number
  Migrate: number
  Stop: number
  InPlaceUpdate: number
  DestructiveUpdate: number
  Canary: number
  Preemptions: number
}

export function emptyUpdates(): GroupUpdates {
  return {
    Ignore: 0,
    Place: 0,
    Migrate: 0,
    Stop: 0,
    InPlaceUpdate: 0,
    DestructiveUpdate: 0,
    Canary: 0,
    Preemptions: 0
  }
}

/** A group's allocations sorted by what the scheduler must do with them. */
export interface GroupSnapshot {
  /** Live allocations already on this job version. */
  readonly current: Allocation[]
  /** Live allocations of an older version whose group spec is unchanged. */
  readonly inPlace: Allocation[]
  /** Live allocations of an older version that must be replaced. */
  readonly destructive: Allocation[]
  /** Failed (or reschedule-marked) allocations of this version still holding their slot. */
  readonly occupied: Allocation[]
  /** Failed allocations whose reschedule time has come: replace them. */
  readonly due: Allocation[]
}

/**
 * What forces a destructive update (Nomad's `tasksUpdated`): tasks, networks, disks and the
 * combined meta. Count, update, services, spreads, constraints and policies change in place.
 */
function groupFingerprint(job: Job, group: TaskGroup): string {
  const tasks = group.Tasks.map(t => ({ ...t, Services: null }))
  const { Networks, EphemeralDisk, Volumes, Meta } = group
  return stableStringify({ tasks, Networks, EphemeralDisk, Volumes, Meta, jobMeta: job.Meta })
}

function isRescheduling(a: Allocation): boolean {
  return (
    a.DesiredStatus === 'run' &&
    a.NextAllocation === '' &&
    (a.ClientStatus === 'failed' || a.DesiredTransition.Reschedule === true)
  )
}

/** Classifies one group's allocations against the job version being scheduled. */
export function snapshotGroup(engine: Engine, job: Job, group: TaskGroup): GroupSnapshot {
  const all = engine.store
    .jobAllocs(job.Namespace, job.ID)
    .filter(a => a.TaskGroup === group.Name)
    .sort((a, b) => a.CreateIndex - b.CreateIndex)
  const now = engine.nowMs()
  const fingerprint = groupFingerprint(job, group)
  const current: Allocation[] = []
  const inPlace: Allocation[] = []
  const destructive: Allocation[] = []
  const occupied: Allocation[] = []
  const due: Allocation[] = []
  for (const a of all) {
    if (isRescheduling(a)) {
      if (a.JobVersion !== job.Version) continue
      const at = engine.store.extra(a.ID).rescheduleAt
      if (at !== undefined && at <= now) due.push(a)
      else occupied.push(a)
      continue
    }
    if (!isLive(a)) continue
    if (a.JobVersion === job.Version) {
      current.push(a)
      continue
    }
    const ran = jobVersion(engine, a.Namespace, a.JobID, a.JobVersion)
    const ranGroup = ran?.TaskGroups.find(g => g.Name === group.Name)
    if (ran && ranGroup && groupFingerprint(ran, ranGroup) === fingerprint) inPlace.push(a)
    else destructive.push(a)
  }
  return { current, inPlace, destructive, occupied, due }
}

/** Whether a group has anything for the scheduler to do. */
export function groupHasWork(snapshot: GroupSnapshot, count: number): boolean {
  const present = snapshot.current.length + snapshot.occupied.length + snapshot.inPlace.length
  return (
    snapshot.destructive.length > 0 ||
    snapshot.inPlace.length > 0 ||
    snapshot.due.length > 0 ||
    present + snapshot.destructive.length !== count ||
    present < count
  )
}

/** Lowest unused allocation-name index of a group (`job.group[i]`). */
export function nextNameIndex(
  engine: Engine,
  job: Job,
  group: TaskGroup,
  taken: Set<number>
): number {
  for (const a of engine.store.jobAllocs(job.Namespace, job.ID)) {
    if (a.TaskGroup !== group.Name || !isLive(a)) continue
    const m = /\[(\d+)\]$/.exec(a.Name)
    if (m) taken.add(Number(m[1]))
  }
  let i = 0
  while (taken.has(i)) i += 1
  taken.add(i)
  return i
}
