import type { InputSource } from './inputs.js'

/**
 * The narrow interfaces between pure logic and the world. main() receives these; tests pass
 * in-memory fakes that `satisfies` them.
 */

/** Progress output: @actions/core on GitHub, the terminal in elm-infra. */
export interface Logger {
  info(message: string): void
  warning(message: string, where?: { file?: string; startLine?: number }): void
  error(message: string, where?: { file?: string; startLine?: number }): void
  debug(message: string): void
  /** Runs fn inside a collapsible log group. */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>
}

/** Markdown for the step summary; written once per action. */
export interface StepSummary {
  write(markdown: string): Promise<void>
}

/** Action outputs. */
export interface Outputs {
  set(name: string, value: string): void
}

/** Secrets that must never reach a log line. */
export interface SecretMasker {
  mask(secret: string): void
}

export interface CommandResult {
  readonly exitCode: number
  readonly stdout: string
  readonly stderr: string
}

export interface RunOptions {
  readonly cwd?: string
  readonly env?: Readonly<Record<string, string>>
  readonly input?: string
  /** Echo output live to the log (default false: captured only). */
  readonly stream?: boolean
}

/** Runs a process to completion and returns its exit code and output; never throws on exit code. */
export interface CommandRunner {
  run(command: string, args: readonly string[], options?: RunOptions): Promise<CommandResult>
}

/** Wall clock and sleeping, injectable so tests and the simulated cluster control time. */
export interface Clock {
  now(): number
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason)
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }, ms)
      const onAbort = (): void => {
        clearTimeout(timer)
        reject(signal?.reason)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
    })
}

/** What every action's main() receives from the runner: inputs, log, summary, outputs, masking. */
export interface ActionIo {
  readonly inputs: InputSource
  readonly logger: Logger
  readonly summary: StepSummary
  readonly outputs: Outputs
  readonly masker: SecretMasker
}
