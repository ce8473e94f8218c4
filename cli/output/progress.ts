import type { Terminal } from '../terminal.js'

/** Timers, injectable (the tests use real ones with short intervals). */
export interface ProgressTimers {
  now(): number
  setInterval(fn: () => void, ms: number): unknown
  clearInterval(handle: unknown): void
}

const realTimers: ProgressTimers = {
  now: () => Date.now(),
  setInterval: (fn, ms) => setInterval(fn, ms).unref(),
  clearInterval: handle => clearInterval(handle as NodeJS.Timeout)
}

/** The spinner of the live line (the braille frames most terminal spinners use). */
const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']

/** "45 s", "3 min 20 s". */
export function seconds(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min${s % 60 === 0 ? '' : ` ${s % 60} s`}`
}

/** What a long wait shows: what we wait for, set as the deploy moves on. */
export interface Progress {
  /** A terminal whose lines keep the live line below them (TTY) or reset the silence (else). */
  readonly terminal: Terminal
  /** What we are waiting for now, e.g. "deployment 890cd13d of website (1/2 healthy)". */
  set(status: string): void
  /** Runs `fn` (a question at the terminal) with the live line cleared and no progress lines. */
  paused<T>(fn: () => Promise<T>): Promise<T>
  /** Ends the live line / the progress lines. */
  stop(): void
}

/**
 * Progress during a long wait, the way `nomad job run` monitors a deployment: on a terminal a live
 * status line redrawn in place (a spinner, what we wait for, the time so far), with every other
 * line printed above it (hashicorp/nomad command/deployment_status.go `ttyMonitor`: go-glint
 * redraws the "Deployment … in progress..." spinner every 100 ms and keeps the finished lines;
 * `defaultMonitor` prints plain lines when stdout is not a terminal). Off a terminal (CI logs,
 * pipes) no escape codes: a "still waiting for …" line whenever nothing was printed for `everyMs`,
 * so a wait is never silent.
 */
export function withProgress(
  inner: Terminal,
  everyMs: number,
  initial: string,
  timers: ProgressTimers = realTimers,
  /** Show nothing until the first `set` (e.g. while a question may still be asked). */
  lazy = false
): Progress {
  const started = timers.now()
  let status = initial
  let last = started
  let frame = 0
  let drawn = false
  let hold = false
  let stopped = false
  const live = inner.isTTY ? inner.live : undefined
  // A pseudo-terminal of unknown size reports 0 columns: take 80 then.
  const width = (): number =>
    Math.max(20, (inner.columns !== undefined && inner.columns > 0 ? inner.columns : 80) - 1)
  const clear = (): void => {
    if (live && drawn) live('\r\x1b[2K')
    drawn = false
  }
  const draw = (): void => {
    if (!live || hold || stopped || handle === undefined) return
    const spin = FRAMES[frame++ % FRAMES.length] ?? ''
    const text = `${spin} ${status} (${seconds(timers.now() - started)})`
    const shown = text.length > width() ? `${text.slice(0, width() - 1)}…` : text
    live(`\r\x1b[2K${inner.color === true ? `\x1b[2m${shown}\x1b[0m` : shown}`)
    drawn = true
  }
  const tick = (): void => {
    if (hold || stopped) return
    if (live) {
      draw()
      return
    }
    const now = timers.now()
    if (now - last >= everyMs) {
      inner.err(
        `… still waiting for ${status} (nothing new for ${seconds(now - last)}, ${seconds(now - started)} in all)`
      )
      last = now
    }
  }
  let handle: unknown
  const start = (): void => {
    if (handle !== undefined || stopped) return
    last = timers.now()
    // Off a terminal a tick every 250 ms at most, so "nothing new for 15 s" says 15 s, not up to
    // a quarter more (the line is due when the silence reaches everyMs).
    handle = timers.setInterval(
      tick,
      live ? 250 : Math.min(250, Math.max(50, Math.floor(everyMs / 4)))
    )
  }
  if (!lazy) start()
  const around =
    (write: (text: string) => void) =>
    (text: string): void => {
      clear()
      write(text)
      last = timers.now()
      draw()
    }
  return {
    terminal: { ...inner, out: around(inner.out), err: around(inner.err) },
    set: text => {
      status = text
      start()
      draw()
    },
    paused: async fn => {
      clear()
      hold = true
      try {
        return await fn()
      } finally {
        hold = false
        last = timers.now()
        draw()
      }
    },
    stop: () => {
      if (stopped) return
      stopped = true
      if (handle !== undefined) timers.clearInterval(handle)
      clear()
    }
  }
}
