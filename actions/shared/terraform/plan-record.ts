import { gunzipSync, gzipSync } from 'node:zlib'
import { digestIntent, type PlanIntent, type ReviewedPlan } from './plan-guard.js'

/**
 * The reviewed plan, recorded in the PR comment as a hidden block: always the digest of its
 * intent (plan-guard.ts), and the intent itself (gzip + base64) when it fits, so a refusal can say
 * what differs. Sensitive values and configuration files are in it only as keyed hashes whose key
 * (the action's `plan-record-key`) never reaches the comment. Base64 never contains `--`, so the
 * block is a valid HTML comment.
 */
const PREFIX = '<!-- elm-infra:terraform-reviewed-plan v2'
const OLD_PREFIX = '<!-- elm-infra:terraform-reviewed-plan v1'
const MAX_DETAIL_CHARS = 16_000

/** Renders the hidden block; the detail is left out when it would exceed `maxDetailChars`. */
export function renderPlanRecord(intent: PlanIntent, maxDetailChars = MAX_DETAIL_CHARS): string {
  const detail = gzipSync(JSON.stringify(intent)).toString('base64')
  const intentPart = detail.length <= maxDetailChars ? ` intent=${detail}` : ''
  return `${PREFIX} sha256=${digestIntent(intent)}${intentPart} -->`
}

/** True when the body holds only a record from before v2 (no outputs, no configuration). */
export function hasOldPlanRecord(body: string): boolean {
  return body.includes(OLD_PREFIX) && !body.includes(PREFIX)
}

/** Finds the record in a comment body; undefined when there is none or it is damaged. */
export function readPlanRecord(body: string): ReviewedPlan | undefined {
  const start = body.indexOf(PREFIX)
  if (start < 0) return undefined
  const end = body.indexOf('-->', start)
  if (end < 0) return undefined
  const fields = body
    .slice(start + PREFIX.length, end)
    .trim()
    .split(/\s+/)
  const value = (name: string): string | undefined =>
    fields.find(f => f.startsWith(`${name}=`))?.slice(name.length + 1)
  const digest = value('sha256')
  if (digest === undefined || !/^[0-9a-f]{64}$/.test(digest)) return undefined
  const detail = value('intent')
  if (detail === undefined) return { digest }
  try {
    const intent = JSON.parse(gunzipSync(Buffer.from(detail, 'base64')).toString('utf8')) as unknown
    if (!isIntent(intent) || digestIntent(intent) !== digest) return { digest }
    return { digest, intent }
  } catch {
    return { digest }
  }
}

function isIntent(value: unknown): value is PlanIntent {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  const isObject = (x: unknown): boolean => typeof x === 'object' && x !== null && !Array.isArray(x)
  return (
    Array.isArray(v['resources']) &&
    Array.isArray(v['outputs']) &&
    isObject(v['variables']) &&
    isObject(v['configuration'])
  )
}
