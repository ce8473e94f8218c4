import { hiddenMarker } from '../markdown.js'
import type { DriftItem, DriftVerdict, LayerName } from './report.js'
import { LAYERS } from './report.js'

/**
 * What the drift issue remembers between runs, kept in its own body as a hidden comment (base64 JSON,
 * so nothing in it can end the comment early): first/last seen, recent runs, and the last drift
 * seen per layer (so a layer that cannot be checked today still shows what differed).
 */

/** Finds our issue (with the trusted bot as author), whatever its labels. */
export const DRIFT_MARKER = hiddenMarker('drift-report')
export const DRIFT_LABEL = 'drift'
const STATE_PREFIX = '<!-- elm-infra:drift-state '
export const MAX_RUNS = 10

export interface RunRecord {
  readonly at: string
  readonly url: string
  readonly verdict: DriftVerdict
}

export interface LayerMemory {
  /** When this layer was last seen drifting. */
  readonly at: string
  readonly summary: string
  readonly items: readonly DriftItem[]
}

export interface IssueState {
  readonly firstSeen: string
  readonly lastSeen: string
  /** Newest first, at most MAX_RUNS. */
  readonly runs: readonly RunRecord[]
  readonly lastKnown: Partial<Record<LayerName, LayerMemory>>
  /** What was drifting at the last update (see driftFingerprint): a human close acknowledges exactly that. */
  readonly fingerprint?: string
  /** Set when the bot itself closed the issue (every layer in sync); absent on a human close. */
  readonly closedByBot?: boolean
}

/** The hidden line holding `state`. */
export function encodeState(state: IssueState): string {
  const data = Buffer.from(JSON.stringify(state), 'utf8').toString('base64url')
  return `${STATE_PREFIX}${data} -->`
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
const isString = (v: unknown): v is string => typeof v === 'string'

function readItems(v: unknown): DriftItem[] {
  if (!Array.isArray(v)) return []
  return v
    .filter(isRecord)
    .flatMap(i =>
      isString(i['subject']) && isString(i['detail'])
        ? [{ subject: i['subject'], detail: i['detail'] }]
        : []
    )
}

/** Reads the state back out of an issue body; undefined when absent or unreadable (a hand-edited body). */
export function decodeState(body: string): IssueState | undefined {
  const start = body.lastIndexOf(STATE_PREFIX)
  if (start < 0) return undefined
  const end = body.indexOf(' -->', start)
  if (end < 0) return undefined
  let raw: unknown
  try {
    raw = JSON.parse(
      Buffer.from(body.slice(start + STATE_PREFIX.length, end), 'base64url').toString('utf8')
    )
  } catch {
    return undefined
  }
  if (!isRecord(raw) || !isString(raw['firstSeen']) || !isString(raw['lastSeen'])) return undefined
  const runs = (Array.isArray(raw['runs']) ? raw['runs'] : [])
    .filter(isRecord)
    .flatMap(r =>
      isString(r['at']) &&
      isString(r['url']) &&
      ['true', 'false', 'unknown'].includes(String(r['verdict']))
        ? [{ at: r['at'], url: r['url'], verdict: r['verdict'] as DriftVerdict }]
        : []
    )
  const known = isRecord(raw['lastKnown']) ? raw['lastKnown'] : {}
  const lastKnown: Partial<Record<LayerName, LayerMemory>> = {}
  for (const layer of LAYERS) {
    const m = known[layer]
    if (isRecord(m) && isString(m['at']) && isString(m['summary'])) {
      lastKnown[layer] = { at: m['at'], summary: m['summary'], items: readItems(m['items']) }
    }
  }
  return {
    firstSeen: raw['firstSeen'],
    lastSeen: raw['lastSeen'],
    runs: runs.slice(0, MAX_RUNS),
    lastKnown,
    ...(isString(raw['fingerprint']) ? { fingerprint: raw['fingerprint'] } : {}),
    ...(raw['closedByBot'] === true ? { closedByBot: true } : {})
  }
}
