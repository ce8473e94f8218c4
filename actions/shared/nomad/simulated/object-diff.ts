import type { DiffType, FieldDiff, ObjectDiff } from './diff-types.js'

type Loose = Record<string, unknown>

const MAP_FIELDS = new Set(['Meta', 'Env'])
const FLAT_OBJECTS = new Set(['Config'])
const IGNORED = new Set([
  'Status',
  'StatusDescription',
  'Stable',
  'Version',
  'SubmitTime',
  'CreateIndex',
  'ModifyIndex',
  'JobModifyIndex',
  'VersionTag',
  'TaskGroups',
  'Tasks',
  'Name',
  'ID'
])
const SINGULAR: Readonly<Record<string, string>> = {
  Services: 'Service',
  Checks: 'Check',
  Constraints: 'Constraint',
  Affinities: 'Affinity',
  Spreads: 'Spread',
  SpreadTarget: 'SpreadTarget',
  Networks: 'Network',
  DynamicPorts: 'Dynamic Port',
  ReservedPorts: 'Static Port',
  Templates: 'Template',
  Artifacts: 'Artifact'
}

function isPrimitive(v: unknown): boolean {
  return v === null || v === undefined || ['string', 'number', 'boolean'].includes(typeof v)
}

function text(v: unknown): string {
  if (v === null || v === undefined) return ''
  return typeof v === 'object' ? JSON.stringify(v) : String(v)
}

function kind(old: unknown, neu: unknown): DiffType {
  const o = text(old)
  const n = text(neu)
  if (o === n) return 'None'
  if (o === '') return 'Added'
  if (n === '') return 'Deleted'
  return 'Edited'
}

function field(name: string, old: unknown, neu: unknown): FieldDiff | undefined {
  const type = kind(old, neu)
  return type === 'None'
    ? undefined
    : { Type: type, Name: name, Old: text(old), New: text(neu), Annotations: null }
}

function flatten(prefix: string, v: unknown, out: Record<string, string>): void {
  if (Array.isArray(v)) v.forEach((x, i) => flatten(`${prefix}[${i}]`, x, out))
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) flatten(prefix ? `${prefix}.${k}` : k, x, out)
  else out[prefix] = text(v)
}

function union(a: Loose, b: Loose): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()
}

function containerType(old: unknown, neu: unknown, changed: boolean): DiffType {
  if (old === undefined || old === null) return 'Added'
  if (neu === undefined || neu === null) return 'Deleted'
  return changed ? 'Edited' : 'None'
}

function listKey(item: unknown, index: number): string {
  if (item && typeof item === 'object') {
    const o = item as Loose
    for (const k of ['Name', 'Label', 'LTarget', 'Attribute', 'EmbeddedTmpl'])
      if (typeof o[k] === 'string') return `${k}=${String(o[k])}`
  }
  return `#${index}`
}

/** Diffs two structs: primitive fields, maps as `Name[key]` fields, nested objects and lists. */
export function diffFields(old: Loose, neu: Loose): { fields: FieldDiff[]; objects: ObjectDiff[] } {
  const fields: FieldDiff[] = []
  const objects: ObjectDiff[] = []
  for (const key of union(old, neu)) {
    if (IGNORED.has(key)) continue
    const o = old[key]
    const n = neu[key]
    if (MAP_FIELDS.has(key)) {
      const om = (o ?? {}) as Loose
      const nm = (n ?? {}) as Loose
      for (const k of union(om, nm)) {
        const f = field(`${key}[${k}]`, om[k], nm[k])
        if (f) fields.push(f)
      }
    } else if (FLAT_OBJECTS.has(key)) {
      const of: Record<string, string> = {}
      const nf: Record<string, string> = {}
      flatten('', o, of)
      flatten('', n, nf)
      const fs = union(of, nf)
        .map(k => field(k, of[k], nf[k]))
        .filter((f): f is FieldDiff => f !== undefined)
      if (fs.length > 0)
        objects.push({ Type: containerType(o, n, true), Name: key, Fields: fs, Objects: null })
    } else if (Array.isArray(o) || Array.isArray(n)) {
      objects.push(...diffList(key, (o ?? []) as unknown[], (n ?? []) as unknown[]))
    } else if (isPrimitive(o) && isPrimitive(n)) {
      const f = field(key, o, n)
      if (f) fields.push(f)
    } else {
      const d = diffObject(key, o as Loose | null, n as Loose | null)
      if (d) objects.push(d)
    }
  }
  return { fields, objects }
}

function diffList(key: string, old: unknown[], neu: unknown[]): ObjectDiff[] {
  if ([...old, ...neu].every(isPrimitive)) {
    const os = old.map(text)
    const ns = neu.map(text)
    const fs: FieldDiff[] = [
      ...ns
        .filter(v => !os.includes(v))
        .map(v => ({ Type: 'Added' as const, Name: key, Old: '', New: v, Annotations: null })),
      ...os
        .filter(v => !ns.includes(v))
        .map(v => ({ Type: 'Deleted' as const, Name: key, Old: v, New: '', Annotations: null }))
    ]
    if (fs.length === 0) return []
    return [
      {
        Type: containerType(old.length ? old : null, neu.length ? neu : null, true),
        Name: key,
        Fields: fs,
        Objects: null
      }
    ]
  }
  const name = SINGULAR[key] ?? key
  const oldByKey = new Map(old.map((x, i) => [listKey(x, i), x]))
  const newByKey = new Map(neu.map((x, i) => [listKey(x, i), x]))
  const out: ObjectDiff[] = []
  for (const k of [...new Set([...oldByKey.keys(), ...newByKey.keys()])]) {
    const d = diffObject(
      name,
      (oldByKey.get(k) ?? null) as Loose | null,
      (newByKey.get(k) ?? null) as Loose | null
    )
    if (d) out.push(d)
  }
  return out
}

/** An object diff, or undefined when nothing changed. */
export function diffObject(
  name: string,
  old: Loose | null,
  neu: Loose | null
): ObjectDiff | undefined {
  const { fields, objects } = diffFields(old ?? {}, neu ?? {})
  if (fields.length === 0 && objects.length === 0) return undefined
  return {
    Type: containerType(old, neu, true),
    Name: name,
    Fields: fields.length ? fields : null,
    Objects: objects.length ? objects : null
  }
}
