import { codeBlock, escapeMarkdown, inlineCode, table } from '../../markdown.js'
import { dedupeLines } from './dedupe.js'
import type { DeployResult } from './types.js'

const HEADLINE: Readonly<Record<DeployResult['status'], string>> = {
  success: '✅ Deployed',
  'no-changes': '✅ No changes',
  failure: '❌ Deploy failed',
  cancelled: '⛔ Deploy cancelled'
}

/**
 * The step summary: result, the facts, the plan's diff, what went wrong (repeats said once, as in
 * the terminal: dedupe.ts) and the closing paragraph the terminal ends with (failure-paragraph.ts),
 * so every medium tells the same story. Pure.
 */
export function renderDeploySummary(
  jobFile: string,
  r: DeployResult,
  closing: readonly string[] = []
): string {
  const facts = table(
    ['job', 'job version', 'deployment', 'promoted', 'rolled back to'],
    [
      [
        inlineCode(r.jobId || jobFile),
        r.jobVersion === undefined ? '—' : String(r.jobVersion),
        r.deploymentId ? inlineCode(r.deploymentId) : '—',
        r.promoted ? 'yes' : 'no',
        r.revertedTo === undefined
          ? '—'
          : `job version ${r.revertedTo}${r.revertedAppVersion ? ` (app ${escapeMarkdown(r.revertedAppVersion)})` : ''}`
      ]
    ]
  )
  const parts = [
    `## ${HEADLINE[r.status]}: ${inlineCode(jobFile)}`,
    '',
    escapeMarkdown(r.reason),
    ...(r.statusDescription && !r.reason.includes(r.statusDescription)
      ? ['', `Nomad's reason: ${escapeMarkdown(r.statusDescription)}`]
      : []),
    '',
    facts
  ]
  if (r.diffText.length > 0) parts.push('', '### Plan', '', codeBlock(r.diffText.join('\n')))
  if (r.details.length > 0)
    parts.push('', '### What failed', '', codeBlock(dedupeLines(r.details).join('\n')))
  if (closing.length > 0) parts.push('', '### What next', '', codeBlock(closing.join('\n')))
  return `${parts.join('\n')}\n`
}
