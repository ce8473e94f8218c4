import type { Terminal } from '../terminal.js'

/**
 * A terminal that prints a repeated failure once: the deploy loop logs each failed allocation as
 * a block (`allocation <id> (…): …` then indented task lines); a block equal to an earlier one but
 * for IDs and timestamps becomes one line naming the first. Everything else passes through.
 */
export function dedupeAllocationBlocks(inner: Terminal): Terminal & { flush(): void } {
  const seen = new Map<string, string>()
  let block: { header: string; id: string; lines: string[] } | undefined
  /** Repeats of one earlier failure, printed as one line. */
  let repeats: { prefix: string; first: string; ids: string[] } | undefined
  /** Progress lines that differ only in their counts: the first and the last are printed. */
  let progress: { shape: string; skipped: number; last: string } | undefined
  const flushRepeats = (): void => {
    if (repeats === undefined) return
    const { prefix, first, ids } = repeats
    const named =
      ids.length > 3 ? `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more` : ids.join(', ')
    inner.err(
      `${prefix}${ids.length} more allocation${ids.length > 1 ? 's' : ''} failed the same way as ${first}: ${named}`
    )
    repeats = undefined
  }
  const flushProgress = (): void => {
    if (progress === undefined) return
    if (progress.skipped > 1) inner.err(`  … ${progress.skipped - 1} more like it`)
    if (progress.skipped > 0) inner.err(progress.last)
    progress = undefined
  }
  const PROGRESS = /^deployment [0-9a-f]{8} running: /
  const HEADER = /^((?:error: |✖ )?)allocation ([0-9a-f]{8})\b/
  const shape = (lines: readonly string[]): string =>
    lines
      .map(l =>
        l
          .replace(/\b[0-9a-f]{8}(-[0-9a-f]{4}){0,4}(-[0-9a-f]{12})?\b/g, '<id>')
          .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>')
          .replace(/\[\d+\]/g, '[n]')
      )
      .join('\n')
  const flush = (): void => {
    if (block === undefined) return
    const key = shape([block.header, ...block.lines])
    const first = seen.get(key)
    if (first === undefined) {
      flushRepeats()
      seen.set(key, block.id)
      inner.err(block.header)
      for (const line of block.lines) inner.err(line)
    } else {
      const prefix = HEADER.exec(block.header)?.[1] ?? ''
      if (repeats !== undefined && repeats.first !== first) flushRepeats()
      repeats ??= { prefix, first, ids: [] }
      repeats.ids.push(block.id)
    }
    block = undefined
  }
  return {
    ...inner,
    out: text => {
      flush()
      flushRepeats()
      flushProgress()
      inner.out(text)
    },
    err: text => {
      for (const line of text.replace(/\n$/, '').split('\n')) {
        const header = HEADER.exec(line)
        if (PROGRESS.test(line)) {
          flush()
          flushRepeats()
          // Counts and their plurals differ from line to line; the shape is the rest.
          const shape = line.replace(/\d+/g, '#').replace(/([a-z])s\b/g, '$1')
          if (progress !== undefined && progress.shape === shape) {
            progress.skipped++
            progress.last = line
          } else {
            flushProgress()
            progress = { shape, skipped: 0, last: line }
            inner.err(line)
          }
        } else if (header) {
          flush()
          flushProgress()
          block = { header: line, id: header[2] ?? '', lines: [] }
        } else if (block !== undefined && /^(?:error: |✖ )?\s{2,}/.test(line)) {
          block.lines.push(line)
        } else {
          flush()
          flushRepeats()
          flushProgress()
          inner.err(line)
        }
      }
    },
    flush: () => {
      flush()
      flushRepeats()
      flushProgress()
    }
  }
}
