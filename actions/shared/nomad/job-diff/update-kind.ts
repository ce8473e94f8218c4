import type { FieldChange } from './field-diff.js'

/**
 * What Nomad will do about a field diff, group by group, following the scheduler's own rule for
 * "destructive vs in-place": hashicorp/nomad v2.0.5 scheduler/util.go `tasksUpdated` (and its
 * helpers `networkUpdated`, `consulUpdated`, `connectServiceUpdated`, `nonNetworkResourcesUpdated`,
 * `renderTemplatesUpdated`). A group whose tasks are "updated" gets new allocations (with canaries
 * first when its update block asks for them); any other change is applied to the running
 * allocations in place; a count change alone only adds or stops allocations. Pure.
 */

export type UpdateKind = 'create' | 'destroy' | 'destructive' | 'in-place' | 'count' | 'none'

export interface GroupUpdate {
  readonly group: string
  readonly kind: UpdateKind
  /** For destructive updates: the first field that forces it, in tasksUpdated's words. */
  readonly reason?: string
  /** The group's `update.canary` in the repo's job (0: rolling replacement). */
  readonly canaries: number
  /** `Count` before → after, when it changes. */
  readonly count?: { readonly before: number; readonly after: number }
}

/** Group-level fields tasksUpdated checks: a change replaces the allocations. */
const GROUP_DESTRUCTIVE: Readonly<Record<string, string>> = {
  EphemeralDisk: 'ephemeral disk',
  Networks: 'network',
  Consul: 'consul namespace/cluster',
  Volumes: 'volume request',
  Meta: 'task meta (group)'
}

/** Task-level fields tasksUpdated checks (each `difference(...)` of its loop over tasks). */
const TASK_DESTRUCTIVE: Readonly<Record<string, string>> = {
  Driver: 'task driver',
  User: 'task user',
  Config: 'task config',
  Env: 'task env',
  Artifacts: 'task artifacts',
  Vault: 'task vault',
  Consul: 'consul namespace/cluster',
  Templates: 'task templates',
  CSIPluginConfig: 'task csi config',
  VolumeMounts: 'task volume mount',
  Meta: 'task meta',
  Identity: 'task identity',
  Identities: 'task identity'
}

/** `nonNetworkResourcesUpdated` plus the task's `Resources.Networks` (`networkUpdated`). */
const RESOURCE_DESTRUCTIVE: Readonly<Record<string, string>> = {
  CPU: 'task cpu',
  Cores: 'task cores',
  MemoryMB: 'task memory',
  MemoryMaxMB: 'task memory max',
  Devices: 'task devices',
  NUMA: 'numa',
  SecretsMB: 'task secrets',
  Networks: 'network'
}

const nameOf = (segment: string | undefined, label: string): string | undefined =>
  segment?.startsWith(`${label} `) ? segment.slice(label.length + 1) : undefined

/** Why this change (under one group) forces new allocations, or undefined for an in-place change. */
export function destructiveReason(rest: readonly string[]): string | undefined {
  const [first, second, third, fourth] = rest
  if (first === 'Tasks') {
    if (third === undefined) return 'number of tasks'
    const field = third
    if (field === 'Resources' && fourth !== undefined) return RESOURCE_DESTRUCTIVE[fourth]
    if (field === 'LogConfig' && fourth === 'Disabled') return 'task log disabled'
    if (field === 'RestartPolicy' && fourth === 'RenderTemplates')
      return 'task restart render_templates'
    return TASK_DESTRUCTIVE[field]
  }
  if (first === 'RestartPolicy' && second === 'RenderTemplates')
    return 'group restart render_templates'
  // Connect sidecars are derived from the service: connectServiceUpdated.
  if (first === 'Services' && third === 'Connect') return 'connect service'
  return first === undefined ? undefined : GROUP_DESTRUCTIVE[first]
}

const numberOr = (v: unknown, fallback: number): number => (typeof v === 'number' ? v : fallback)

/**
 * One verdict per group of either job. `running`/`proposed` are the jobs' TaskGroups (for canary
 * and count values); `changes` comes from diffJobFields.
 */
export function classifyUpdates(
  changes: readonly FieldChange[],
  proposedGroups: readonly Readonly<Record<string, unknown>>[],
  runningGroups: readonly Readonly<Record<string, unknown>>[]
): GroupUpdate[] {
  const names = [
    ...new Set([
      ...runningGroups.map(g => String(g['Name'])),
      ...proposedGroups.map(g => String(g['Name']))
    ])
  ]
  // Job-level Meta is part of every task's CombinedTaskMeta, which tasksUpdated compares.
  const jobMeta = changes.some(c => c.path[0] === 'Meta')
  const jobOther = changes.some(c => c.path[0] !== 'Meta' && c.path[0] !== 'TaskGroups')
  return names.map(group => {
    const proposed = proposedGroups.find(g => g['Name'] === group)
    const running = runningGroups.find(g => g['Name'] === group)
    const update = proposed?.['Update']
    const canaries =
      typeof update === 'object' && update !== null
        ? numberOr((update as Record<string, unknown>)['Canary'], 0)
        : 0
    if (!running) return { group, kind: 'create', canaries }
    if (!proposed) return { group, kind: 'destroy', canaries }
    const mine = changes.flatMap(c =>
      c.path[0] === 'TaskGroups' && nameOf(c.path[1], 'group') === group
        ? [
            c.path
              .slice(2)
              .map(s => s.replace(/^(task|service|check|template|artifact|mount) /, ''))
          ]
        : []
    )
    // Paths under a task keep the task's name as their second segment: `Tasks`, `<name>`, field…
    const reasons = mine.flatMap(rest => destructiveReason(rest) ?? [])
    const before = numberOr(running['Count'], 1)
    const after = numberOr(proposed['Count'], 1)
    const count = before !== after ? { before, after } : undefined
    const base = { group, canaries, ...(count ? { count } : {}) }
    if (jobMeta || reasons.length > 0)
      return { ...base, kind: 'destructive', reason: reasons[0] ?? 'task meta (job)' }
    const others = mine.filter(rest => rest[0] !== 'Count')
    if (others.length > 0 || jobOther) return { ...base, kind: 'in-place' }
    return { ...base, kind: count ? 'count' : 'none' }
  })
}

/** A sentence per group: what Nomad will do. */
export function describeUpdate(u: GroupUpdate): string {
  const count = u.count ? `; count ${u.count.before} → ${u.count.after}` : ''
  switch (u.kind) {
    case 'create':
      return `group ${u.group}: new group, allocations will be created`
    case 'destroy':
      return `group ${u.group}: removed from the job, its allocations will be stopped`
    case 'destructive':
      return u.canaries > 0
        ? `group ${u.group}: destructive update (${u.reason}): ${u.canaries} canar${u.canaries === 1 ? 'y' : 'ies'} first, old allocations replaced after promotion${count}`
        : `group ${u.group}: destructive update (${u.reason}): allocations replaced one batch at a time${count}`
    case 'in-place':
      return `group ${u.group}: in-place update, running allocations keep running${count}`
    case 'count':
      return `group ${u.group}: count ${u.count?.before} → ${u.count?.after}, no other change`
    case 'none':
      return `group ${u.group}: no change`
  }
}
