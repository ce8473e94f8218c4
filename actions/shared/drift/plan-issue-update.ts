import { cutText } from '../cut-text.js'
import type { IssueRef } from '../github/ports.js'
import { renderCloseComment, renderIssueBody, ISSUE_TITLE } from './issue-body.js'
import {
  DRIFT_LABEL,
  type IssueState,
  type LayerMemory,
  MAX_RUNS,
  decodeState
} from './issue-state.js'
import { type DriftItem, type DriftReport, type LayerName, LAYERS } from './report.js'

/** What to do with the drift issue after a run. */
export type IssueAction =
  | {
      readonly kind: 'create'
      readonly title: string
      readonly body: string
      readonly labels: readonly string[]
    }
  | { readonly kind: 'update'; readonly issueNumber: number; readonly body: string }
  | {
      readonly kind: 'close'
      readonly issueNumber: number
      readonly body: string
      readonly comment: string
    }
  | { readonly kind: 'nothing'; readonly reason: string }

/** Items remembered per layer, and their length: the state must leave room for the visible body. */
const MEMORY_ITEMS = 20
const clip = (text: string): string => cutText(text, 200)
const clipItem = (item: DriftItem): DriftItem => ({
  subject: clip(item.subject),
  detail: clip(item.detail)
})

/** Per-layer memory after this run: drift replaces it, in-sync clears it, unknown or unchecked keeps it. */
function rememberLayers(
  previous: IssueState['lastKnown'],
  report: DriftReport,
  at: string
): Partial<Record<LayerName, LayerMemory>> {
  const next: Partial<Record<LayerName, LayerMemory>> = {}
  for (const layer of LAYERS) {
    const now = report.layers.find(l => l.layer === layer)
    const kept = previous[layer]
    if (now?.status === 'drift') {
      next[layer] = {
        at,
        summary: now.summary,
        items: now.items.slice(0, MEMORY_ITEMS).map(clipItem)
      }
    } else if (now?.status !== 'in-sync' && kept !== undefined) next[layer] = kept
  }
  return next
}

/**
 * The issue lifecycle. Drift with no open issue opens one; drift or unknown with an open issue
 * updates it in place (first seen kept, last seen moved on drift); a run where every checked layer
 * is in sync, and no unchecked layer was last seen drifting, closes it with a comment. Unknown never
 * opens and never closes.
 */
export function planIssueUpdate(
  existing: IssueRef | undefined,
  report: DriftReport,
  now: number,
  runUrl: string
): IssueAction {
  const at = new Date(now).toISOString()
  const open = existing?.state === 'open' ? existing : undefined
  const previous = open ? decodeState(open.body) : undefined
  const run = { at, url: runUrl, verdict: report.verdict }
  const lastKnown = rememberLayers(previous?.lastKnown ?? {}, report, at)
  const drifting = report.verdict === 'true'
  const state: IssueState = {
    firstSeen: previous?.firstSeen ?? at,
    lastSeen: drifting ? at : (previous?.lastSeen ?? at),
    runs: [run, ...(previous?.runs ?? [])].slice(0, MAX_RUNS),
    lastKnown
  }
  if (open === undefined) {
    if (drifting) {
      return {
        kind: 'create',
        title: ISSUE_TITLE,
        body: renderIssueBody(state, report),
        labels: [DRIFT_LABEL]
      }
    }
    return {
      kind: 'nothing',
      reason:
        report.verdict === 'false'
          ? 'no drift and no open drift issue'
          : 'drift unknown and no open drift issue'
    }
  }
  const stillDrifting = Object.keys(lastKnown).length > 0
  if (report.verdict === 'false' && !stillDrifting) {
    return {
      kind: 'close',
      issueNumber: open.number,
      body: renderIssueBody(state, report),
      comment: renderCloseComment(at, runUrl, report)
    }
  }
  return { kind: 'update', issueNumber: open.number, body: renderIssueBody(state, report) }
}
