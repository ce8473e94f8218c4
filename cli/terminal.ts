import type { Logger, Outputs, StepSummary } from '../actions/shared/ports.js'

/** Where the CLI writes: stdout for results, stderr for progress. Injectable for tests. */
export interface Terminal {
  out(text: string): void
  err(text: string): void
  readonly isTTY: boolean
  /** Colour escapes are wanted (NO_COLOR / FORCE_COLOR honoured, https://no-color.org). */
  readonly color?: boolean
  /** Writes to stderr as is (no newline): the live status line on a TTY (cli/output/progress.ts). */
  readonly live?: ((text: string) => void) | undefined
  /** The terminal's width, when it is one. */
  readonly columns?: number | undefined
  /**
   * Asks a yes/no question of the person at the terminal. Undefined when nobody can answer
   * (stdin or stderr is not a terminal): callers then need `--yes`.
   */
  readonly confirm?: ((question: string) => Promise<boolean>) | undefined
  /**
   * Asks an open question (one line back, trimmed). Undefined, like `confirm`, when nobody can
   * answer: callers then name the flag that answers it.
   */
  readonly ask?: ((question: string) => Promise<string>) | undefined
}

/** Whether to colour: NO_COLOR (any non-empty value) wins, then FORCE_COLOR, then "is a TTY". */
export function wantsColor(
  env: Readonly<Record<string, string | undefined>>,
  tty: boolean
): boolean {
  if ((env['NO_COLOR'] ?? '') !== '') return false
  const force = env['FORCE_COLOR']
  if (force !== undefined) return force !== '0' && force !== 'false'
  return tty
}

/** A yes/no answer: y or yes (any case) is yes; anything else, including an empty line, is no. */
export function isYes(answer: string): boolean {
  return /^\s*y(es)?\s*$/i.test(answer)
}

interface Sink {
  write(text: string): unknown
  on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown
}

/**
 * Writes to a stream whose reader may go away (`elm-infra … | head -1`). A closed pipe (EPIPE) is
 * the reader's choice: later writes are dropped and the command runs to its end, so the exit code
 * (and e.g. failing a deployment when its watch fails) stays true. Other stream errors are thrown.
 */
export function pipeSafe(stream: Sink): { write(text: string): void; readonly closed: boolean } {
  let closed = false
  stream.on('error', error => {
    if (error.code === 'EPIPE') closed = true
    else throw error
  })
  return {
    write(text) {
      if (!closed) stream.write(text.endsWith('\n') ? text : `${text}\n`)
    },
    get closed() {
      return closed
    }
  }
}

/** The process's terminal: stdout/stderr guarded against closed pipes, questions on stdin. */
export function createProcessTerminal(env: Readonly<Record<string, string | undefined>>): Terminal {
  const out = pipeSafe(process.stdout)
  const err = pipeSafe(process.stderr)
  const interactive = Boolean(process.stdin.isTTY && process.stderr.isTTY)
  return {
    out: text => out.write(text),
    err: text => err.write(text),
    isTTY: Boolean(process.stderr.isTTY),
    color: wantsColor(env, Boolean(process.stderr.isTTY)),
    live: process.stderr.isTTY
      ? text => {
          if (!err.closed) process.stderr.write(text)
        }
      : undefined,
    columns: process.stderr.columns,
    confirm: interactive
      ? async question => {
          const { createInterface } = await import('node:readline/promises')
          const rl = createInterface({ input: process.stdin, output: process.stderr })
          try {
            return isYes(await rl.question(`${question} [y/N] `))
          } finally {
            rl.close()
          }
        }
      : undefined,
    ask: interactive
      ? async question => {
          const { createInterface } = await import('node:readline/promises')
          const rl = createInterface({ input: process.stdin, output: process.stderr })
          try {
            return (await rl.question(`${question} `)).trim()
          } finally {
            rl.close()
          }
        }
      : undefined
  }
}

/** A Logger for a terminal: symbols and indentation on a TTY, plain prefixed lines otherwise. */
export function terminalLogger(t: Terminal, prefix = ''): Logger {
  const paint = (code: number, text: string): string =>
    t.color === true ? `\x1b[${code}m${text}\x1b[0m` : text
  const line = (tag: string, symbol: string, message: string): void =>
    t.err(
      t.isTTY
        ? `${prefix}${paint(tag === 'error:' ? 31 : 33, symbol)} ${message}`
        : `${prefix}${t.color === true ? paint(tag === 'error:' ? 31 : 33, tag) : tag} ${message}`
    )
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
