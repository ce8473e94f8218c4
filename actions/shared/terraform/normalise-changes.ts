import type { JsonValue, Plan } from './plan-types.js'
import { child, SENSITIVE, UNKNOWN } from './render-value.js'

/**
 * One resource change reduced to what must match between the reviewed plan and the plan about to
 * be applied: address, actions and values. Unknown values become `(known after apply)`, sensitive
 * ones `(sensitive)` and timestamps are dropped, so the record is safe to publish and stable
 * across runs.
 */
export interface NormalisedChange {
  readonly address: string
  readonly actions: readonly string[]
  readonly previousAddress?: string
  readonly importing?: true
  readonly before: JsonValue
  readonly after: JsonValue
}

/** The apply guard's view of a plan: every change that does something, sorted by address. */
export function normaliseChanges(plan: Plan): NormalisedChange[] {
  return plan.resourceChanges
    .filter(rc => {
      const noOp = rc.change.actions.length === 1 && rc.change.actions[0] === 'no-op'
      const moved = rc.previousAddress !== undefined && rc.previousAddress !== rc.address
      return !noOp || moved || rc.change.importing
    })
    .map(rc => {
      const moved = rc.previousAddress !== undefined && rc.previousAddress !== rc.address
      return {
        address: rc.deposed ? `${rc.address} (deposed ${rc.deposed})` : rc.address,
        actions: [...rc.change.actions],
        ...(moved ? { previousAddress: rc.previousAddress } : {}),
        ...(rc.change.importing ? { importing: true as const } : {}),
        before: mask(rc.change.before, null, rc.change.beforeSensitive),
        after: mask(rc.change.after, rc.change.afterUnknown, rc.change.afterSensitive)
      }
    })
    .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0))
}

/**
 * Attributes that record when something happened, not what it is (`created_at`, `timestamp`…).
 * They may move between the reviewed plan and the apply without the change being different.
 */
const TIMESTAMP_KEY =
  /(^|_)(timestamp|created|created_at|updated|updated_at|last_modified|last_updated)$/i

/** Replaces sensitive leaves with `(sensitive)` and unknown ones with `(known after apply)`. */
export function mask(value: JsonValue, unknown: JsonValue, sensitive: JsonValue): JsonValue {
  if (sensitive === true) return SENSITIVE
  if (unknown === true) return UNKNOWN
  if (Array.isArray(value))
    return value.map((v, i) => mask(v, child(unknown, i), child(sensitive, i)))
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {}
    for (const key of Object.keys(value).sort()) {
      if (TIMESTAMP_KEY.test(key)) continue
      out[key] = mask(value[key] ?? null, child(unknown, key), child(sensitive, key))
    }
    if (unknown !== null && typeof unknown === 'object' && !Array.isArray(unknown)) {
      for (const key of Object.keys(unknown))
        if (unknown[key] === true && !(key in out) && !TIMESTAMP_KEY.test(key)) out[key] = UNKNOWN
    }
    return out
  }
  return value
}
