import { cutText } from '../cut-text.js'
import { escapeMarkdown, inlineCode, table } from '../markdown.js'
import type {
  DriftItem,
  DriftReport,
  DriftVerdict,
  LayerName,
  LayerResult,
  LayerStatus
} from './report.js'

/** The drift report as Markdown (step summary, issue body) and as plain text (the terminal). */

export const LAYER_TITLES: Readonly<Record<LayerName, string>> = {
  terraform: 'Terraform',
  nomad: 'Nomad',
  ansible: 'Ansible'
}

const STATUS_TEXT: Readonly<Record<LayerStatus, string>> = {
  'in-sync': '✅ in sync',
  drift: '⚠️ drift',
  'pending-apply': '⏳ pending apply',
  unknown: '❓ unknown'
}

const HEADLINES: Readonly<Record<DriftVerdict, string>> = {
  true: 'Drift: the running system differs from the repository',
  false: 'No drift: every checked layer matches the repository',
  unknown: 'Drift unknown: no drift seen, but a layer could not be checked'
}

/** Items shown per layer; the rest are counted, so the issue body stays within GitHub's limit. */
export const MAX_ITEMS = 30

/** The headline for a verdict. */
export function headline(verdict: DriftVerdict): string {
  return HEADLINES[verdict]
}

/** Longest failure reason shown: a tool's stderr must not crowd out the report. */
export const MAX_REASON = 300

/** A reason cut to MAX_REASON characters (on a whole code point). */
export function capReason(reason: string): string {
  const chars = [...reason]
  return chars.length > MAX_REASON ? `${chars.slice(0, MAX_REASON - 1).join('')}…` : reason
}

function detailsCell(layer: LayerResult): string {
  const reason = layer.reason ? ` — ${escapeMarkdown(capReason(layer.reason))}` : ''
  return `${escapeMarkdown(layer.summary)}${reason}`
}

/** One row per layer: status and a one-line summary (with the reason when unknown). */
export function renderReportTable(layers: readonly LayerResult[]): string {
  return table(
    ['Layer', 'Status', 'Details'],
    layers.map(l => [LAYER_TITLES[l.layer], STATUS_TEXT[l.status], detailsCell(l)])
  )
}

/** A Markdown list of what differs, capped at MAX_ITEMS. */
export function renderItems(items: readonly DriftItem[]): string {
  const clip = (text: string): string => cutText(text, 300)
  const lines = items
    .slice(0, MAX_ITEMS)
    .map(i => `- ${inlineCode(clip(i.subject))}: ${escapeMarkdown(clip(i.detail))}`)
  if (items.length > MAX_ITEMS) lines.push(`- …and ${items.length - MAX_ITEMS} more`)
  return lines.join('\n')
}

/** Step summary: headline, table, then what differs per layer. */
export function renderStepSummary(report: DriftReport, runUrl?: string): string {
  const parts = [`## ${headline(report.verdict)}`, renderReportTable(report.layers)]
  for (const layer of report.layers.filter(l => l.items.length > 0)) {
    parts.push(`### ${LAYER_TITLES[layer.layer]}\n\n${renderItems(layer.items)}`)
  }
  if (runUrl) parts.push(`[This run](${runUrl})`)
  return `${parts.join('\n\n')}\n`
}

/** The same report for a terminal: one line per layer, then what differs. */
export function renderTerminalReport(report: DriftReport): string {
  const lines = [headline(report.verdict), '']
  const width = Math.max(...report.layers.map(l => LAYER_TITLES[l.layer].length), 5)
  for (const layer of report.layers) {
    const status = layer.status.padEnd(7)
    lines.push(`${LAYER_TITLES[layer.layer].padEnd(width)}  ${status}  ${layer.summary}`)
    const pad = ' '.repeat(width + 11)
    if (layer.reason)
      lines.push(`${pad}reason: ${layer.reason.split('\n').join(`\n${pad}        `)}`)
    for (const item of layer.items) lines.push(`${pad}${item.subject}: ${item.detail}`)
  }
  return `${lines.join('\n')}\n`
}
