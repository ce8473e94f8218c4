import type { Clock } from '../../ports.js'

interface Sleeper {
  readonly at: number
  readonly seq: number
  readonly resolve: () => void
}

/** Options for a {@link TestClock}. */
export interface TestClockOptions {
  /** Start time in epoch ms (default 2026-01-01T00:00:00Z). */
  readonly start?: number
  /**
   * When set, the clock jumps to the next pending sleeper after this many REAL milliseconds in
   * which nobody advanced it: virtual time that runs as fast as the code under test lets it.
   */
  readonly autoAdvanceAfterMs?: number
}

/**
 * A controllable clock for tests and benchmarks: time moves only through `advance`/`runUntil`
 * (or automatically when idle, if `autoAdvanceAfterMs` is set).
 */
export class TestClock implements Clock {
  #now: number
  #seq = 0
  #sleepers: Sleeper[] = []
  #idleTimer: ReturnType<typeof setTimeout> | undefined
  readonly #autoAdvanceAfterMs: number | undefined

  constructor(options: TestClockOptions = {}) {
    this.#now = options.start ?? Date.UTC(2026, 0, 1)
    this.#autoAdvanceAfterMs = options.autoAdvanceAfterMs
  }

  now(): number {
    return this.#now
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason)
      const sleeper: Sleeper = {
        at: this.#now + Math.max(0, ms),
        seq: this.#seq++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort)
          resolve()
        }
      }
      const onAbort = (): void => {
        this.#sleepers = this.#sleepers.filter(s => s !== sleeper)
        reject(signal?.reason)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.#sleepers.push(sleeper)
      this.#armAutoAdvance()
    })
  }

  /** Number of pending sleepers (timers) on this clock. */
  get pendingTimers(): number {
    return this.#sleepers.length
  }

  /** Moves time forward by `ms`, waking sleepers in order and letting their work run in between. */
  async advance(ms: number): Promise<void> {
    await this.runUntil(this.#now + ms)
  }

  /** Moves time to `target` (epoch ms), waking every sleeper due on the way. */
  async runUntil(target: number): Promise<void> {
    await flushTasks()
    for (;;) {
      const next = this.#earliest()
      if (!next || next.at > target) break
      this.#sleepers = this.#sleepers.filter(s => s !== next)
      this.#now = Math.max(this.#now, next.at)
      next.resolve()
      await flushTasks()
    }
    this.#now = Math.max(this.#now, target)
    await flushTasks()
  }

  /** Jumps to the next pending sleeper (if any) and wakes it; returns false when none is pending. */
  async advanceToNext(): Promise<boolean> {
    const next = this.#earliest()
    if (!next) return false
    await this.runUntil(next.at)
    return true
  }

  #earliest(): Sleeper | undefined {
    let best: Sleeper | undefined
    for (const s of this.#sleepers) {
      if (!best || s.at < best.at || (s.at === best.at && s.seq < best.seq)) best = s
    }
    return best
  }

  #armAutoAdvance(): void {
    const idle = this.#autoAdvanceAfterMs
    if (idle === undefined) return
    if (this.#idleTimer) clearTimeout(this.#idleTimer)
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = undefined
      void this.advanceToNext().then(() => {
        if (this.#sleepers.length > 0) this.#armAutoAdvance()
      })
    }, idle)
    this.#idleTimer.unref()
  }
}

/** Lets pending promise callbacks and immediates run (several turns, for chained async work). */
export async function flushTasks(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>(resolve => setImmediate(resolve))
}
