import type { Logger, Outputs, StepSummary } from '../actions/shared/ports.js'

/** Where the CLI writes: stdout for results, stderr for progress. Injectable for tests. */
export interface Terminal {
  out(text: string): void
  err(text: string): void
  readonly isTTY: boolean
}

export const processTerminal: Terminal = {
  out: text => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: text => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  isTTY: Boolean(process.stderr.isTTY)
}

/** A Logger for a terminal: symbols and indentation on a TTY, plain prefixed lines otherwise. */
export function terminalLogger(t: Terminal, prefix = ''): Logger {
  const line = (tag: string, symbol: string, message: string): void =>
    t.err(t.isTTY ? `${prefix}${symbol} ${message}` : `${prefix}${tag} ${message}`)
  return {
    info: m => t.err(`${prefix}${m}`),
    warning: m => line('warning:', '⚠', m),
    error: m => line('error:', '✖', m),
    debug: m => {
      if (process.env['ELM_INFRA_DEBUG']) t.err(`${prefix}debug: ${m}`)
    },
    async group(name, fn) {
      t.err(t.isTTY ? `${prefix}▸ ${name}` : `${prefix}== ${name}`)
      return fn()
    }
  }
}

/** A step summary printed to the terminal, framed so it reads like GitHub's summary page. */
export function terminalSummary(t: Terminal, title = 'step summary'): StepSummary {
  return {
    write: async markdown => {
      t.out(`\n----- ${title} -----\n${markdown.trimEnd()}\n----- end of ${title} -----\n`)
    }
  }
}

/** Outputs collected in memory; the CLI prints them where useful. */
export function memoryOutputs(): Outputs & { readonly values: Record<string, string> } {
  const values: Record<string, string> = {}
  return { values, set: (name, value) => void (values[name] = value) }
}
