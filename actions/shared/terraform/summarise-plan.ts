import type { Change, Plan, ResourceChange } from './plan-types.js'
import { outputAction, type OutputAction } from './output-action.js'
import { renderValue } from './render-value.js'

/** What Terraform's CLI calls a resource's action, from the JSON `actions` list. */
export type ResourceAction =
  | 'no-op'
  | 'create'
  | 'read'
  | 'update'
  | 'delete'
  | 'replace-destroy-first'
  | 'replace-create-first'
  | 'forget'
  | 'create-then-forget'

export interface ResourceEntry {
  readonly address: string
  readonly action: ResourceAction
  readonly previousAddress?: string
  readonly importing: boolean
  /** Terraform's `action_reason` code, e.g. replace_because_tainted. */
  readonly reason?: string
}

/** An output change with its values already rendered: sensitive parts read `(sensitive)`. */
export interface OutputEntry {
  readonly name: string
  readonly action: OutputAction
  readonly before?: string
  readonly after?: string
}

/** The plan in numbers and lists; counts follow the CLI's `Plan:` line exactly. */
export interface PlanSummary {
  readonly add: number
  readonly change: number
  readonly destroy: number
  readonly replace: number
  readonly import: number
  readonly move: number
  readonly forget: number
  /** Data sources read during apply (shown by the CLI, never in its `Plan:` line). */
  readonly read: number
  readonly drift: number
  readonly outputs: number
  readonly hasChanges: boolean
  readonly errored: boolean
  /** Every resource the CLI would show, in plan order. */
  readonly resources: readonly ResourceEntry[]
  /**
   * Resources changed outside Terraform (`resource_drift`): what the CLI lists under "Objects have
   * changed outside of Terraform", moves seen by a refresh-only plan included. (In a normal plan
   * the CLI shows only drift that `relevant_attributes` names; this lists all of it.)
   */
  readonly drifted: readonly ResourceEntry[]
  readonly outputChanges: readonly OutputEntry[]
}

/** Maps a JSON actions list to one action, the way the CLI's UnmarshalActions does. */
export function resourceAction(actions: readonly string[]): ResourceAction {
  const key = actions.join(',')
  switch (key) {
    case 'delete,create':
      return 'replace-destroy-first'
    case 'create,delete':
      return 'replace-create-first'
    case 'create,forget':
      return 'create-then-forget'
    case 'no-op':
    case 'create':
    case 'read':
    case 'update':
    case 'delete':
    case 'forget':
      return key
    default:
      throw new Error(`unexpected Terraform actions list [${actions.join(', ')}]`)
  }
}

function entryOf(rc: ResourceChange): ResourceEntry {
  return {
    address: rc.deposed ? `${rc.address} (deposed object ${rc.deposed})` : rc.address,
    action: resourceAction(rc.change.actions),
    // Written only for a moved object (internal/command/jsonplan/plan.go `MarshalResourceChanges`).
    previousAddress: rc.previousAddress,
    importing: rc.change.importing,
    reason: rc.actionReason
  }
}

/** The resources the CLI shows: no-ops only when moved or imported; no deleted data sources. */
function shownResources(plan: Plan): ResourceEntry[] {
  return plan.resourceChanges
    .map(rc => ({ rc, entry: entryOf(rc) }))
    .filter(({ rc, entry }) => {
      if (entry.action === 'no-op') return entry.previousAddress !== undefined || entry.importing
      return !(entry.action === 'delete' && rc.mode !== 'managed')
    })
    .map(({ entry }) => entry)
}

function outputEntry(name: string, c: Change): OutputEntry {
  const action = outputAction(c)
  return {
    name,
    action,
    ...(action === 'create' ? {} : { before: renderValue(c.before, null, c.beforeSensitive, 120) }),
    ...(action === 'delete'
      ? {}
      : { after: renderValue(c.after, c.afterUnknown, c.afterSensitive, 120) })
  }
}

/** Summarises a parsed plan: the CLI's counts plus what a reviewer needs to see. */
export function summarisePlan(plan: Plan): PlanSummary {
  const resources = shownResources(plan)
  const count = (...actions: ResourceAction[]): number =>
    resources.filter(r => actions.includes(r.action)).length
  const replace = count('replace-destroy-first', 'replace-create-first')
  const outputChanges = [...plan.outputChanges]
    .map(([name, change]) => outputEntry(name, change))
    .filter(o => o.action !== 'no-op')
  // Already in name order, as the CLI shows them (jsonformat/plan.go `renderHumanDiffOutputs`:
  // sort.Strings): `output_changes` is a Go map, which encoding/json writes with sorted keys.
  // Every `resource_drift` entry is one the CLI lists as changed outside: a no-op one is a move
  // seen by a refresh-only plan (core writes no-op drift only for a moved object:
  // internal/terraform/context_plan.go `driftedResources`; a normal plan's JSON drops those,
  // internal/command/jsonplan/plan.go `Marshal`), which it shows as "has moved to".
  const drifted = plan.resourceDrift.map(entryOf)
  return {
    // Create-then-forget is planned only by Terraform >= 1.16, whose `Plan:` line counts it in add
    // (internal/command/jsonformat/plan.go `renderHuman`, since 23e6f82 "New Resource Lifecycle
    // option: destroy = false"; e2etest/forget_test.go `TestForget`: "1 added" after a taint).
    add: count('create', 'create-then-forget') + replace,
    change: count('update'),
    destroy: count('delete') + replace,
    replace,
    import: resources.filter(r => r.importing).length,
    move: resources.filter(r => r.previousAddress !== undefined).length,
    forget: count('forget', 'create-then-forget'),
    read: count('read'),
    drift: drifted.length,
    outputs: outputChanges.length,
    hasChanges: resources.length > 0 || outputChanges.length > 0 || plan.actionInvocations > 0,
    errored: plan.errored,
    resources,
    drifted,
    outputChanges
  }
}
