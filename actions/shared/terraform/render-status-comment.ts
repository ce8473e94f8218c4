import {
  codeBlock,
  commentMarker,
  COMMENT_LIMIT,
  cutToFit,
  inlineCode,
  stripAnsi
} from './comment-parts.js'
import type { Diagnostic } from './diagnostics.js'
import { countsLine } from './render-plan-comment.js'
import type { PlanSummary } from './summarise-plan.js'

export interface FailureReport {
  readonly kind: 'plan' | 'apply'
  readonly workingDirectory: string
  /** The Terraform command that failed: fmt, init, validate, plan, show or apply. */
  readonly step: string
  readonly diagnostics: readonly Diagnostic[]
  /** Terraform's output (stderr, else stdout), cut to fit. */
  readonly output: string
  readonly runUrl: string
}

/** The sticky comment when a Terraform step fails: what failed, Terraform's errors, the output. */
export function renderFailureComment(report: FailureReport): string {
  const errors = report.diagnostics.filter(d => d.severity === 'error')
  const head = [
    commentMarker(report.kind, report.workingDirectory),
    `### Terraform ${report.kind}: ${inlineCode(report.workingDirectory)} — \`terraform ${report.step}\` failed`,
    `> [!CAUTION]\n> Nothing was ${report.kind === 'plan' ? 'planned' : 'applied'}. ${
      report.step === 'fmt'
        ? 'Run `terraform fmt -recursive` and push again.'
        : 'Fix the error below and push again.'
    }`,
    ...errors.map(
      d =>
        `- **${d.summary}**${d.file ? ` (${inlineCode(`${d.file}${d.line ? `:${d.line}` : ''}`)})` : ''}${d.detail ? `\n\n  ${d.detail.replace(/\n/g, '\n  ')}` : ''}`
    )
  ].join('\n\n')
  const tail = `\n\n[Workflow run](${report.runUrl})\n`
  const budget = COMMENT_LIMIT - head.length - tail.length - 200
  const output = stripAnsi(report.output).trim()
  const block =
    output === ''
      ? ''
      : `\n\n<details><summary>Output of terraform ${report.step}</summary>\n\n${codeBlock(cutToFit(output, budget, report.runUrl))}\n\n</details>`
  return head + block + tail
}

export interface ApplyReport {
  readonly workingDirectory: string
  readonly pullRequest: number
  readonly sha: string
  readonly runUrl: string
  readonly summary: PlanSummary
  readonly outcome: 'applied' | 'refused' | 'nothing-to-apply'
  /** diffChanges lines when refused. */
  readonly differences?: readonly string[]
}

/** The PR comment after an apply: applied, nothing to do, or refused with the differences. */
export function renderApplyComment(report: ApplyReport): string {
  const title = `### Terraform apply: ${inlineCode(report.workingDirectory)} at ${inlineCode(report.sha.slice(0, 12))}`
  const parts = [commentMarker('apply', report.workingDirectory), title]
  if (report.outcome === 'refused') {
    const lines = report.differences ?? []
    const shown = cutToFit(lines.join('\n'), COMMENT_LIMIT - 2_000, report.runUrl)
    parts.push(
      `> [!CAUTION]\n> **Refused.** The plan for the merged code differs from the plan reviewed in #${report.pullRequest}; nothing was applied. Re-plan in a new pull request and review it.`,
      `#### What differs (${lines.length})\n\n${codeBlock(shown, 'diff')}`
    )
  } else if (report.outcome === 'nothing-to-apply') {
    parts.push(`Nothing to apply: the reviewed plan of #${report.pullRequest} has no changes.`)
  } else {
    parts.push(
      `Applied the plan reviewed in #${report.pullRequest}.`,
      countsLine(report.summary).replace('**Plan:', '**Applied:')
    )
  }
  parts.push(`[Workflow run](${report.runUrl})`)
  return `${parts.join('\n\n')}\n`
}
