/**
 * The deploy loop's failure report, with repeats said once: each failed allocation is a block
 * (`allocation <id> (…): …` then indented task lines); a block equal to an earlier one but for IDs
 * and timestamps becomes one line naming the first. Progress lines that differ only in their
 * counts keep their first and last. The same rule for every medium (a terminal, a log, the step
 * summary): a streaming sink the CLI's terminal wraps, and `dedupeLines` for a finished list.
 *
 * Matching ignores colour escapes and the terminal's `✖ `/`error: ` prefix, so a coloured terminal
 * is deduplicated exactly like a pipe; lines are emitted as they came.
 */
export interface LineDedupe {
  /** One line (no newline). */
  line(text: string): void
  /** Emits what is held back (a block being read, a run of repeats or of progress lines). */
  flush(): void
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g
const PREFIX = /^((?:error: |✖ )?)/
const PROGRESS = /^deployment [0-9a-f]{8} running: /
const HEADER = /^allocation ([0-9a-f]{8})\b/

const plain = (line: string): { prefix: string; text: string } => {
  const bare = line.replace(ANSI, '')
  const prefix = PREFIX.exec(bare)?.[1] ?? ''
  return { prefix, text: bare.slice(prefix.length) }
}

const shape = (lines: readonly string[]): string =>
  lines
    .map(l =>
      plain(l)
        .text.replace(/\b[0-9a-f]{8}(-[0-9a-f]{4}){0,4}(-[0-9a-f]{12})?\b/g, '<id>')
        .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>')
        .replace(/\[\d+\]/g, '[n]')
    )
    .join('\n')

export function createLineDedupe(emit: (line: string) => void): LineDedupe {
  const seen = new Map<string, string>()
  let block: { header: string; id: string; lines: string[] } | undefined
  let repeats: { prefix: string; first: string; ids: string[] } | undefined
  let progress: { shape: string; skipped: number; last: string; prefix: string } | undefined
  const flushRepeats = (): void => {
    if (repeats === undefined) return
    const { prefix, first, ids } = repeats
    const named =
      ids.length > 3 ? `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more` : ids.join(', ')
    emit(
      `${prefix}${ids.length} more allocation${ids.length > 1 ? 's' : ''} failed the same way as ${first}: ${named}`
    )
    repeats = undefined
  }
  const flushProgress = (): void => {
    if (progress === undefined) return
    if (progress.skipped > 1) emit(`${progress.prefix}  … ${progress.skipped - 1} more like it`)
    if (progress.skipped > 0) emit(progress.last)
    progress = undefined
  }
  const flushBlock = (): void => {
    if (block === undefined) return
    const key = shape([block.header, ...block.lines])
    const first = seen.get(key)
    if (first === undefined) {
      flushRepeats()
      seen.set(key, block.id)
      emit(block.header)
      for (const line of block.lines) emit(line)
    } else {
      const prefix = plain(block.header).prefix
      if (repeats !== undefined && repeats.first !== first) flushRepeats()
      repeats ??= { prefix, first, ids: [] }
      repeats.ids.push(block.id)
    }
    block = undefined
  }
  const flushAll = (): void => {
    flushBlock()
    flushRepeats()
    flushProgress()
  }
  return {
    line(line) {
      const { prefix, text } = plain(line)
      const header = HEADER.exec(text)
      if (PROGRESS.test(text)) {
        flushBlock()
        flushRepeats()
        // Counts and their plurals differ from line to line; the shape is the rest.
        const s = text.replace(/\d+/g, '#').replace(/([a-z])s\b/g, '$1')
        if (progress !== undefined && progress.shape === s) {
          progress.skipped++
          progress.last = line
        } else {
          flushProgress()
          progress = { shape: s, skipped: 0, last: line, prefix: prefix === '' ? '' : prefix }
          emit(line)
        }
      } else if (header) {
        flushBlock()
        flushProgress()
        block = { header: line, id: header[1] ?? '', lines: [] }
      } else if (block !== undefined && /^\s{2,}/.test(text)) {
        block.lines.push(line)
      } else {
        flushAll()
        emit(line)
      }
    },
    flush: flushAll
  }
}

/** A finished list of lines, deduplicated by the same rule (the step summary's "What failed"). */
export function dedupeLines(lines: readonly string[]): string[] {
  const out: string[] = []
  const d = createLineDedupe(line => void out.push(line))
  for (const line of lines) d.line(line)
  d.flush()
  return out
}
