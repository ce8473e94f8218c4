import type { Terminal } from '../terminal.js'

/**
 * Prints a progress line whenever nothing was printed for `everyMs` (a long blocking query, a
 * server that accepts and never answers), so a wait is never silent. `stop()` ends it.
 */
export function withHeartbeat(
  inner: Terminal,
  everyMs: number,
  line: (silentForMs: number) => string,
  timers: {
    now(): number
    setInterval(fn: () => void, ms: number): unknown
    clearInterval(handle: unknown): void
  } = {
    now: () => Date.now(),
    setInterval: (fn, ms) => setInterval(fn, ms).unref(),
    clearInterval: handle => clearInterval(handle as NodeJS.Timeout)
  }
): { terminal: Terminal; stop(): void } {
  let last = timers.now()
  const touch = (): void => void (last = timers.now())
  const handle = timers.setInterval(
    () => {
      const silent = timers.now() - last
      if (silent >= everyMs) {
        inner.err(line(silent))
        touch()
      }
    },
    Math.max(250, Math.floor(everyMs / 4))
  )
  return {
    terminal: {
      ...inner,
      out: text => {
        touch()
        inner.out(text)
      },
      err: text => {
        touch()
        inner.err(text)
      }
    },
    stop: () => timers.clearInterval(handle)
  }
}
