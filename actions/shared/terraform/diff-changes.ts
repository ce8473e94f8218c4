import { cutText } from '../cut-text.js'
import type { JsonValue } from './plan-types.js'
import type { NormalisedChange } from './normalise-changes.js'

const MAX_PATHS_PER_RESOURCE = 5

/**
 * Compares the reviewed plan's changes with the current ones. Returns one human-readable line per
 * difference; an empty list means the plans would do the same thing.
 */
export function diffChanges(
  reviewed: readonly NormalisedChange[],
  current: readonly NormalisedChange[]
): string[] {
  const before = new Map(reviewed.map(c => [c.address, c]))
  const now = new Map(current.map(c => [c.address, c]))
  const lines: string[] = []
  const addresses = [...new Set([...before.keys(), ...now.keys()])].sort()
  for (const address of addresses) {
    const r = before.get(address)
    const c = now.get(address)
    if (r === undefined && c !== undefined) {
      lines.push(`+ ${address}: now planned to ${actions(c)}, which was not in the reviewed plan`)
    } else if (r !== undefined && c === undefined) {
      lines.push(`- ${address}: the reviewed plan would ${actions(r)}; it is no longer planned`)
    } else if (r !== undefined && c !== undefined) {
      lines.push(...diffOne(address, r, c))
    }
  }
  return lines
}

function actions(change: NormalisedChange): string {
  return change.actions.join(' then ')
}

function diffOne(address: string, r: NormalisedChange, c: NormalisedChange): string[] {
  const lines: string[] = []
  if (actions(r) !== actions(c))
    lines.push(`~ ${address}: the reviewed plan would ${actions(r)}, now it would ${actions(c)}`)
  if ((r.previousAddress ?? '') !== (c.previousAddress ?? ''))
    lines.push(
      `~ ${address}: moved from ${r.previousAddress ?? '(nowhere)'} in the reviewed plan, now from ${c.previousAddress ?? '(nowhere)'}`
    )
  if (Boolean(r.importing) !== Boolean(c.importing))
    lines.push(`~ ${address}: ${c.importing ? 'now' : 'no longer'} imported`)
  const paths = [
    ...leafDiffs('before', r.before, c.before),
    ...leafDiffs('after', r.after, c.after)
  ]
  for (const p of paths.slice(0, MAX_PATHS_PER_RESOURCE)) lines.push(`~ ${address}: ${p}`)
  if (paths.length > MAX_PATHS_PER_RESOURCE)
    lines.push(`~ ${address}: …and ${paths.length - MAX_PATHS_PER_RESOURCE} more differences`)
  return lines
}

function leafDiffs(path: string, a: JsonValue, b: JsonValue): string[] {
  const bothObjects = a !== null && b !== null && typeof a === 'object' && typeof b === 'object'
  if (bothObjects && Array.isArray(a) === Array.isArray(b)) {
    const keys = Array.isArray(a)
      ? [...Array(Math.max(a.length, (b as JsonValue[]).length)).keys()].map(String)
      : [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()
    return keys.flatMap(k =>
      leafDiffs(`${path}.${k}`, pick(a, k), pick(b as Exclude<JsonValue, null>, k))
    )
  }
  if (JSON.stringify(a) === JSON.stringify(b)) return []
  return [`${path} was ${show(a)} in the reviewed plan, now ${show(b)}`]
}

function pick(value: Exclude<JsonValue, null>, key: string): JsonValue {
  if (Array.isArray(value)) return value[Number(key)] ?? null
  if (typeof value === 'object') return value[key] ?? null
  return null
}

function show(value: JsonValue): string {
  const text = value === undefined ? 'absent' : JSON.stringify(value)
  return cutText(text, 80)
}
