import { cutText } from '../cut-text.js'
import type { JsonValue } from './plan-types.js'

export const SENSITIVE = '(sensitive)'
export const UNKNOWN = '(known after apply)'

/**
 * Renders a value for humans, with sensitive parts (marker `true` in the sensitivity structure)
 * replaced by `(sensitive)` and unknown parts by `(known after apply)`. Sensitivity wins, so a
 * secret is never printed even where the markers disagree.
 */
export function renderValue(
  value: JsonValue,
  unknown: JsonValue,
  sensitive: JsonValue,
  maxLength = 300
): string {
  const text = walk(value, unknown, sensitive)
  return cutText(text, maxLength)
}

function walk(value: JsonValue, unknown: JsonValue, sensitive: JsonValue): string {
  if (sensitive === true) return SENSITIVE
  if (unknown === true) return UNKNOWN
  if (Array.isArray(value)) {
    const items = value.map((v, i) => walk(v, child(unknown, i), child(sensitive, i)))
    return `[${items.join(', ')}]`
  }
  if (value !== null && typeof value === 'object') {
    const keys = new Set([...Object.keys(value), ...unknownKeys(unknown)])
    const fields = [...keys].map(
      k => `${JSON.stringify(k)}: ${walk(value[k] ?? null, child(unknown, k), child(sensitive, k))}`
    )
    return `{${fields.join(', ')}}`
  }
  return JSON.stringify(value)
}

/** The marker for a child of an array or object marker structure. */
export function child(marker: JsonValue, key: string | number): JsonValue {
  if (marker === null || typeof marker !== 'object') return null
  if (Array.isArray(marker)) return typeof key === 'number' ? (marker[key] ?? null) : null
  return typeof key === 'string' ? (marker[key] ?? null) : null
}

/** Attributes wholly unknown are absent from `after`; they still deserve a line. */
export function unknownKeys(unknown: JsonValue): string[] {
  if (unknown === null || typeof unknown !== 'object' || Array.isArray(unknown)) return []
  return Object.keys(unknown).filter(k => unknown[k] === true)
}
