import { createHash, createHmac } from 'node:crypto'
import type { JsonValue, Plan } from './plan-types.js'
import { diffChanges, diffConfiguration, diffVariables } from './diff-changes.js'
import {
  canonicalJson,
  normaliseChanges,
  normaliseOutputs,
  normaliseVariables,
  sensitiveValues,
  type Keyed,
  type NormalisedChange
} from './normalise-changes.js'
import type { ConfigDigests } from './plan-config.js'

/**
 * What a plan would do, as the apply guard compares it: every resource change, every output
 * change, the root variables, and a keyed digest of each configuration file saved in the plan.
 * Sensitive values appear only as keyed hashes, so the intent can be published in a PR comment.
 */
export interface PlanIntent {
  readonly resources: readonly NormalisedChange[]
  readonly outputs: readonly NormalisedChange[]
  readonly variables: { readonly [name: string]: JsonValue }
  readonly configuration: ConfigDigests
}

/** The reviewed side: always the digest, the intent itself when it was recorded whole. */
export interface ReviewedPlan {
  readonly digest: string
  readonly intent?: PlanIntent
}

export type GuardVerdict =
  { readonly same: true } | { readonly same: false; readonly differences: readonly string[] }

/** An HMAC-SHA256 (128 bits shown) under `key`. */
export function keyedHash(key: string | Uint8Array): Keyed {
  return data => createHmac('sha256', key).update(data).digest('hex').slice(0, 32)
}

/** The intent of a parsed plan and the configuration digests of its saved plan file. */
export function planIntent(plan: Plan, configuration: ConfigDigests, keyed: Keyed): PlanIntent {
  const context = { keyed, planTimestamp: plan.timestamp, secrets: sensitiveValues(plan) }
  return {
    resources: normaliseChanges(plan, context),
    outputs: normaliseOutputs(plan, context),
    variables: normaliseVariables(plan, context),
    configuration
  }
}

/** The sha256 of the intent's canonical JSON. */
export function digestIntent(intent: PlanIntent): string {
  return createHash('sha256')
    .update(canonicalJson(intent as unknown as JsonValue))
    .digest('hex')
}

/**
 * The one comparison, used by `elm-infra plan-guard` and by the action's apply: the current plan
 * carries out the reviewed intent exactly, or here is every difference (never an empty list).
 */
export function guardPlan(reviewed: ReviewedPlan, current: PlanIntent): GuardVerdict {
  const digest = digestIntent(current)
  if (digest === reviewed.digest) return { same: true }
  const r = reviewed.intent
  const differences = r
    ? [
        ...diffConfiguration(r.configuration, current.configuration),
        ...diffVariables(r.variables, current.variables),
        ...diffChanges(r.resources, current.resources),
        ...diffChanges(r.outputs, current.outputs)
      ]
    : []
  if (differences.length === 0)
    differences.push(
      `the reviewed plan's digest ${reviewed.digest.slice(0, 12)} differs from this plan's ${digest.slice(0, 12)}${r ? '' : ' (the reviewed plan was too large to record in detail)'}`
    )
  return { same: false, differences }
}
