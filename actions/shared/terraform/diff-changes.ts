import { cutText } from '../cut-text.js'
import type { JsonValue } from './plan-types.js'
import { SENSITIVE_PREFIX, type NormalisedChange } from './normalise-changes.js'
import type { ConfigDigests } from './plan-config.js'

const MAX_PATHS_PER_CHANGE = 5

/**
 * Compares the reviewed plan's changes with the current ones. Returns one human-readable line per
 * difference; an empty list means the plans would do the same thing. A value that was sensitive
 * in either plan is never printed: the line says "(sensitive) changed".
 */
export function diffChanges(
  reviewed: readonly NormalisedChange[],
  current: readonly NormalisedChange[]
): string[] {
  const before = new Map(reviewed.map(c => [c.address, c]))
  const now = new Map(current.map(c => [c.address, c]))
  const lines: string[] = []
  for (const address of [...new Set([...before.keys(), ...now.keys()])].sort()) {
    const r = before.get(address)
    const c = now.get(address)
    if (r === undefined && c !== undefined) {
      lines.push(
        `+ ${address}: now planned to ${actions(c)}${origin(c)}, which was not in the reviewed plan`
      )
    } else if (r !== undefined && c === undefined) {
      lines.push(
        `- ${address}: the reviewed plan would ${actions(r)}${origin(r)}; it is no longer planned`
      )
    } else if (r !== undefined && c !== undefined) {
      lines.push(...diffOne(address, r, c))
    }
  }
  return lines
}

/** Which configuration files of the saved plans differ, as one line; none when all match. */
export function diffConfiguration(reviewed: ConfigDigests, current: ConfigDigests): string[] {
  const names = [...new Set([...Object.keys(reviewed), ...Object.keys(current)])].sort()
  const changed = names.flatMap(name => {
    const r = reviewed[name]
    const c = current[name]
    if (r === c) return []
    return [`${name} ${r === undefined ? 'added' : c === undefined ? 'removed' : 'changed'}`]
  })
  if (changed.length === 0) return []
  return [
    `~ configuration: the configuration saved in the plan differs from the reviewed one (a change behind a value known only after apply shows only here): ${changed.join(', ')}`
  ]
}

/** Root variables that differ; sensitive ones say only that they changed. */
export function diffVariables(
  reviewed: { readonly [name: string]: JsonValue },
  current: { readonly [name: string]: JsonValue }
): string[] {
  const names = [...new Set([...Object.keys(reviewed), ...Object.keys(current)])].sort()
  return names.flatMap(name =>
    leafDiffs('value', reviewed[name] ?? null, current[name] ?? null).map(
      line => `~ var.${name}: ${line}`
    )
  )
}

function actions(change: NormalisedChange): string {
  return change.actions.join(' then ')
}

function origin(change: NormalisedChange): string {
  const moved = change.previousAddress ? ` (moved from ${change.previousAddress})` : ''
  return `${moved}${change.importing ? ' (imported)' : ''}`
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
  for (const p of paths.slice(0, MAX_PATHS_PER_CHANGE)) lines.push(`~ ${address}: ${p}`)
  if (paths.length > MAX_PATHS_PER_CHANGE)
    lines.push(`~ ${address}: …and ${paths.length - MAX_PATHS_PER_CHANGE} more differences`)
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
  if (isSensitive(a) || isSensitive(b)) return [`${path}: (sensitive) changed`]
  return [`${path} was ${show(a)} in the reviewed plan, now ${show(b)}`]
}

/** A keyed hash of a sensitive value, or a structure holding one. */
function isSensitive(value: JsonValue): boolean {
  if (typeof value === 'string') return value.startsWith(SENSITIVE_PREFIX)
  if (Array.isArray(value)) return value.some(isSensitive)
  if (value !== null && typeof value === 'object') return Object.values(value).some(isSensitive)
  return false
}

function pick(value: Exclude<JsonValue, null>, key: string): JsonValue {
  if (Array.isArray(value)) return value[Number(key)] ?? null
  if (typeof value === 'object') return value[key] ?? null
  return null
}

function show(value: JsonValue): string {
  const text = JSON.stringify(value)
  return cutText(text, 80)
}
