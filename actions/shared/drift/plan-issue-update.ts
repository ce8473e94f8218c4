import { createHash } from 'node:crypto'
import { cutText } from '../cut-text.js'
import type { IssueRef } from '../github/ports.js'
import {
  renderCloseComment,
  renderIssueBody,
  renderReopenComment,
  ISSUE_TITLE
} from './issue-body.js'
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
  | {
      readonly kind: 'update'
      readonly issueNumber: number
      readonly body: string
      /** Set when the `drift` label was removed: the labels to put back. */
      readonly labels?: readonly string[]
    }
  | {
      readonly kind: 'reopen'
      readonly issueNumber: number
      readonly body: string
      readonly comment: string
      readonly labels?: readonly string[]
    }
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

/** Per-layer memory after this run: drift replaces it, a clean check clears it, unknown or unchecked keeps it. */
function rememberLayers(
  previous: IssueState['lastKnown'],
  report: DriftReport,
  at: string
): Partial<Record<LayerName, LayerMemory>> {
  const next: Partial<Record<LayerName, LayerMemory>> = {}
  for (const layer of LAYERS) {
    const now = report.layers.find(l => l.layer === layer)
    const kept = previous[layer]
    const clean = now?.status === 'in-sync' || now?.status === 'pending-apply'
    if (now?.status === 'drift') {
      next[layer] = {
        at,
        summary: now.summary,
        items: now.items.slice(0, MEMORY_ITEMS).map(clipItem)
      }
    } else if (!clean && kept !== undefined) next[layer] = kept
  }
  return next
}

/** A short digest of what is drifting (layer, subject, detail of every drift item), order-free. */
export function driftFingerprint(report: DriftReport): string {
  const lines = report.layers
    .filter(l => l.status === 'drift')
    .flatMap(l => l.items.map(i => `${l.layer}\t${i.subject}\t${i.detail}`))
    .sort()
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16)
}

/** The labels to write back when `drift` was removed by hand; undefined when nothing is missing. */
function missingLabel(issue: IssueRef): readonly string[] | undefined {
  if (issue.labels === undefined || issue.labels.includes(DRIFT_LABEL)) return undefined
  return [...issue.labels, DRIFT_LABEL]
}

/**
 * One issue for life. No issue yet: drift opens one. An open issue is updated in place (first seen
 * kept) and closed by the bot, with a comment, when a run finds every layer clean and no unchecked
 * layer was last seen drifting. A closed issue is reopened, with a comment, instead of opening
 * another: at once when the bot had closed it (the drift came back), and after a maintainer's close
 * only when the drifting items differ from those the maintainer saw (a human close acknowledges
 * that drift). Unknown never opens, reopens or closes. A missing `drift` label is put back.
 */
export function planIssueUpdate(
  existing: IssueRef | undefined,
  report: DriftReport,
  now: number,
  runUrl: string
): IssueAction {
  const at = new Date(now).toISOString()
  const previous = existing ? decodeState(existing.body) : undefined
  const drifting = report.verdict === 'true'
  const fingerprint = drifting ? driftFingerprint(report) : previous?.fingerprint
  const closed = existing?.state === 'closed'
  // A new episode (after the bot found everything in sync) starts its own first-seen date.
  const newEpisode = closed && previous?.closedByBot === true
  const state: IssueState = {
    firstSeen: newEpisode || !previous ? at : previous.firstSeen,
    lastSeen: drifting ? at : (previous?.lastSeen ?? at),
    runs: [{ at, url: runUrl, verdict: report.verdict }, ...(previous?.runs ?? [])].slice(
      0,
      MAX_RUNS
    ),
    lastKnown: rememberLayers(newEpisode ? {} : (previous?.lastKnown ?? {}), report, at),
    ...(fingerprint ? { fingerprint } : {})
  }
  if (existing === undefined) {
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
          ? 'no drift and no drift issue'
          : 'drift unknown and no drift issue'
    }
  }
  const body = renderIssueBody(state, report, existing.body)
  const labels = missingLabel(existing)
  if (closed) {
    if (!drifting)
      return {
        kind: 'nothing',
        reason: `drift issue #${existing.number} is closed and no drift was found`
      }
    if (!newEpisode && previous?.fingerprint === fingerprint) {
      return {
        kind: 'nothing',
        reason: `drift issue #${existing.number} was closed by hand with these same drifting items: acknowledged`
      }
    }
    return {
      kind: 'reopen',
      issueNumber: existing.number,
      body,
      // Stryker disable next-line StringLiteral: renderReopenComment tells only 'back' apart, so an empty 'changed' reads the same
      comment: renderReopenComment(at, runUrl, report, newEpisode ? 'back' : 'changed'),
      ...(labels ? { labels } : {})
    }
  }
  const stillDrifting = Object.keys(state.lastKnown).length > 0
  if (report.verdict === 'false' && !stillDrifting) {
    return {
      kind: 'close',
      issueNumber: existing.number,
      body: renderIssueBody({ ...state, closedByBot: true }, report, existing.body),
      comment: renderCloseComment(at, runUrl, report)
    }
  }
  return { kind: 'update', issueNumber: existing.number, body, ...(labels ? { labels } : {}) }
}
