import { execFileSync, spawnSync } from 'node:child_process'
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parse } from 'yaml'
import type { BenchOptions, BenchRow } from './types.js'

/** Start-up targets of issue #12: each action within 1.3× the floor's start, and ≤ 64 MiB peak. */
const MAX_RATIO = 1.3
const MAX_PEAK_MIB = 64
const AGAINST = 'this machine, no cluster (missing-input path)'

/**
 * Loaded into every measured process with --import: as the process exits it writes its peak
 * resident memory (VmHWM of /proc/self/status, in KiB; getrusage's maxRSS where there is no /proc)
 * and its CPU time (user + system, µs) to fd 3. Peak memory is the kernel's high-water mark of the
 * whole process, read at its very end, not a sample. The hook itself is the same in every process.
 */
const HOOK = `import { readFileSync, writeSync } from 'node:fs'
process.on('exit', () => {
  const usage = process.resourceUsage()
  let peakKiB = usage.maxRSS, how = 'getrusage maxRSS'
  try {
    const hwm = /^VmHWM:\\s*(\\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))
    if (hwm) { peakKiB = Number(hwm[1]); how = 'VmHWM' }
  } catch {}
  try { writeSync(3, JSON.stringify({ peakKiB, how, cpuUs: usage.userCPUTime + usage.systemCPUTime })) } catch {}
})
`

/** What a run must print: the floor's @actions/core message, or ours naming an input of action.yml. */
interface Expectation {
  readonly describe: string
  check(stdout: string): boolean
}

interface Subject {
  readonly name: string
  readonly bundle: string
  readonly expect: Expectation
}

interface Sample {
  readonly wallMs: number
  readonly cpuMs: number
  readonly peakMiB: number
  readonly how: string
}

/** The declared inputs of an action: its error on a missing input must name one of them. */
function inputsOf(action: string): string[] {
  const spec = parse(readFileSync(join('actions', action, 'action.yml'), 'utf8')) as {
    inputs?: Record<string, unknown>
  }
  return Object.keys(spec.inputs ?? {})
}

/**
 * Exactly one `::error::` line, naming one of the action's declared inputs in quotes, and nothing
 * that says it crashed (run-action.ts prints "looks like a bug" and a stack for non-input errors).
 */
function namesAnInput(action: string): Expectation {
  const inputs = inputsOf(action)
  return {
    describe: `one ::error:: naming an input of actions/${action}/action.yml, no stack`,
    check: stdout => {
      const errors = stdout.split('\n').filter(l => l.startsWith('::error::'))
      return (
        errors.length === 1 &&
        inputs.some(i => errors[0]?.includes(`'${i}'`)) &&
        !/looks like a bug|\n\s+at /.test(stdout)
      )
    }
  }
}

/** One run of a bundle with no INPUT_* variables: it must load, refuse and exit 1. */
function runOnce(subject: Subject, hook: string): Sample {
  const started = performance.now()
  const run = spawnSync(process.execPath, ['--import', hook, subject.bundle], {
    env: { PATH: process.env['PATH'] ?? '' },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    encoding: 'utf8'
  })
  const wallMs = performance.now() - started
  const stdout = run.stdout ?? ''
  if (subject.name !== 'node' && (run.status !== 1 || !subject.expect.check(stdout))) {
    throw new Error(
      `${subject.bundle} did not fail cleanly on missing inputs: exit ${run.status} (expected 1), expected ${subject.expect.describe}; it printed: ${`${stdout}${run.stderr ?? ''}`.slice(0, 300)}`
    )
  }
  const report = JSON.parse(String(run.output[3] ?? '') || '{}') as {
    peakKiB?: number
    how?: string
    cpuUs?: number
  }
  if (report.peakKiB === undefined || report.cpuUs === undefined)
    throw new Error(`${subject.bundle}: the exit hook reported nothing (${run.stderr ?? ''})`)
  return {
    wallMs,
    cpuMs: report.cpuUs / 1000,
    peakMiB: report.peakKiB / 1024,
    how: report.how ?? '?'
  }
}

/** The total size of a bundle's .js files (index.js and the chunks ncc split off). */
function chunks(bundle: string): string {
  const dist = dirname(bundle)
  const js = readdirSync(dist).filter(f => f.endsWith('.js'))
  const bytes = js.reduce((sum, f) => sum + statSync(join(dist, f)).size, 0)
  return `${(bytes / 1024 / 1024).toFixed(2)} MB in ${js.length} file(s)`
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length / 2
  return sorted.length % 2 === 1
    ? (sorted[Math.floor(mid)] ?? Number.NaN)
    : ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2
}

/**
 * ncc-bundles the floor action (bench/floor/index.ts, compiled by `npm run build` to
 * lib/bench/floor/index.js: @actions/core only) into a temporary directory, as the actions are.
 */
function buildFloor(dir: string): string {
  const source = join(import.meta.dirname, 'floor', 'index.js')
  execFileSync('npx', ['ncc', 'build', source, '-o', join(dir, 'floor'), '--quiet'], {
    stdio: 'ignore'
  })
  return join(dir, 'floor', 'index.js')
}

/**
 * Each bundled action (actions/<name>/dist/index.js) beside the floor action and bare Node, run in
 * interleaved rounds in one process tree so that load on the machine falls on all of them alike:
 * one untimed warm-up round (file cache, ncc's output on disk), then N timed rounds, each in a
 * rotated order. Start-up is the wall time from spawn to exit of the missing-input path; the
 * ratio to the floor is of medians. Every run's exit code and error text are checked.
 */
export async function bench(options: BenchOptions): Promise<BenchRow[]> {
  const rounds = options.smoke ? 3 : 11
  const dir = mkdtempSync(join(tmpdir(), 'elm-bench-actions-'))
  const rows: BenchRow[] = []
  const row = (metric: string, value: number, unit: string, note?: string): void =>
    void rows.push({
      area: 'actions',
      metric,
      value,
      unit,
      against: AGAINST,
      ...(note ? { note } : {})
    })
  try {
    const hookFile = join(dir, 'peak-hook.mjs')
    writeFileSync(hookFile, HOOK)
    const hook = pathToFileURL(hookFile).href
    const empty = join(dir, 'empty.mjs')
    writeFileSync(empty, '')
    const subjects: Subject[] = [
      { name: 'node', bundle: empty, expect: { describe: 'nothing', check: () => true } },
      {
        name: 'floor',
        bundle: buildFloor(dir),
        expect: {
          describe: "@actions/core's '::error::Input required and not supplied: floor-input'",
          check: out => out.includes('::error::Input required and not supplied: floor-input')
        }
      },
      ...readdirSync('actions')
        .sort()
        .filter(name => existsSync(join('actions', name, 'dist', 'index.js')))
        .map(name => ({
          name,
          bundle: join('actions', name, 'dist', 'index.js'),
          expect: namesAnInput(name)
        }))
    ]
    const samples = new Map<string, Sample[]>(subjects.map(s => [s.name, []]))
    for (let round = 0; round <= rounds; round++) {
      const order = subjects.map((_, i) => subjects[(i + round) % subjects.length] as Subject)
      for (const subject of order) {
        const sample = runOnce(subject, hook)
        if (round > 0) samples.get(subject.name)?.push(sample)
      }
    }
    const stats = (name: string) => {
      const all = samples.get(name) ?? []
      return {
        wall: median(all.map(s => s.wallMs)),
        cpu: median(all.map(s => s.cpuMs)),
        peak: Math.max(...all.map(s => s.peakMiB)),
        how: all[0]?.how ?? '?'
      }
    }
    const node = stats('node')
    const floor = stats('floor')
    const of = `median of ${rounds} interleaved rounds after a warm-up round`
    row('bare Node (empty script) start-up', node.wall, 'ms', `${of}; for scale, not a target`)
    row(
      'bare Node peak memory',
      node.peak,
      'MiB',
      `${node.how} at exit; Node's own share of every figure below`
    )
    row(
      'floor (@actions/core only) start-up',
      floor.wall,
      'ms',
      `${of}; CPU ${floor.cpu.toFixed(0)} ms`
    )
    row('floor peak memory', floor.peak, 'MiB', `highest ${floor.how} at exit over ${rounds} runs`)
    for (const subject of subjects.slice(2)) {
      const m = stats(subject.name)
      const ratio = m.wall / floor.wall
      const verdict = options.smoke
        ? `smoke run: ${rounds} rounds are too few to judge the ${MAX_RATIO}× target`
        : ratio <= MAX_RATIO
          ? `target ≤ ${MAX_RATIO}× met`
          : `over the ${MAX_RATIO}× target`
      row(
        `${subject.name} bundle size (index.js, the start chunk)`,
        statSync(subject.bundle).size / 1024 / 1024,
        'MB',
        `${chunks(subject.bundle)} in all, with the chunks loaded on use`
      )
      row(
        `${subject.name} start-up`,
        m.wall,
        'ms',
        `${of}; CPU ${m.cpu.toFixed(0)} ms (${(m.cpu / floor.cpu).toFixed(2)}× the floor's)`
      )
      row(`${subject.name} start-up ÷ floor`, ratio, '×', verdict)
      row(
        `${subject.name} peak memory`,
        m.peak,
        'MiB',
        `highest ${m.how} at exit; ${m.peak <= MAX_PEAK_MIB ? `target ≤ ${MAX_PEAK_MIB} MiB met` : `over the ${MAX_PEAK_MIB} MiB target`}`
      )
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return rows
}
