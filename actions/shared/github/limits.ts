import { safeCutIndex } from '../cut-text.js'
import { codeBlock, details, fenceFor } from '../markdown.js'

/**
 * GitHub refuses an issue/PR comment or issue body over 65,536 characters with a 422. Reports
 * disagree on the unit (code points, or 262,144 UTF-8 bytes); 65,536 UTF-16 code units is within
 * both (at most 196,608 bytes), so every length here is plain `String.length`.
 */
export const GITHUB_BODY_LIMIT = 65_536

export interface FitOptions {
  /** Where the full text can be read (the workflow run). */
  readonly runUrl: string
  readonly limit?: number
}

const LEADING_MARKER = /^<!--[\s\S]*?-->\n?/

/** The note appended when a body is cut. */
export function truncationNote(runUrl: string): string {
  return `\n\n> [!NOTE]\n> Truncated to fit GitHub's comment limit. The full output is in the [workflow run](${runUrl}).\n`
}

/** Keeps at most `budget` characters of `text`, ending at a line break when one is near enough. */
export function cutAtLine(text: string, budget: number): string {
  if (text.length <= budget) return text
  const hard = safeCutIndex(text, budget)
  // A line break right at the cut counts: the line before it fits whole.
  const newline = text.lastIndexOf('\n', hard)
  // (No line break gives -1, which is never in the second half.)
  return newline >= hard / 2 ? text.slice(0, newline) : text.slice(0, hard)
}

/** Closes a code fence or `<details>` left open by a cut, so the rest of the comment renders. */
function closersFor(kept: string): string {
  let closers = ''
  let open: string | undefined
  for (const match of kept.matchAll(/^ {0,3}(?:`{3,}|~{3,})/gm)) {
    const fence = match[0].trimStart()
    if (open === undefined) open = fence
    else if (fence[0] === open[0] && fence.length >= open.length) open = undefined
  }
  if (open !== undefined) closers += `\n${open}`
  const opened = (kept.match(/<details[\s>]/g) ?? []).length
  const closed = (kept.match(/<\/details>/g) ?? []).length
  for (let i = closed; i < opened; i++) closers += '\n\n</details>'
  return closers
}

/**
 * Fits a comment body to GitHub's limit: unchanged when it fits, otherwise cut at a line boundary,
 * open fences and `<details>` closed, a note with the run link appended, and a leading hidden
 * marker always kept.
 */
export function fitCommentBody(body: string, options: FitOptions): string {
  const limit = options.limit ?? GITHUB_BODY_LIMIT
  if (body.length <= limit) return body
  const note = truncationNote(options.runUrl)
  const marker = LEADING_MARKER.exec(body)?.[0] ?? ''
  const rest = body.slice(marker.length)
  let budget = limit - marker.length - note.length
  // Each attempt keeps strictly less than the one before, and in every sweep of limits.sweep.test.ts
  // the second one fits: the bounds only rule out a runaway loop, and no input we could build
  // reaches them, so their mutants cannot be told apart.
  // Stryker disable next-line EqualityOperator,ConditionalExpression,LogicalOperator,UpdateOperator: bounds no input reaches (above)
  for (let attempt = 0; attempt < 4 && budget > 0; attempt++) {
    const kept = cutAtLine(rest, budget)
    const fitted = `${marker}${kept}${closersFor(kept)}${note}`
    if (fitted.length <= limit) return fitted
    // Shrink from what was kept, not from the budget: a cut at a line usually keeps less than the
    // budget, and shrinking the budget by the overflow alone cut at the same line again.
    budget = kept.length - (fitted.length - limit)
  }
  return `${marker}${note}`.slice(0, safeCutIndex(`${marker}${note}`, limit))
}

/** The result of fitting one section's content into a budget. */
export interface FittedText {
  readonly text: string
  readonly truncated: boolean
  readonly omittedLines: number
}

/** Cuts `text` to `budget` characters at a line boundary and says how many lines were dropped. */
export function fitText(text: string, budget: number, note = ''): FittedText {
  if (text.length <= budget) return { text, truncated: false, omittedLines: 0 }
  const tail = (omitted: number): string => `\n… ${omitted} more lines not shown.${note}`
  const total = text.split('\n').length
  // Room for the longest tail (all lines omitted): the real one is never longer.
  const kept = cutAtLine(text, Math.max(0, budget - tail(total).length))
  const omitted = total - (kept === '' ? 0 : kept.split('\n').length)
  return { text: `${kept}${tail(omitted)}`, truncated: true, omittedLines: omitted }
}

/** A comment made of Markdown around one collapsible code block (e.g. a Terraform plan). */
export interface CollapsibleComment {
  readonly before: string
  readonly summary: string
  readonly content: string
  readonly lang?: string
  readonly after?: string
}

/**
 * Renders `before + <details>summary + code(content)</details> + after`, cutting only `content`
 * so the whole body fits the limit; the cut says where to read the rest.
 */
export function fitCollapsible(
  comment: CollapsibleComment,
  options: FitOptions
): { readonly body: string; readonly truncated: boolean } {
  const limit = options.limit ?? GITHUB_BODY_LIMIT
  const after = comment.after ?? ''
  const render = (content: string): string =>
    `${comment.before}${details(comment.summary, codeBlock(content, comment.lang))}${after}`
  const full = render(comment.content)
  if (full.length <= limit) return { body: full, truncated: false }
  const fence = fenceFor(comment.content)
  const overhead = render('').length + (fence.length - 3) * 2
  const note = ` Full output: ${options.runUrl}`
  const fitted = fitText(comment.content, limit - overhead - 1, note)
  const body = render(fitted.text)
  return { body: fitCommentBody(body, options), truncated: true }
}
