import { link } from '../markdown.js'
import { DRIFT_MARKER, type IssueState, encodeState } from './issue-state.js'
import { LAYER_TITLES, headline, renderItems, renderReportTable } from './render-report.js'
import type { DriftReport, LayerName } from './report.js'
import { LAYERS } from './report.js'

const VERDICT_WORDS = { true: 'drift', false: 'in sync', unknown: 'unknown' } as const

/** The drift issue's title; the issue is found by label and marker, never by title. */
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
  if (memory === undefined) return undefined
  const why =
    now === undefined
      ? 'Not checked in the latest run.'
      : `Could not be checked in the latest run (${now.reason ?? 'no reason given'}).`
  return `${title}\n\n${why} Last seen drifting at ${memory.at} (${memory.summary}):\n\n${renderItems(memory.items)}`
}

/** The whole issue body: marker, headline, dates, table, per-layer detail, recent runs, hidden state. */
export function renderIssueBody(state: IssueState, report: DriftReport): string {
  const latest = state.runs[0]
  const checked = latest ? ` · **Last checked:** ${latest.at} (${link('run', latest.url)})` : ''
  // The state sits right under the marker: if GitHub's size limit ever cuts the body, it cuts the end.
  const parts = [
    `${DRIFT_MARKER}\n${encodeState(state)}`,
    `## ${headline(report.verdict)}`,
    `**First seen:** ${state.firstSeen} · **Last seen:** ${state.lastSeen}${checked}`,
    renderReportTable(report.layers),
    ...LAYERS.flatMap(layer => layerSection(layer, state, report) ?? []),
    '### Recent runs',
    state.runs
      .map(r => `- ${r.at}: ${VERDICT_WORDS[r.verdict]} (${link('run', r.url)})`)
      .join('\n'),
    'This issue is updated by the daily drift check and closed when a run finds every layer in sync.'
  ]
  return `${parts.join('\n\n')}\n`
}

/** The comment left when a run finds everything in sync. */
export function renderCloseComment(at: string, runUrl: string, report: DriftReport): string {
  return `${DRIFT_MARKER}\nEvery layer is in sync as of ${at} (${link('run', runUrl)}), so this issue is closed.\n\n${renderReportTable(report.layers)}\n`
}
