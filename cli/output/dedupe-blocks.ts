import type { Terminal } from '../terminal.js'

/**
 * A terminal that prints a repeated failure once: the deploy loop logs each failed allocation as
 * a block (`allocation <id> (…): …` then indented task lines); a block equal to an earlier one but
 * for IDs and timestamps becomes one line naming the first. Everything else passes through.
 */
export function dedupeAllocationBlocks(inner: Terminal): Terminal & { flush(): void } {
  const seen = new Map<string, string>()
  let block: { header: string; id: string; lines: string[] } | undefined
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
      seen.set(key, block.id)
      inner.err(block.header)
      for (const line of block.lines) inner.err(line)
    } else {
      const prefix = HEADER.exec(block.header)?.[1] ?? ''
      inner.err(`${prefix}allocation ${block.id}: the same failure as ${first}`)
    }
    block = undefined
  }
  return {
    ...inner,
    out: text => {
      flush()
      inner.out(text)
    },
    err: text => {
      for (const line of text.replace(/\n$/, '').split('\n')) {
        const header = HEADER.exec(line)
        if (header) {
          flush()
          block = { header: line, id: header[2] ?? '', lines: [] }
        } else if (block !== undefined && /^(?:error: |✖ )?\s{2,}/.test(line)) {
          block.lines.push(line)
        } else {
          flush()
          inner.err(line)
        }
      }
    },
    flush
  }
}
