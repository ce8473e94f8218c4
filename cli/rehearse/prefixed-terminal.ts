import type { Terminal } from '../terminal.js'

/** A terminal that labels every line it prints (e.g. `[simulated]`), so no line can be mistaken. */
export function prefixedTerminal(inner: Terminal, prefix: string): Terminal {
  const label = (text: string): string =>
    text
      .replace(/\n$/, '')
      .split('\n')
      .map(line => `${prefix} ${line}`.trimEnd())
      .join('\n')
  return { ...inner, out: t => inner.out(label(t)), err: t => inner.err(label(t)) }
}
