import { InputError } from './errors.js'

/** Reads one raw input by name ('' when unset), e.g. core.getInput or a map in tests. */
export type InputSource = (name: string) => string

/** Builds an InputSource over a plain record, for tests and the CLI. */
export function inputsFrom(values: Readonly<Record<string, string | undefined>>): InputSource {
  return name => (values[name] ?? '').trim()
}

function fail(name: string, value: string, accepted: string): never {
  throw new InputError(
    `Input '${name}' is ${value === '' ? 'missing' : `'${value}'`}: expected ${accepted}.`
  )
}

/** A required, non-empty input. */
export function required(read: InputSource, name: string): string {
  const value = read(name).trim()
  if (value === '') fail(name, value, 'a non-empty value')
  return value
}

/** An optional input: undefined when empty. */
export function optional(read: InputSource, name: string): string | undefined {
  const value = read(name).trim()
  return value === '' ? undefined : value
}

/** One of a fixed set of words; `fallback` when empty (or required when no fallback). */
export function oneOf<T extends string>(
  read: InputSource,
  name: string,
  allowed: readonly T[],
  fallback?: T
): T {
  const value = read(name).trim()
  if (value === '' && fallback !== undefined) return fallback
  const found = allowed.find(a => a === value)
  if (found === undefined) fail(name, value, `one of ${allowed.map(a => `'${a}'`).join(', ')}`)
  return found
}

/** A YAML 1.2 boolean (true/True/TRUE/false/False/FALSE), like core.getBooleanInput. */
export function bool(read: InputSource, name: string, fallback: boolean): boolean {
  const value = read(name).trim()
  if (value === '') return fallback
  if (['true', 'True', 'TRUE'].includes(value)) return true
  if (['false', 'False', 'FALSE'].includes(value)) return false
  return fail(name, value, "'true' or 'false'")
}

/** A whole number ≥ 1. */
export function positiveInt(read: InputSource, name: string, fallback: number): number {
  const value = read(name).trim()
  if (value === '') return fallback
  if (!/^[0-9]+$/.test(value) || Number(value) < 1) fail(name, value, 'a whole number of 1 or more')
  return Number(value)
}

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

/** Parses '90s', '5m', '1h30m', '250ms' (or a bare number of seconds) into milliseconds. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim()
  if (/^[0-9]+$/.test(trimmed)) return Number(trimmed) * 1000
  const parts = [...trimmed.matchAll(/([0-9]+)(ms|s|m|h)/g)]
  if (parts.length === 0 || parts.map(p => p[0]).join('') !== trimmed) return undefined
  const total = parts.reduce((sum, p) => sum + Number(p[1]) * (UNITS[p[2] ?? ''] ?? 0), 0)
  return total > 0 ? total : undefined
}

/** A duration input in milliseconds, e.g. '10m'. */
export function duration(read: InputSource, name: string, fallbackMs: number): number {
  const value = read(name).trim()
  if (value === '') return fallbackMs
  const ms = parseDuration(value)
  if (ms === undefined) fail(name, value, "a duration such as '90s', '10m' or '1h30m'")
  return ms
}

/** A multi-line or comma-separated list input, blanks dropped. */
export function list(read: InputSource, name: string): string[] {
  return read(name)
    .split(/[\n,]/)
    .map(s => s.trim())
    .filter(s => s !== '')
}

/** KEY=VALUE lines (one per line) into a record; a line without '=' is an error. */
export function keyValues(read: InputSource, name: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const line of read(name).split('\n')) {
    const trimmed = line.trim()
    if (trimmed === '') continue
    const eq = trimmed.indexOf('=')
    if (eq <= 0) fail(name, trimmed, 'one KEY=VALUE pair per line')
    out[trimmed.slice(0, eq).trim()] = trimmed.slice(eq + 1).trim()
  }
  return out
}
