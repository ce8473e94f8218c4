import { link } from '../markdown.js'
import { DRIFT_MARKER, type IssueState, encodeState } from './issue-state.js'
import {
  LAYER_TITLES,
  capReason,
  headline,
  renderItems,
  renderReportTable
} from './render-report.js'
import type { DriftReport, LayerName } from './report.js'
import { LAYERS } from './report.js'

const VERDICT_WORDS = { true: 'drift', false: 'in sync', unknown: 'unknown' } as const

/** The drift issue's title; the issue is found by marker and author, never by title or label. */
export const ISSUE_TITLE = 'Drift: the running system differs from the repository'

function layerSection(
  layer: LayerName,
  state: IssueState,
  report: DriftReport
): string | undefined {
  const now = report.layers.find(l => l.layer === layer)
  const memory = state.lastKnown[layer]
  const title = `### ${LAYER_TITLES[layer]}`
  if (now?.status === 'drift') return `${title}\n\n${renderItems(now.items)}`
  if (now?.status === 'pending-apply') {
    return `${title}\n\nPending apply, not drift: the repository is ahead of the infrastructure (${now.summary}).\n\n${renderItems(now.items)}`
  }
  if (memory === undefined) return undefined
  const why =
    now === undefined
      ? 'Not checked in the latest run.'
      : `Could not be checked in the latest run (${capReason(now.reason ?? 'no reason given')}).`
  return `${title}\n\n${why} Last seen drifting at ${memory.at} (${memory.summary}):\n\n${renderItems(memory.items)}`
}

export const NOTES_START = '<!-- elm-infra:notes -->'
export const NOTES_END = '<!-- elm-infra:notes-end -->'
const NOTES_PLACEHOLDER =
  '_Maintainers: write here. The drift check keeps this section exactly as it is._'

/** The maintainers' notes section of a body, markers included, as they left it; a fresh one without. */
export function notesSection(previousBody: string | undefined): string {
  const fresh = `${NOTES_START}\n### Maintainers' notes\n\n${NOTES_PLACEHOLDER}\n${NOTES_END}`
  // Stryker disable next-line StringLiteral: no body is the same as any body without the markers
  const body = previousBody ?? ''
  const start = body.indexOf(NOTES_START)
  if (start === -1) return fresh
  // The end marker after the start marker (one before it belongs to no section).
  const end = body.indexOf(NOTES_END, start)
  if (end === -1) return fresh
  return body.slice(start, end + NOTES_END.length)
}

/**
 * The whole issue body: marker, headline, dates, maintainers' notes (copied from `previousBody`
 * untouched), table, per-layer detail, recent runs, hidden state.
 */
export function renderIssueBody(
  state: IssueState,
  report: DriftReport,
  previousBody?: string
): string {
  const latest = state.runs[0]
  const checked = latest ? ` · **Last checked:** ${latest.at} (${link('run', latest.url)})` : ''
  // The state sits right under the marker: if GitHub's size limit ever cuts the body, it cuts the end.
  const parts = [
    `${DRIFT_MARKER}\n${encodeState(state)}`,
    `## ${headline(report.verdict)}`,
    `**First seen:** ${state.firstSeen} · **Last seen:** ${state.lastSeen}${checked}`,
    notesSection(previousBody),
    renderReportTable(report.layers),
    ...LAYERS.flatMap(layer => layerSection(layer, state, report) ?? []),
    '### Recent runs',
    state.runs
      .map(r => `- ${r.at}: ${VERDICT_WORDS[r.verdict]} (${link('run', r.url)})`)
      .join('\n'),
    'This issue is updated by the daily drift check and closed when a run finds every layer in sync. ' +
      'Closing it by hand acknowledges the drift shown: it is reopened only when the drifting items change.'
  ]
  return `${parts.join('\n\n')}\n`
}

/** The comment left when a run finds everything in sync. */
export function renderCloseComment(at: string, runUrl: string, report: DriftReport): string {
  return `${DRIFT_MARKER}\nEvery layer is in sync as of ${at} (${link('run', runUrl)}), so this issue is closed.\n\n${renderReportTable(report.layers)}\n`
}

/** The comment left when drift reopens the issue: it came back, or it changed since a maintainer closed it. */
export function renderReopenComment(
  at: string,
  runUrl: string,
  report: DriftReport,
  why: 'back' | 'changed'
): string {
  const lead =
    why === 'back'
      ? `Drift is back as of ${at} (${link('run', runUrl)}), so this issue is reopened.`
      : `This issue was closed by hand, which acknowledged the drift it showed; as of ${at} (${link('run', runUrl)}) the drifting items are different, so it is reopened.`
  return `${DRIFT_MARKER}\n${lead}\n\n${renderReportTable(report.layers)}\n`
}
