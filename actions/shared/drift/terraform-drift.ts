import type { DriftItem, LayerResult } from './report.js'

/**
 * Terraform's part of the drift report, from `terraform plan -detailed-exitcode` and the saved
 * plan's JSON (`terraform show -json`). The exit code only says "the plan is not empty" (2 for any
 * change, a `moved`-only refactor and a new output included), so the JSON decides:
 *
 * - `drift`: a `resource_drift` entry (an object changed outside Terraform) that is relevant: the
 *   same address has a planned change, `relevant_attributes` names it, or the configuration sets
 *   one of the drifted attributes. Terraform itself shows only relevant drift in a normal plan
 *   (hashicorp/terraform internal/command/jsonplan/plan.go `Marshal`: in a normal plan, only
 *   non-no-op `DriftedResources`; `marshalRelevantAttrs` writes `relevant_attributes`).
 * - `pending-apply`: planned changes without drift: the repository is ahead of the infrastructure
 *   (a merged change whose apply failed or has not run yet). Not drift; named.
 * - `in-sync`: nothing planned, or only `moved`/import no-ops and output changes (with a note).
 *
 * `plan -refresh-only -detailed-exitcode` is no substitute: it returns 2 on a clean state with some
 * providers (hashicorp/terraform#36403).
 */

export type ExitMeaning = 'no-changes' | 'changes' | 'error'

/** Maps the exit code of `plan -detailed-exitcode` (0 no changes, 1 error, 2 changes). */
export function meaningOfExitCode(code: number): ExitMeaning {
  if (code === 0) return 'no-changes'
  if (code === 2) return 'changes'
  return 'error'
}

export interface PlanDrift {
  /** Resources the plan would change (create, update, replace, delete). */
  readonly changes: readonly DriftItem[]
  /** Objects changed outside Terraform that matter to this configuration. */
  readonly outside: readonly DriftItem[]
  /** Objects changed outside Terraform that no planned change and no configured attribute touches. */
  readonly irrelevantOutside: readonly DriftItem[]
  /** Plan entries that change nothing real: moves, imports, outputs. */
  readonly notes: readonly string[]
}

type Json = Record<string, unknown>
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const records = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isRecord) : [])

function describeActions(actions: readonly unknown[]): string {
  const words = actions.filter((a): a is string => typeof a === 'string')
  if (words.includes('delete') && words.includes('create')) return 'replace'
  return words.join('+') || 'unknown action'
}

const actionsOf = (entry: Json): string => {
  const change = isRecord(entry['change']) ? entry['change'] : {}
  return describeActions(Array.isArray(change['actions']) ? change['actions'] : [])
}

const addressOf = (entry: Json): string =>
  typeof entry['address'] === 'string' ? entry['address'] : '(unnamed resource)'

/** Top-level attribute names whose values differ; values themselves are never shown (secrets). */
export function changedAttributes(change: Json): string[] {
  const before = isRecord(change['before']) ? change['before'] : {}
  const after = isRecord(change['after']) ? change['after'] : {}
  const unknown = isRecord(change['after_unknown']) ? change['after_unknown'] : {}
  const keys = new Set([...Object.keys(before), ...Object.keys(after)])
  return [...keys]
    .filter(k => unknown[k] === true || JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .sort()
}

function resourceItem(entry: Json, verb: (action: string) => string): DriftItem | undefined {
  const change = isRecord(entry['change']) ? entry['change'] : {}
  const action = actionsOf(entry)
  if (action === 'no-op' || action === 'read') return undefined
  const attrs = action === 'update' ? changedAttributes(change) : []
  const detail = verb(action) + (attrs.length > 0 ? `: ${attrs.join(', ')}` : '')
  return { subject: addressOf(entry), detail }
}

/**
 * The top-level attributes the configuration sets on each resource (`configuration` →
 * `root_module` → `resources[].expressions` keys, through `module_calls`), by address without
 * instance keys (`module.a.aws_x.y`).
 */
export function configuredAttributes(plan: Json): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>()
  const walk = (module: unknown, prefix: string): void => {
    if (!isRecord(module)) return
    for (const r of records(module['resources'])) {
      const address = typeof r['address'] === 'string' ? r['address'] : ''
      const expressions = isRecord(r['expressions']) ? Object.keys(r['expressions']) : []
      out.set(prefix + address, new Set(expressions))
    }
    const calls = isRecord(module['module_calls']) ? module['module_calls'] : {}
    for (const [name, call] of Object.entries(calls)) {
      if (isRecord(call)) walk(call['module'], `${prefix}module.${name}.`)
    }
  }
  const config = isRecord(plan['configuration']) ? plan['configuration'] : {}
  walk(config['root_module'], '')
  return out
}

/** `module.a["x"].aws_y.z[0]` → `module.a.aws_y.z`: the configuration's address of an instance. */
export function withoutInstanceKeys(address: string): string {
  return address.replace(/\[[^\]]*\]/g, '')
}

function isRelevantDrift(
  entry: Json,
  planned: ReadonlySet<string>,
  relevant: ReadonlySet<string>,
  configured: Map<string, Set<string>>
): boolean {
  const address = addressOf(entry)
  if (planned.has(address) || relevant.has(address)) return true
  const change = isRecord(entry['change']) ? entry['change'] : {}
  const set = configured.get(withoutInstanceKeys(address))
  return set !== undefined && changedAttributes(change).some(a => set.has(a))
}

/** Reads the plan JSON into planned changes, relevant and irrelevant drift, and notes; throws on a shape it cannot read. */
export function readPlanDrift(plan: unknown): PlanDrift {
  if (!isRecord(plan)) throw new Error('terraform show -json did not print a JSON object')
  const version = String(plan['format_version'] ?? '')
  if (!/^[01]\./.test(version)) {
    throw new Error(`unsupported plan format_version '${version}' (expected 0.x or 1.x)`)
  }
  const resourceChanges = records(plan['resource_changes'])
  const changes = resourceChanges.flatMap(e => resourceItem(e, a => a) ?? [])
  const planned = new Set(changes.map(c => c.subject))
  const relevant = new Set(
    records(plan['relevant_attributes']).flatMap(r =>
      typeof r['resource'] === 'string' ? [r['resource']] : []
    )
  )
  const configured = configuredAttributes(plan)
  const outside: DriftItem[] = []
  const irrelevantOutside: DriftItem[] = []
  for (const entry of records(plan['resource_drift'])) {
    const item = resourceItem(entry, a => `changed outside Terraform (${a})`)
    if (item === undefined) continue
    if (isRelevantDrift(entry, planned, relevant, configured)) outside.push(item)
    else irrelevantOutside.push(item)
  }
  const notes: string[] = []
  for (const entry of resourceChanges) {
    if (actionsOf(entry) !== 'no-op') continue
    const previous = entry['previous_address']
    if (typeof previous === 'string' && previous !== addressOf(entry)) {
      notes.push(`${previous} moved to ${addressOf(entry)} (no change to the object)`)
    }
    const change = isRecord(entry['change']) ? entry['change'] : {}
    if (isRecord(change['importing'])) notes.push(`${addressOf(entry)} will be imported`)
  }
  const outputs = isRecord(plan['output_changes']) ? plan['output_changes'] : {}
  for (const [name, change] of Object.entries(outputs)) {
    const actions = isRecord(change) && Array.isArray(change['actions']) ? change['actions'] : []
    const action = describeActions(actions)
    if (action !== 'no-op')
      notes.push(`output.${name}: ${action} (outputs change no infrastructure)`)
  }
  return { changes, outside, irrelevantOutside, notes }
}

export interface TerraformOutcome {
  /** Exit code of `terraform plan -detailed-exitcode`. */
  readonly exitCode: number
  /** `terraform show -json` of the saved plan, when the plan succeeded. */
  readonly planJson?: unknown
  /** What went wrong when the exit code is neither 0 nor 2 (which step, and the last lines of stderr). */
  readonly error?: string
  /** Where the pending changes come from, e.g. `commit 1a2b3c4 "firewall: …" (#12)`, when known. */
  readonly introducedBy?: string
}

const MAX_NOTES = 5

function withNotes(summary: string, drift: PlanDrift): string {
  const notes = [...drift.notes]
  if (drift.irrelevantOutside.length > 0) {
    notes.push(
      `${drift.irrelevantOutside.length} changed outside Terraform, none relevant to the config`
    )
  }
  if (notes.length === 0) return summary
  const shown = notes.slice(0, MAX_NOTES).join('; ')
  const more = notes.length > MAX_NOTES ? `; +${notes.length - MAX_NOTES} more` : ''
  return `${summary} (${shown}${more})`
}

/** The Terraform layer result from a plan's exit code and JSON. */
export function terraformLayer(outcome: TerraformOutcome): LayerResult {
  const meaning = meaningOfExitCode(outcome.exitCode)
  if (meaning === 'error') {
    const why = outcome.error?.trim()
    return unknownTerraform(why || `terraform plan failed (exit ${outcome.exitCode})`)
  }
  let drift: PlanDrift
  try {
    drift = readPlanDrift(outcome.planJson)
  } catch (error) {
    if (meaning === 'no-changes')
      return { layer: 'terraform', status: 'in-sync', summary: 'no changes', items: [] }
    return unknownTerraform(
      `plan says changes, but its JSON could not be read: ${String(error instanceof Error ? error.message : error)}`
    )
  }
  if (drift.outside.length > 0) {
    const driftedAddresses = new Set(drift.outside.map(o => o.subject))
    const others = drift.changes.filter(c => !driftedAddresses.has(c.subject))
    const parts = [`${drift.outside.length} changed outside Terraform`]
    if (drift.changes.length > 0) parts.push(`${drift.changes.length} to change`)
    return {
      layer: 'terraform',
      status: 'drift',
      summary: parts.join(', '),
      items: [
        ...drift.outside,
        ...drift.changes.filter(c => driftedAddresses.has(c.subject)),
        ...others.map(c => ({ ...c, detail: `${c.detail} (pending apply)` }))
      ]
    }
  }
  if (drift.changes.length > 0) {
    const by = outcome.introducedBy ? `, from ${outcome.introducedBy}` : ''
    return {
      layer: 'terraform',
      status: 'pending-apply',
      summary: withNotes(`${drift.changes.length} planned, not applied yet${by}`, drift),
      items: drift.changes
    }
  }
  return {
    layer: 'terraform',
    status: 'in-sync',
    summary: withNotes('no changes', drift),
    items: []
  }
}

function unknownTerraform(reason: string): LayerResult {
  return {
    layer: 'terraform',
    status: 'unknown',
    summary: 'could not be checked',
    items: [],
    reason
  }
}
