import { NomadProtocolError } from './errors.js'

/** Small readers from unknown JSON to typed values, used by every parse-*.ts boundary parser. */
export type Json = Readonly<Record<string, unknown>>

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The object itself, or a protocol error naming what was expected. */
export function record(value: unknown, what: string): Json {
  if (!isRecord(value)) {
    throw new NomadProtocolError(`Nomad sent ${describe(value)} where ${what} was expected`)
  }
  return value
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'string' ? `the text ${JSON.stringify(value.slice(0, 80))}` : typeof value
}

/** A required string field. */
export function str(o: Json, key: string, what: string): string {
  const v = o[key]
  if (typeof v !== 'string') throw new NomadProtocolError(`${what}: field ${key} is not a string`)
  return v
}

/** An optional string field ('' when absent or null). */
export function optStr(o: Json, key: string): string {
  const v = o[key]
  return typeof v === 'string' ? v : ''
}

/** A number field (0 when absent or null). */
export function num(o: Json, key: string): number {
  const v = o[key]
  return typeof v === 'number' && Number.isFinite(v) ? v : 0
}

/** A nullable number field. */
export function optNum(o: Json, key: string): number | undefined {
  const v = o[key]
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined
}

export function bool(o: Json, key: string): boolean {
  return o[key] === true
}

/** A nullable boolean (the tri-state `Healthy`). */
export function optBool(o: Json, key: string): boolean | undefined {
  const v = o[key]
  return typeof v === 'boolean' ? v : undefined
}

/** An array field of objects ([] for null). */
export function records(o: Json, key: string): Json[] {
  const v = o[key]
  return Array.isArray(v) ? v.filter(isRecord) : []
}

export function strings(o: Json, key: string): string[] {
  const v = o[key]
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []
}

/** A map of name → number (`NodesAvailable`, `DimensionExhausted`, …); {} for null. */
export function counts(o: Json, key: string): Record<string, number> {
  const v = o[key]
  if (!isRecord(v)) return {}
  return Object.fromEntries(
    Object.entries(v).filter((e): e is [string, number] => typeof e[1] === 'number')
  )
}

/** RFC 3339 time (or null, or Go's zero time) → epoch ms | undefined. */
export function time(o: Json, key: string): number | undefined {
  const v = o[key]
  if (typeof v !== 'string' || v.startsWith('0001-01-01')) return undefined
  const ms = Date.parse(v)
  return Number.isNaN(ms) ? undefined : ms
}
