import { createLineDedupe } from '../../actions/shared/nomad/deploy/dedupe.js'
import type { Terminal } from '../terminal.js'

/**
 * A terminal that prints a repeated failure once (actions/shared/nomad/deploy/dedupe.ts: the same
 * rule as the step summary's). Lines on stderr pass through the deduplication; a line on stdout
 * first flushes what is held back, so the order stays true.
 */
export function dedupeAllocationBlocks(inner: Terminal): Terminal & { flush(): void } {
  const dedupe = createLineDedupe(line => inner.err(line))
  return {
    ...inner,
    out: text => {
      dedupe.flush()
      inner.out(text)
    },
    err: text => {
      for (const line of text.replace(/\n$/, '').split('\n')) dedupe.line(line)
    },
    flush: () => dedupe.flush()
  }
}
