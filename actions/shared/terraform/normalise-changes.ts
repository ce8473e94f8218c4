import type { Change, JsonValue, Plan } from './plan-types.js'
import { child, UNKNOWN } from './render-value.js'

/**
 * One change (a resource's, or an output's as `output.<name>`) reduced to what must match between
 * the reviewed plan and the plan about to be applied: address, actions and values. Unknown values
 * become `(known after apply)`, sensitive ones `(sensitive <keyed hash>)`, and the plan's own
 * timestamp a placeholder, so the record is safe to publish and stable across runs.
 */
export interface NormalisedChange {
  readonly address: string
  readonly actions: readonly string[]
  readonly previousAddress?: string
  readonly importing?: true
  readonly before: JsonValue
  readonly after: JsonValue
}

/**
 * A keyed hash (HMAC) of a value that must be compared but never shown: with a secret key, the
 * record cannot be used to test guesses of a short secret.
 */
export type Keyed = (data: string | Uint8Array) => string

export interface NormaliseContext {
  readonly keyed: Keyed
  /** The plan's `timestamp`: what `plantimestamp()` returned, different in every plan. */
  readonly planTimestamp?: string
}

/** What a sensitive leaf becomes; the diff recognises it by this prefix and never prints it. */
export const SENSITIVE_PREFIX = '(sensitive'
/** What the plan's own timestamp becomes wherever it appears in a string. */
export const PLAN_TIMESTAMP = '(plan timestamp)'

/** The apply guard's view of a plan's resources: every change that does something, sorted. */
export function normaliseChanges(plan: Plan, context: NormaliseContext): NormalisedChange[] {
  return plan.resourceChanges
    .filter(rc => {
      const noOp = rc.change.actions.length === 1 && rc.change.actions[0] === 'no-op'
      const moved = rc.previousAddress !== undefined && rc.previousAddress !== rc.address
      return !noOp || moved || rc.change.importing
    })
    .map(rc => {
      const moved = rc.previousAddress !== undefined && rc.previousAddress !== rc.address
      return {
        ...normaliseChange(
          rc.deposed ? `${rc.address} (deposed ${rc.deposed})` : rc.address,
          rc.change,
          context
        ),
        ...(moved ? { previousAddress: rc.previousAddress } : {}),
        ...(rc.change.importing ? { importing: true as const } : {})
      }
    })
    .sort(byAddress)
}

/**
 * Every output change that does something, as `output.<name>`. Terraform marks a whole output
 * sensitive or not (jsonplan MarshalOutputChanges: before_sensitive = after_sensitive = bool), so
 * a sensitive output is one keyed hash per side.
 */
export function normaliseOutputs(plan: Plan, context: NormaliseContext): NormalisedChange[] {
  return [...plan.outputChanges]
    .filter(([, c]) => !(c.actions.length === 1 && c.actions[0] === 'no-op'))
    .map(([name, c]) => normaliseChange(`output.${name}`, c, context))
    .sort(byAddress)
}

/** Root variables as planned, sensitive ones as a keyed hash. */
export function normaliseVariables(
  plan: Plan,
  context: NormaliseContext
): { [name: string]: JsonValue } {
  const out: { [name: string]: JsonValue } = {}
  for (const name of [...plan.variables.keys()].sort()) {
    const v = plan.variables.get(name)
    if (v !== undefined) out[name] = normaliseValue(v.value, null, v.sensitive, context)
  }
  return out
}

function normaliseChange(address: string, c: Change, context: NormaliseContext): NormalisedChange {
  return {
    address,
    actions: [...c.actions],
    before: normaliseValue(c.before, null, c.beforeSensitive, context),
    after: normaliseValue(c.after, c.afterUnknown, c.afterSensitive, context)
  }
}

function byAddress(a: NormalisedChange, b: NormalisedChange): number {
  return a.address < b.address ? -1 : a.address > b.address ? 1 : 0
}

/**
 * Walks a value with its unknown and sensitive marker structures (jsonplan Change: markers are
 * `true` leaves in a structure shaped like the value). Keys come out sorted, wholly unknown
 * attributes (absent from the value) included, so the same plan always gives the same JSON.
 */
export function normaliseValue(
  value: JsonValue,
  unknown: JsonValue,
  sensitive: JsonValue,
  context: NormaliseContext
): JsonValue {
  if (sensitive === true) {
    const known = unknown === true ? UNKNOWN : stamp(value, context.planTimestamp)
    return `${SENSITIVE_PREFIX} ${context.keyed(canonicalJson([known, unknown]))})`
  }
  if (unknown === true) return UNKNOWN
  if (Array.isArray(value))
    return value.map((v, i) => normaliseValue(v, child(unknown, i), child(sensitive, i), context))
  if (value !== null && typeof value === 'object') {
    const unknownKeys =
      unknown !== null && typeof unknown === 'object' && !Array.isArray(unknown)
        ? Object.keys(unknown).filter(k => unknown[k] === true)
        : []
    const out: { [key: string]: JsonValue } = {}
    for (const key of [...new Set([...Object.keys(value), ...unknownKeys])].sort())
      out[key] = normaliseValue(
        value[key] ?? null,
        child(unknown, key),
        child(sensitive, key),
        context
      )
    return out
  }
  return typeof value === 'string' ? replaceStamp(value, context.planTimestamp) : value
}

function stamp(value: JsonValue, timestamp: string | undefined): JsonValue {
  if (typeof value === 'string') return replaceStamp(value, timestamp)
  if (Array.isArray(value)) return value.map(v => stamp(v, timestamp))
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stamp(v, timestamp)]))
  return value
}

function replaceStamp(text: string, timestamp: string | undefined): string {
  return timestamp ? text.split(timestamp).join(PLAN_TIMESTAMP) : text
}

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: JsonValue): string {
  return JSON.stringify(sortKeys(value))
}

function sortKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {}
    for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key] ?? null)
    return out
  }
  return value
}
