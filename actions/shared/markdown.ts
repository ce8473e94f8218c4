/**
 * Pure Markdown builders for PR comments, issues and step summaries. Everything GitHub-flavoured
 * that is easy to get subtly wrong (pipes in table cells, backticks inside code, HTML comments)
 * lives here once.
 */

const MARKER_ID = /^[A-Za-z0-9][A-Za-z0-9._:/@+=-]*$/

/** Backslash-escapes Markdown punctuation so `text` renders literally (inline context). */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|~]/g, c => `\\${c}`)
    .replace(/^(\s*)([#+=-])/gm, '$1\\$2')
    .replace(/^(\s*)(\d+)([.)])/gm, '$1$2\\$3')
}

/** Escapes text for an HTML context such as `<summary>`. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** Makes one table cell safe: pipes escaped, line breaks become `<br>`, never an empty cell row. */
export function tableCell(value: string | number | boolean): string {
  const text = String(value)
    .replace(/\r\n?/g, '\n')
    .replace(/\\\|/g, '|')
    .replace(/\|/g, '\\|')
    .trim()
    .replace(/\n/g, '<br>')
  return text === '' ? ' ' : text
}

/** A GitHub table; cells are Markdown (code spans allowed) with pipes and newlines escaped. */
export function table(
  headers: readonly string[],
  rows: readonly (readonly (string | number | boolean)[])[]
): string {
  const width = headers.length
  const line = (cells: readonly (string | number | boolean)[]): string => {
    const padded = Array.from({ length: width }, (_, i) => tableCell(cells[i] ?? ''))
    return `| ${padded.join(' | ')} |`
  }
  return [line(headers), `|${' --- |'.repeat(width)}`, ...rows.map(line)].join('\n')
}

/** A collapsible block; `summary` is plain text, `body` is Markdown. */
export function details(summary: string, body: string, open = false): string {
  const tag = open ? '<details open>' : '<details>'
  return `${tag}<summary>${escapeHtml(summary)}</summary>\n\n${body}\n\n</details>`
}

/** The fence that cannot be closed by anything inside `text`: one backtick more than its longest run. */
export function fenceFor(text: string): string {
  const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), m => m[0].length))
  return '`'.repeat(Math.max(3, longest + 1))
}

/** A fenced code block that stays a code block whatever `text` contains. */
export function codeBlock(text: string, lang = ''): string {
  const fence = fenceFor(text)
  const info = lang.replace(/[`\s]/g, '')
  const body = text.endsWith('\n') ? text : `${text}\n`
  return `${fence}${info}\n${body}${fence}`
}

/** An inline code span that survives backticks inside `text`. */
export function inlineCode(text: string): string {
  const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), m => m[0].length))
  const ticks = '`'.repeat(longest + 1)
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : ''
  return `${ticks}${pad}${text}${pad}${ticks}`
}

/** The hidden line that lets us find our own comment or issue again: `<!-- elm-infra:<id> -->`. */
export function hiddenMarker(id: string): string {
  if (!MARKER_ID.test(id) || id.includes('--')) {
    throw new Error(`Marker id ${JSON.stringify(id)} must match ${String(MARKER_ID)} without '--'.`)
  }
  return `<!-- elm-infra:${id} -->`
}

/** A Markdown link whose text is escaped and whose URL cannot break out of the parentheses. */
export function link(text: string, url: string): string {
  return `[${escapeMarkdown(text)}](${url.replace(/[()\s]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})`
}
