import type { Change, JsonValue, Plan } from './plan-types.js'
import { child, UNKNOWN, unknownKeys } from './render-value.js'

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
  /**
   * The canonical JSON of every value the plan marks sensitive somewhere (sensitiveValues). A copy
   * of one elsewhere is treated as sensitive too: Terraform loses the mark on some copies (e.g.
   * terraform_data's `output` in state, hashicorp/terraform#35609), and the record is published.
   */
  readonly secrets?: ReadonlySet<string>
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
    // Stryker disable next-line ConditionalExpression: `name` is one of the map's own keys, so `v` is never undefined; the test only narrows the type
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
  // Stryker disable next-line EqualityOperator: `<=` differs only for two equal addresses, which a plan never has
  if (a.address < b.address) return -1
  // Stryker disable next-line ConditionalExpression,EqualityOperator: the 1/0 choice only matters for equal addresses, which a plan never has (jsonplan keys resource_changes by address and deposed key, outputs by name), and Node's sort was seen to order 100 shuffled addresses the same when a greater one gives 0
  return a.address > b.address ? 1 : 0
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
  if (sensitive === true || isSecret(value, context.secrets)) {
    const known = unknown === true ? UNKNOWN : stamp(value, context.planTimestamp)
    // Whether part of it is unknown counts; how the marker structure is spelled does not.
    return `${SENSITIVE_PREFIX} ${context.keyed(canonicalJson([known, hasTrue(unknown)]))})`
  }
  if (unknown === true) return UNKNOWN
  if (Array.isArray(value))
    return value.map((v, i) => normaliseValue(v, child(unknown, i), child(sensitive, i), context))
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {}
    for (const key of [...new Set([...Object.keys(value), ...unknownKeys(unknown)])].sort())
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

/** Whether a marker structure marks anything: arrays and objects alike are walked by their values. */
function hasTrue(marker: JsonValue): boolean {
  if (marker === true) return true
  if (marker === null) return false
  // Stryker disable next-line ConditionalExpression: markers are true, false or structures (jsonplan); Object.values(false) is empty, so the object test only narrows the type
  return typeof marker === 'object' && Object.values(marker).some(hasTrue)
}

function isSecret(value: JsonValue, secrets: ReadonlySet<string> | undefined): boolean {
  if (!secrets?.size || !isWorthHiding(value)) return false
  return secrets.has(canonicalJson(value))
}

/** null, booleans and "" are too common to treat a copy of one as a secret. */
function isWorthHiding(value: JsonValue): boolean {
  return value !== null && typeof value !== 'boolean' && value !== ''
}

/**
 * Every value a plan marks sensitive: resource values (before and after, changes and drift) under
 * their markers, sensitive outputs and root variables declared sensitive.
 */
export function sensitiveValues(plan: Plan): Set<string> {
  const found = new Set<string>()
  const collect = (value: JsonValue, marker: JsonValue): void => {
    if (marker === true) {
      if (isWorthHiding(value)) found.add(canonicalJson(value))
      return
    }
    // Stryker disable next-line ConditionalExpression,LogicalOperator: a shortcut: below a marker that is not a structure, child() is null for every key, so walking on would find nothing either
    if (marker === null || typeof marker !== 'object') return
    if (Array.isArray(value)) value.forEach((v, i) => collect(v, child(marker, i)))
    else if (value !== null && typeof value === 'object')
      for (const key of Object.keys(value)) collect(value[key] ?? null, child(marker, key))
  }
  for (const rc of [...plan.resourceChanges, ...plan.resourceDrift]) {
    collect(rc.change.before, rc.change.beforeSensitive)
    collect(rc.change.after, rc.change.afterSensitive)
  }
  for (const c of plan.outputChanges.values()) {
    collect(c.before, c.beforeSensitive)
    collect(c.after, c.afterSensitive)
  }
  for (const v of plan.variables.values()) if (v.sensitive) collect(v.value, true)
  return found
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
