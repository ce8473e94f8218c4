import type { Change, JsonValue } from './plan-types.js'

export type OutputAction = 'no-op' | 'create' | 'update' | 'delete'

/**
 * The CLI decides an output's action by diffing before and after (not from `actions`): equal
 * known values with the same sensitivity are no change.
 */
export function outputAction(change: Change): OutputAction {
  if (change.actions.length === 1 && change.actions[0] === 'no-op') return 'no-op'
  const unknown = change.afterUnknown === true
  const sameSensitivity = Boolean(change.beforeSensitive) === Boolean(change.afterSensitive)
  if (!unknown && sameSensitivity && deepEqual(change.before, change.after)) return 'no-op'
  if (change.actions.includes('delete') && !change.actions.includes('create')) return 'delete'
  if (change.before === null && !change.actions.includes('update')) return 'create'
  if (!unknown && change.after === null) return 'delete'
  return 'update'
}

/** Structural equality of two JSON values (object key order ignored). */
export function deepEqual(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
    return a.every((item, i) => deepEqual(item, b[i] ?? null))
  }
  const keys = Object.keys(a)
  if (keys.length !== Object.keys(b).length) return false
  return keys.every(k => k in b && deepEqual(a[k] ?? null, b[k] ?? null))
}
