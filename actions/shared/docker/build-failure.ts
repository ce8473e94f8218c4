/** What went wrong in a failed `docker build --progress=plain`, for a human. */
export interface BuildFailure {
  /** The failing Dockerfile step, e.g. `[build 3/3] RUN make`, when BuildKit names one. */
  readonly step: string | undefined
  /** BuildKit's one-line reason. */
  readonly reason: string
  /** The step's own last output lines (or the build's last lines when no step is named). */
  readonly lastLines: readonly string[]
}

/**
 * Reads BuildKit's plain progress: `#6 [build 3/3] RUN …` opens a step, `#6 0.120 text` is its
 * output and `#6 ERROR: …` marks it failed. Parse errors come before any step and only leave the
 * final line (`failed to solve …: dockerfile parse error line 2 …`).
 */
export function describeBuildFailure(output: string, keep = 10): BuildFailure {
  const lines = output.split(/\r?\n/)
  const errorLine = lines.map(l => /^#(\d+) ERROR: (.*)$/.exec(l)).find(m => m !== null)
  if (errorLine?.[1] !== undefined) {
    const id = errorLine[1]
    const header = lines.map(l => new RegExp(`^#${id} (\\[.+)$`).exec(l)).find(m => m !== null)
    const stepOutput = lines.flatMap(l => {
      const m = new RegExp(`^#${id} [0-9]+\\.[0-9]+ (.*)$`).exec(l)
      return m?.[1] === undefined ? [] : [m[1]]
    })
    return { step: header?.[1], reason: errorLine[2] ?? '', lastLines: stepOutput.slice(-keep) }
  }
  const meaningful = lines.map(l => l.trimEnd()).filter(l => l !== '')
  const last = meaningful.at(-1) ?? 'docker build failed without output'
  return {
    step: undefined,
    reason: last.replace(/^ERROR:\s*/, ''),
    lastLines: meaningful.slice(-keep)
  }
}

/** The message a user sees, e.g. in the action log and the failed step. */
export function formatBuildFailure(context: string, failure: BuildFailure): string {
  const where = failure.step === undefined ? 'before any step ran' : `at step ${failure.step}`
  const tail =
    failure.lastLines.length === 0
      ? ''
      : `\nLast output lines:\n${failure.lastLines.map(l => `  ${l}`).join('\n')}`
  return `Building ${context} failed ${where}: ${failure.reason}${tail}`
}
