/**
 * The deploy loop's failure report, with repeats said once: each failed allocation is a block
 * (`allocation <id> (…): …` then indented task lines); a block equal to an earlier one but for IDs
 * and timestamps becomes one line naming the first. Progress lines that differ only in their
 * counts keep their first and last. The same rule for every medium (a terminal, a log, the step
 * summary): a streaming sink the CLI's terminal wraps, and `dedupeLines` for a finished list.
 *
 * The simulated cluster's CSI client lines (`client: allocation <id>: volume <v> could not be
 * claimed …`, `client: allocation <id> claimed volume <v> after N s (attempt K) …`, from
 * simulated/csi.ts) come once per replacement allocation: each kind is printed in full for the first
 * allocation of a deployment, the later ones are counted into one line (`… N more allocations
 * waited for volume <v> the same way; …`) said before the next other line, and they do not break a
 * run of progress lines.
 *
 * Matching ignores colour escapes and the terminal's `✖ `/`error: ` prefix, so a coloured terminal
 * is deduplicated exactly like a pipe; lines are emitted as they came.
 */
export interface LineDedupe {
  /** One line (no newline). */
  line(text: string): void
  /** Emits what is held back (a block being read, a run of repeats or of progress lines). */
  flush(): void
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g
/** The terminal's prefixes of an error line (cli/output). */
const PREFIXES = ['error: ', '✖ ']
const PROGRESS = /^deployment [0-9a-f]{8} running: /
const HEADER = /^allocation ([0-9a-f]{8})\b/
const DEPLOYMENT = /^deployment ([0-9a-f]{8}) [a-z]+: /
const VOLUME_WAIT =
  /^((?:nomad )?client: )allocation ([0-9a-f]{8}): volume (\S+) could not be claimed\b/
const VOLUME_CLAIM =
  /^((?:nomad )?client: )allocation ([0-9a-f]{8}) claimed volume (\S+) after (\d+) s \(attempt (\d+)\)/

/** Held CSI client lines of one volume in one deployment (see the header). */
interface VolumeRun {
  readonly lead: string
  /** Which kinds (VOLUME_WAIT, VOLUME_CLAIM) were printed in full already. */
  readonly shown: Set<RegExp>
  readonly ids: Set<string>
  readonly claimSeconds: number[]
  readonly attempts: Set<string>
}

const span = (values: readonly number[]): string => {
  const lo = Math.min(...values)
  const hi = Math.max(...values)
  return lo === hi ? `${lo}` : `${lo}–${hi}`
}

/** Pure: the one line that stands for the held lines of a volume run. */
export function volumeRunLine(volume: string, run: VolumeRun): string | undefined {
  const n = run.ids.size
  if (n === 0) return undefined
  const claimed = run.claimSeconds.length
  const attempts = [...run.attempts].sort((a, b) => Number(a) - Number(b)).join(', ')
  const after =
    claimed === 0
      ? ''
      : `; ${claimed === n ? (n > 1 ? 'each' : 'it') : claimed} claimed it after ${span(run.claimSeconds)} s (attempt ${attempts})`
  return `${run.lead}… ${n} more allocation${n > 1 ? 's' : ''} waited for volume ${volume} the same way${after}`
}

const plain = (line: string): { prefix: string; text: string } => {
  const bare = line.replace(ANSI, '')
  const prefix = PREFIXES.find(p => bare.startsWith(p)) ?? ''
  return { prefix, text: bare.slice(prefix.length) }
}

const shape = (lines: readonly string[]): string =>
  lines
    .map(l =>
      plain(l)
        .text.replace(/\b[0-9a-f]{8}(-[0-9a-f]{4}){0,4}(-[0-9a-f]{12})?\b/g, '<id>')
        .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>')
        .replace(/\[\d+\]/g, '[n]')
    )
    .join('\n')

export function createLineDedupe(emit: (line: string) => void): LineDedupe {
  const seen = new Map<string, string>()
  let block: { header: string; id: string; lines: string[] } | undefined
  let repeats: { prefix: string; first: string; ids: string[] } | undefined
  let progress: { shape: string; skipped: number; last: string; prefix: string } | undefined
  let deploymentId: string | undefined
  const volumes = new Map<string, VolumeRun>()
  const flushVolumes = (): void => {
    for (const [volume, run] of volumes) {
      const summary = volumeRunLine(volume, run)
      if (summary !== undefined) emit(summary)
      run.ids.clear()
      run.claimSeconds.length = 0
      run.attempts.clear()
    }
  }
  /** A line about a deployment: a new deployment shows its first CSI client lines in full again. */
  const seeDeployment = (text: string): void => {
    const id = DEPLOYMENT.exec(text)?.[1]
    if (id === undefined || id === deploymentId) return
    // Lines before the first deployment line (the claim wait starts at placement, before the
    // watch) belong to that deployment.
    if (deploymentId !== undefined) {
      flushAll()
      volumes.clear()
    }
    deploymentId = id
  }
  const flushRepeats = (): void => {
    if (repeats === undefined) return
    const { prefix, first, ids } = repeats
    const named =
      ids.length > 3 ? `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more` : ids.join(', ')
    emit(
      `${prefix}${ids.length} more allocation${ids.length > 1 ? 's' : ''} failed the same way as ${first}: ${named}`
    )
    repeats = undefined
  }
  const flushProgress = (): void => {
    if (progress === undefined) return
    if (progress.skipped > 1) emit(`${progress.prefix}  … ${progress.skipped - 1} more like it`)
    if (progress.skipped > 0) emit(progress.last)
    progress = undefined
  }
  const flushBlock = (): void => {
    if (block === undefined) return
    const key = shape([block.header, ...block.lines])
    const first = seen.get(key)
    if (first === undefined) {
      flushRepeats()
      seen.set(key, block.id)
      emit(block.header)
      for (const line of block.lines) emit(line)
    } else {
      const prefix = plain(block.header).prefix
      if (repeats !== undefined && repeats.first !== first) flushRepeats()
      repeats ??= { prefix, first, ids: [] }
      repeats.ids.push(block.id)
    }
    block = undefined
  }
  const flushAll = (): void => {
    flushBlock()
    flushRepeats()
    flushProgress()
    flushVolumes()
  }
  /** A CSI client line: true when it was held (counted) rather than to be printed. */
  const heldVolumeLine = (text: string): boolean => {
    const wait = VOLUME_WAIT.exec(text)
    const claim = wait ? undefined : VOLUME_CLAIM.exec(text)
    const m = wait ?? claim
    if (!m) return false
    // Stryker disable next-line StringLiteral: each group takes part in every match of its regex
    const [, lead = '', id = '', volume = ''] = m
    let run = volumes.get(volume)
    if (run === undefined) {
      run = {
        lead,
        shown: new Set(),
        ids: new Set(),
        // Stryker disable next-line ArrayDeclaration: a new run's first line is always printed in full, and printing it empties claimSeconds (flushAll) before anything is counted
        claimSeconds: [],
        attempts: new Set()
      }
      volumes.set(volume, run)
    }
    const kind = wait ? VOLUME_WAIT : VOLUME_CLAIM
    if (!run.shown.has(kind)) {
      run.shown.add(kind)
      return false
    }
    run.ids.add(id)
    if (claim) {
      run.claimSeconds.push(Number(claim[4]))
      // Stryker disable next-line StringLiteral: the attempt group takes part in every match
      run.attempts.add(claim[5] ?? '')
    }
    return true
  }
  return {
    line(line) {
      const { prefix, text } = plain(line)
      const header = HEADER.exec(text)
      seeDeployment(text)
      if (heldVolumeLine(text)) return
      if (PROGRESS.test(text)) {
        flushBlock()
        flushRepeats()
        // Counts and their plurals differ from line to line; the shape is the rest.
        // Stryker disable next-line StringLiteral: another deployment's line ends the run first (seeDeployment), and within one deployment digits only ever stand where digits stand, so '' tells the same lines apart as '#'
        const counts = text.replace(/\d+/g, '#')
        const s = counts.replace(/([a-z])s\b/g, '$1')
        if (progress !== undefined && progress.shape === s) {
          progress.skipped++
          progress.last = line
        } else {
          flushProgress()
          progress = { shape: s, skipped: 0, last: line, prefix }
          emit(line)
        }
      } else if (header) {
        flushBlock()
        flushProgress()
        // Stryker disable next-line StringLiteral: the id group takes part in every match of HEADER
        block = { header: line, id: header[1] ?? '', lines: [] }
      } else if (block !== undefined && /^\s{2,}/.test(text)) {
        block.lines.push(line)
      } else {
        flushAll()
        emit(line)
      }
    },
    flush: flushAll
  }
}

/** A finished list of lines, deduplicated by the same rule (the step summary's "What failed"). */
export function dedupeLines(lines: readonly string[]): string[] {
  const out: string[] = []
  const d = createLineDedupe(line => void out.push(line))
  for (const line of lines) d.line(line)
  d.flush()
  return out
}
