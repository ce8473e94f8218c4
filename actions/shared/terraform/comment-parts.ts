/** Small markdown helpers shared by the Terraform comments. */

import { safeCutIndex, safeTailIndex } from '../cut-text.js'

/** GitHub rejects issue comment bodies longer than this. */
export const COMMENT_LIMIT = 65_536

/** The hidden marker that finds a working directory's sticky comment (kind: plan | apply). */
export function commentMarker(kind: 'plan' | 'apply', workingDirectory: string): string {
  const dir = workingDirectory.replace(/[^A-Za-z0-9._/]/g, '_')
  return `<!-- elm-infra:terraform-${kind} ${dir} -->`
}

/** A fenced code block whose fence is longer than any backtick run inside the text. */
export function codeBlock(text: string, language = 'text'): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map(m => m[0].length))
  const fence = '`'.repeat(longest + 1)
  return `${fence}${language}\n${text}\n${fence}`
}

/** Inline code that survives backticks in the value. */
export function inlineCode(text: string): string {
  return text.includes('`') ? `<code>${escapeHtml(text)}</code>` : `\`${text}\``
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** Removes ANSI colour codes a tool may print despite -no-color. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '')
}

/**
 * Cuts `text` to at most `budget` characters, keeping its start (the first resources) and its end
 * (the Plan: line, errors), with a note in the middle saying what was cut and where the rest is.
 */
export function cutToFit(text: string, budget: number, runUrl: string): string {
  if (text.length <= budget) return text
  const note = (cut: number): string =>
    `\n\n… ${cut.toLocaleString('en-US')} characters cut here to fit GitHub's comment limit; the full output is in the run log: ${runUrl}\n\n`
  const keep = Math.max(0, budget - note(text.length).length)
  let head = text.slice(0, safeCutIndex(text, keep - Math.floor(keep / 3)))
  let tail =
    Math.floor(keep / 3) > 0
      ? text.slice(safeTailIndex(text, text.length - Math.floor(keep / 3)))
      : ''
  // Cut at line ends where a line end is near, so no line is shown half.
  const lastBreak = head.lastIndexOf('\n')
  if (lastBreak > head.length / 2) head = head.slice(0, lastBreak)
  const firstBreak = tail.indexOf('\n')
  if (firstBreak >= 0 && firstBreak < tail.length / 2) tail = tail.slice(firstBreak + 1)
  return head + note(text.length - head.length - tail.length) + tail
}
