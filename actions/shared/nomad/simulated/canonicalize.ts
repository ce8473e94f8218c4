import type { Job, ReschedulePolicy, Task, TaskGroup, UpdateStrategy } from './types.js'

/** `DefaultUpdateStrategy` of api/jobs.go (durations in ns). */
export const DEFAULT_UPDATE: Readonly<UpdateStrategy> = {
  Stagger: 30e9,
  MaxParallel: 1,
  HealthCheck: 'checks',
  MinHealthyTime: 10e9,
  HealthyDeadline: 300e9,
  ProgressDeadline: 600e9,
  Canary: 0,
  AutoRevert: false,
  AutoPromote: false
}

const SERVICE_RESCHEDULE: Readonly<ReschedulePolicy> = {
  Attempts: 0,
  Interval: 0,
  Delay: 30e9,
  DelayFunction: 'exponential',
  MaxDelay: 3600e9,
  Unlimited: true
}

const BATCH_RESCHEDULE: Readonly<ReschedulePolicy> = {
  Attempts: 1,
  Interval: 86400e9,
  Delay: 5e9,
  DelayFunction: 'constant',
  MaxDelay: 0,
  Unlimited: false
}

type Loose = Record<string, unknown>

function merge<T extends object>(base: Readonly<T>, ...overrides: (Loose | null | undefined)[]): T {
  const out: Loose = { ...base }
  for (const o of overrides) {
    for (const [k, v] of Object.entries(o ?? {})) if (v !== null && v !== undefined) out[k] = v
  }
  return out as T
}

function canonicalizeTask(task: Loose): Task {
  return {
    ...task,
    Name: String(task.Name ?? ''),
    Driver: String(task.Driver ?? ''),
    Config: (task.Config as Loose | undefined) ?? null,
    Env: (task.Env as Record<string, string> | undefined) ?? null,
    Resources: merge({ CPU: 100, MemoryMB: 300 }, task.Resources as Loose | undefined),
    Services: (task.Services as Task['Services'] | undefined) ?? null,
    Lifecycle: (task.Lifecycle as unknown) ?? null
  }
}

function canonicalizeGroup(group: Loose, job: Loose, type: string): TaskGroup {
  const jobUpdate = job.Update as Loose | null | undefined
  const groupUpdate = group.Update as Loose | null | undefined
  const hasUpdate = type === 'service' || type === 'system'
  const reschedule = type === 'service' ? SERVICE_RESCHEDULE : BATCH_RESCHEDULE
  return {
    ...group,
    Name: String(group.Name ?? ''),
    Count: type === 'system' ? 1 : typeof group.Count === 'number' ? group.Count : 1,
    // api/tasks.go `TaskGroup.Canonicalize`: the job's update merged under the group's; a system
    // job without any update block has none (api/jobs.go gives only service jobs the default).
    Update:
      hasUpdate && (type === 'service' || jobUpdate || groupUpdate)
        ? merge(DEFAULT_UPDATE, jobUpdate, groupUpdate)
        : null,
    ReschedulePolicy:
      type === 'system' ? null : merge(reschedule, group.ReschedulePolicy as Loose | undefined),
    Services: (group.Services as TaskGroup['Services'] | undefined) ?? null,
    Constraints: (group.Constraints as unknown) ?? null,
    Affinities: (group.Affinities as unknown) ?? null,
    Meta: (group.Meta as unknown) ?? null,
    // api/tasks.go defaults: service restart {2, 30m, 15s, fail}; ephemeral disk 300 MB.
    RestartPolicy: merge(
      type === 'service' || type === 'system'
        ? { Attempts: 2, Interval: 1_800e9, Delay: 15e9, Mode: 'fail', RenderTemplates: false }
        : { Attempts: 3, Interval: 86_400e9, Delay: 15e9, Mode: 'fail', RenderTemplates: false },
      group.RestartPolicy as Loose | undefined
    ),
    EphemeralDisk: merge(
      { Sticky: false, SizeMB: 300, Migrate: false },
      group.EphemeralDisk as Loose | undefined
    ),
    Tasks: ((group.Tasks as Loose[] | undefined) ?? []).map(canonicalizeTask)
  }
}

/** Fills Nomad's defaults the way `Job.Canonicalize` does on register (job update merged into groups). */
export function canonicalizeJob(input: Loose): Job {
  const type = typeof input.Type === 'string' && input.Type !== '' ? input.Type : 'service'
  const id = String(input.ID ?? '')
  const jobUpdate = input.Update as Loose | null | undefined
  return {
    ...input,
    ID: id,
    Name: typeof input.Name === 'string' && input.Name !== '' ? input.Name : id,
    Namespace:
      typeof input.Namespace === 'string' && input.Namespace !== '' ? input.Namespace : 'default',
    Region: typeof input.Region === 'string' && input.Region !== '' ? input.Region : 'global',
    Type: type,
    Priority: typeof input.Priority === 'number' ? input.Priority : 50,
    Datacenters: (input.Datacenters as string[] | undefined) ?? ['*'],
    Meta: (input.Meta as Record<string, string> | undefined) ?? null,
    // api/jobs.go `Job.Canonicalize`: `if j.Update != nil { … } else if service { Default… }`. A
    // system job's rolling limit comes from this job-level block only (scheduler_system.go).
    Update: jobUpdate
      ? merge(DEFAULT_UPDATE, jobUpdate)
      : type === 'service'
        ? { ...DEFAULT_UPDATE }
        : null,
    TaskGroups: ((input.TaskGroups as Loose[] | undefined) ?? []).map(g =>
      canonicalizeGroup(g, input, type)
    ),
    // Fields `GET /v1/job/:id` carries that our jobs leave at Go's zero values (api-docs jobs.mdx
    // "Read Job" sample, v1.10.5).
    ParentID: (input.ParentID as string | undefined) ?? '',
    AllAtOnce: input.AllAtOnce === true,
    NodePool: (input.NodePool as string | undefined) ?? 'default',
    Constraints: (input.Constraints as unknown) ?? null,
    Periodic: (input.Periodic as unknown) ?? null,
    ParameterizedJob: (input.ParameterizedJob as unknown) ?? null,
    Payload: (input.Payload as unknown) ?? null,
    StatusDescription: '',
    Stop: input.Stop === true,
    Status: 'pending',
    Stable: false,
    Version: 0,
    SubmitTime: 0,
    CreateIndex: 0,
    ModifyIndex: 0,
    JobModifyIndex: 0
  }
}

const VOLATILE = [
  'Status',
  'StatusDescription',
  'Stable',
  'Version',
  'SubmitTime',
  'CreateIndex',
  'ModifyIndex',
  'JobModifyIndex'
  // Not VersionTag: `Job.SpecChanged` copies only Status, StatusDescription, Stable, Version,
  // the indexes and SubmitTime before `reflect.DeepEqual` (nomad/structs/structs.go, v2.0.5), so
  // registering a tagged version's spec again (without the tag) writes a new version.
]

/** The job without server-managed fields: two jobs with equal specs are "unchanged". */
export function jobSpec(job: Job): Loose {
  return Object.fromEntries(Object.entries(job).filter(([k]) => !VOLATILE.includes(k)))
}

/** Whether two jobs differ in anything the user wrote (Nomad's `SpecChanged`). */
export function specChanged(a: Job, b: Job): boolean {
  return stableStringify(jobSpec(a)) !== stableStringify(jobSpec(b))
}

/** JSON with sorted object keys, for structural comparison. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Loose).sort(([a], [b]) => a.localeCompare(b)))
      : v
  )
}
