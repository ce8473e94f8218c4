import { describeActionReason } from './action-reasons.js'
import {
  codeBlock,
  commentMarker,
  COMMENT_LIMIT,
  cutToFit,
  inlineCode,
  stripAnsi
} from './comment-parts.js'
import type { OutputEntry, PlanSummary, ResourceAction, ResourceEntry } from './summarise-plan.js'

export interface PlanCommentOptions {
  readonly workingDirectory: string
  /** `terraform show -no-color <planfile>` output; cut to fit. */
  readonly humanPlan?: string
  readonly runUrl: string
  /** The hidden reviewed-plan record (plan-record.ts), kept whole. */
  readonly record?: string
  readonly maxLength?: number
}

const GROUPS: readonly { title: string; actions: readonly ResourceAction[] }[] = [
  { title: 'Replace', actions: ['replace-destroy-first', 'replace-create-first'] },
  { title: 'Destroy', actions: ['delete'] },
  { title: 'Create', actions: ['create', 'create-then-forget'] },
  { title: 'Update in place', actions: ['update'] },
  { title: 'Forget (remove from state, keep the object)', actions: ['forget'] },
  { title: 'Read data source during apply', actions: ['read'] },
  { title: 'Move or import only', actions: ['no-op'] }
]

/** The PR comment for one working directory's plan, never longer than GitHub's limit. */
export function renderPlanComment(summary: PlanSummary, options: PlanCommentOptions): string {
  const max = options.maxLength ?? COMMENT_LIMIT
  for (const perGroup of [100, 30, 10, 3, 0]) {
    const head = renderHead(summary, options.workingDirectory, perGroup)
    const tail = `\n\n[Workflow run](${options.runUrl})${options.record ? `\n${options.record}` : ''}\n`
    const plan = renderHumanPlan(options.humanPlan, max - head.length - tail.length, options.runUrl)
    if (plan !== undefined && head.length + plan.length + tail.length <= max)
      return head + plan + tail
  }
  throw new Error('the plan comment cannot fit GitHub’s limit even without details')
}

function renderHead(summary: PlanSummary, workingDirectory: string, perGroup: number): string {
  const parts = [
    commentMarker('plan', workingDirectory),
    `### Terraform plan: ${inlineCode(workingDirectory)}`,
    ...banner(summary),
    countsLine(summary),
    ...resourceGroups(summary.resources, perGroup),
    ...driftSection(summary.drifted, perGroup),
    ...outputsSection(summary.outputChanges, perGroup)
  ]
  return parts.join('\n\n')
}

function banner(summary: PlanSummary): string[] {
  const lines: string[] = []
  if (summary.errored)
    lines.push('> [!CAUTION]\n> Planning failed part way; this plan is incomplete.')
  const deleted = summary.destroy - summary.replace
  if (summary.destroy > 0)
    lines.push(
      `> [!WARNING]\n> This plan **destroys ${deleted}** and **replaces ${summary.replace}** resource${summary.destroy === 1 ? '' : 's'}. Read the Replace and Destroy lists before merging.`
    )
  return lines
}

/** The same line the CLI prints, plus the figures it leaves out. */
export function countsLine(summary: PlanSummary): string {
  if (!summary.hasChanges) return '**No changes.** Your infrastructure matches the configuration.'
  const extra = [
    summary.replace ? `${summary.replace} to replace` : '',
    summary.import ? `${summary.import} to import` : '',
    summary.move ? `${summary.move} moved` : '',
    summary.forget ? `${summary.forget} to forget` : '',
    summary.read ? `${summary.read} data source reads` : '',
    summary.outputs ? `${summary.outputs} output change${summary.outputs === 1 ? '' : 's'}` : '',
    summary.drift ? `${summary.drift} changed outside Terraform` : ''
  ].filter(Boolean)
  const plan = `**Plan: ${summary.add} to add, ${summary.change} to change, ${summary.destroy} to destroy.**`
  return extra.length > 0 ? `${plan} (${extra.join(', ')})` : plan
}

function resourceGroups(resources: readonly ResourceEntry[], perGroup: number): string[] {
  return GROUPS.flatMap(group => {
    const entries = resources.filter(r => group.actions.includes(r.action))
    if (entries.length === 0) return []
    return [details(`${group.title} (${entries.length})`, listOf(entries, perGroup, describeEntry))]
  })
}

function describeEntry(entry: ResourceEntry): string {
  const notes = [
    entry.action === 'replace-create-first' ? 'create before destroy' : '',
    entry.previousAddress ? `moved from ${inlineCode(entry.previousAddress)}` : '',
    entry.importing ? 'imported' : '',
    entry.reason ? describeActionReason(entry.reason) : ''
  ].filter(Boolean)
  return `${inlineCode(entry.address)}${notes.length > 0 ? ` — ${notes.join('; ')}` : ''}`
}

function driftSection(drifted: readonly ResourceEntry[], perGroup: number): string[] {
  if (drifted.length === 0) return []
  const verb = (e: ResourceEntry): string =>
    e.action === 'delete'
      ? 'was deleted'
      : e.action === 'no-op' && e.previousAddress !== undefined
        ? `moved from ${inlineCode(e.previousAddress)}`
        : 'changed'
  return [
    `#### Changed outside of Terraform (${drifted.length})\nThese objects no longer match the state; the plan above may include actions to undo this.`,
    listOf(drifted, perGroup, e => `${inlineCode(e.address)} ${verb(e)}`)
  ]
}

function outputsSection(outputs: readonly OutputEntry[], perGroup: number): string[] {
  if (outputs.length === 0) return []
  const row = (o: OutputEntry): string =>
    `| ${inlineCode(o.name)} | ${o.action} | ${cell(o.before ?? '')} | ${cell(o.after ?? '')} |`
  const shown = outputs.slice(0, Math.max(perGroup, 1))
  const more = outputs.length - shown.length
  return [
    `#### Output changes (${outputs.length})\n| output | action | before | after |\n|---|---|---|---|\n${shown.map(row).join('\n')}${more > 0 ? `\n\n…and ${more} more` : ''}`
  ]
}

function cell(text: string): string {
  return text === '' ? '' : inlineCode(text.replace(/\|/g, '\\|').replace(/\n/g, ' '))
}

function listOf<T>(items: readonly T[], limit: number, line: (item: T) => string): string {
  const shown = items.slice(0, limit).map(i => `- ${line(i)}`)
  const more = items.length - Math.min(items.length, limit)
  if (more > 0) shown.push(`- …and ${more} more (all are in the plan below and in the run log)`)
  return shown.join('\n')
}

function details(summary: string, body: string, open = true): string {
  return `<details${open ? ' open' : ''}><summary>${summary}</summary>\n\n${body}\n\n</details>`
}

/** The human plan, collapsed, cut to `budget`; undefined when even the cut version cannot fit. */
function renderHumanPlan(
  humanPlan: string | undefined,
  budget: number,
  runUrl: string
): string | undefined {
  if (humanPlan === undefined || humanPlan.trim() === '') return budget >= 0 ? '' : undefined
  const wrapperFor = (text: string): string =>
    `\n\n${details('Full plan (terraform show)', codeBlock(text), false)}`
  const plain = stripAnsi(humanPlan).trimEnd()
  const overhead = wrapperFor('').length + 16 // fence growth from backticks in the text
  if (budget - overhead < 400) return undefined
  return wrapperFor(cutToFit(plain, budget - overhead, runUrl))
}
