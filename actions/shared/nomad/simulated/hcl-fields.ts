import { parseGoDuration } from './durations.js'

/** Helpers to read hcl2json's output (blocks are lists, labels are keys) into API fields. */

export type Loose = Record<string, unknown>
export type Convert = (value: unknown) => unknown

export function pascal(name: string): string {
  return name
    .split('_')
    .map(p => (p.length ? p[0]?.toUpperCase() + p.slice(1) : p))
    .join('')
}

export function first(value: unknown): Loose {
  const v = Array.isArray(value) ? value[0] : value
  return v && typeof v === 'object' ? (v as Loose) : {}
}

export function blocks(value: unknown): Loose[] {
  return Array.isArray(value) ? (value as Loose[]) : value ? [value as Loose] : []
}

export function labelled(value: unknown): [string, Loose][] {
  return Object.entries(first(value)).map(([label, body]) => [label, first(body)])
}

export const duration: Convert = v => (typeof v === 'string' ? (parseGoDuration(v) ?? v) : v)
export const stringMap: Convert = v =>
  Object.fromEntries(
    Object.entries(first(v)).map(([k, x]) => [k, typeof x === 'string' ? x : JSON.stringify(x)])
  )

export function mapFields(body: Loose, spec: Readonly<Record<string, [string, Convert?]>>): Loose {
  const out: Loose = {}
  for (const [key, value] of Object.entries(body)) {
    const rule = spec[key]
    if (rule) out[rule[0]] = rule[1] ? rule[1](value) : value
    else
      out[pascal(key)] =
        Array.isArray(value) && value.length === 1 && typeof value[0] === 'object'
          ? passThrough(value[0])
          : passThrough(value)
  }
  return out
}

export function passThrough(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(passThrough)
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [pascal(k), passThrough(v)]))
  }
  return value
}
