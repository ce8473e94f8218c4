import type { DriftItem, LayerResult } from './report.js'

/**
 * Terraform's part of the drift report, from `terraform plan -detailed-exitcode` (0 no changes,
 * 1 error, 2 changes) and the saved plan's JSON (`terraform show -json`): the resources that would
 * change, and those changed outside Terraform (`resource_drift`).
 */

export type ExitMeaning = 'in-sync' | 'drift' | 'error'

/** Maps the exit code of `plan -detailed-exitcode`; anything but 0 and 2 is an error. */
export function driftFromExitCode(code: number): ExitMeaning {
  if (code === 0) return 'in-sync'
  if (code === 2) return 'drift'
  return 'error'
}

export interface PlanDrift {
  /** Resources (and outputs) the plan would change, e.g. `update`, `replace`. */
  readonly changes: readonly DriftItem[]
  /** Objects changed outside Terraform since the last apply. */
  readonly outside: readonly DriftItem[]
}

type Json = Record<string, unknown>
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

function describeActions(actions: readonly unknown[]): string {
  const words = actions.filter((a): a is string => typeof a === 'string')
  if (words.includes('delete') && words.includes('create')) return 'replace'
  return words.join('+') || 'unknown action'
}

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
  const actions = Array.isArray(change['actions']) ? change['actions'] : []
  const action = describeActions(actions)
  if (action === 'no-op' || action === 'read') return undefined
  const address = typeof entry['address'] === 'string' ? entry['address'] : '(unnamed resource)'
  const attrs = action === 'update' ? changedAttributes(change) : []
  const detail = verb(action) + (attrs.length > 0 ? `: ${attrs.join(', ')}` : '')
  return { subject: address, detail }
}

/** Reads the differing resources out of `terraform show -json <plan>`; throws on a shape it cannot read. */
export function readPlanDrift(plan: unknown): PlanDrift {
  if (!isRecord(plan)) throw new Error('terraform show -json did not print a JSON object')
  const version = String(plan['format_version'] ?? '')
  if (!/^[01]\./.test(version)) {
    throw new Error(`unsupported plan format_version '${version}' (expected 0.x or 1.x)`)
  }
  const list = (key: string): Json[] =>
    Array.isArray(plan[key]) ? (plan[key] as unknown[]).filter(isRecord) : []
  const changes = list('resource_changes').flatMap(e => resourceItem(e, a => a) ?? [])
  const outputs = isRecord(plan['output_changes']) ? plan['output_changes'] : {}
  const outputItems = Object.entries(outputs).flatMap(([name, change]) => {
    const actions = isRecord(change) && Array.isArray(change['actions']) ? change['actions'] : []
    const action = describeActions(actions)
    return action === 'no-op' ? [] : [{ subject: `output.${name}`, detail: action }]
  })
  const outside = list('resource_drift').flatMap(
    e => resourceItem(e, a => `changed outside Terraform (${a})`) ?? []
  )
  return { changes: [...changes, ...outputItems], outside }
}

export interface TerraformOutcome {
  /** Exit code of `terraform plan -detailed-exitcode`. */
  readonly exitCode: number
  /** `terraform show -json` of the saved plan, when the plan succeeded. */
  readonly planJson?: unknown
  /** What went wrong when the exit code is neither 0 nor 2 (which step, and the last lines of stderr). */
  readonly error?: string
}

/** The Terraform layer result from a plan's exit code and JSON. */
export function terraformLayer(outcome: TerraformOutcome): LayerResult {
  const meaning = driftFromExitCode(outcome.exitCode)
  if (meaning === 'error') {
    const why = outcome.error?.trim()
    return unknownTerraform(why || `terraform plan failed (exit ${outcome.exitCode})`)
  }
  let drift: PlanDrift
  try {
    drift = readPlanDrift(outcome.planJson)
  } catch (error) {
    if (meaning === 'in-sync')
      return { layer: 'terraform', status: 'in-sync', summary: 'no changes', items: [] }
    return unknownTerraform(
      `plan says changes, but its JSON could not be read: ${String(error instanceof Error ? error.message : error)}`
    )
  }
  if (meaning === 'in-sync') {
    const note =
      drift.outside.length > 0
        ? ` (${drift.outside.length} changed outside Terraform, none relevant to the config)`
        : ''
    return { layer: 'terraform', status: 'in-sync', summary: `no changes${note}`, items: [] }
  }
  const items = [...drift.outside, ...drift.changes]
  const counts = [
    `${drift.changes.length} to change`,
    ...(drift.outside.length > 0 ? [`${drift.outside.length} changed outside Terraform`] : [])
  ]
  return { layer: 'terraform', status: 'drift', summary: counts.join(', '), items }
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
