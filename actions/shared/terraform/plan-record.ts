import { createHash } from 'node:crypto'
import { gunzipSync, gzipSync } from 'node:zlib'
import type { JsonValue } from './plan-types.js'
import type { NormalisedChange } from './normalise-changes.js'

/**
 * The reviewed plan, recorded in the PR comment as a hidden block: always a digest of the
 * normalised changes, and the changes themselves (gzip + base64) when they fit, so a refusal can
 * say what differs. Base64 never contains `--`, so the block is a valid HTML comment.
 */
export interface PlanRecord {
  readonly digest: string
  readonly changes?: readonly NormalisedChange[]
}

const PREFIX = '<!-- elm-infra:terraform-reviewed-plan v1'
const MAX_DETAIL_CHARS = 16_000

/** The sha256 of the canonical JSON of the changes. */
export function digestChanges(changes: readonly NormalisedChange[]): string {
  return createHash('sha256').update(JSON.stringify(changes)).digest('hex')
}

/** Renders the hidden block; the detail is left out when it would exceed `maxDetailChars`. */
export function renderPlanRecord(
  changes: readonly NormalisedChange[],
  maxDetailChars = MAX_DETAIL_CHARS
): string {
  const digest = digestChanges(changes)
  const detail = gzipSync(JSON.stringify(changes)).toString('base64')
  const changesPart = detail.length <= maxDetailChars ? ` changes=${detail}` : ''
  return `${PREFIX} sha256=${digest}${changesPart} -->`
}

/** Finds the record in a comment body; undefined when there is none or it is damaged. */
export function readPlanRecord(body: string): PlanRecord | undefined {
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
  const detail = value('changes')
  if (detail === undefined) return { digest }
  try {
    const changes = JSON.parse(gunzipSync(Buffer.from(detail, 'base64')).toString('utf8')) as
      NormalisedChange[] | JsonValue
    if (!Array.isArray(changes) || digestChanges(changes as NormalisedChange[]) !== digest)
      return { digest }
    return { digest, changes: changes as NormalisedChange[] }
  } catch {
    return { digest }
  }
}
