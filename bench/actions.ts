import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BenchRow } from './types.js'

/** Start-up targets of issue #12: each action within 1.3× the floor's start, and ≤ 64 MiB peak. */
const MAX_RATIO = 1.3
const MAX_PEAK_MIB = 64

/** Writes the child's peak RSS (KiB, getrusage) to fd 3 as it exits. */
const PEAK_HOOK =
  'data:text/javascript,import{writeSync}from"node:fs";process.on("exit",()=>{try{writeSync(3,String(process.resourceUsage().maxRSS))}catch{}})'

interface StartUp {
  readonly medianMs: number
  readonly peakMiB: number
}

/**
 * Runs a bundle with no INPUT_* variables: it must load, find an input missing and exit 1 with
 * a message. One warm-up, then the median of 5 wall times and the highest peak RSS.
 */
function measure(bundle: string): StartUp {
  const times: number[] = []
  let peakKiB = 0
  for (let i = 0; i < 6; i++) {
    const started = performance.now()
    const run = spawnSync(process.execPath, ['--import', PEAK_HOOK, bundle], {
      env: { PATH: process.env['PATH'] ?? '' },
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      encoding: 'utf8'
    })
    const elapsed = performance.now() - started
    const said = `${run.stdout}${run.stderr}`
    if (run.status !== 1 || !/::error::/.test(said)) {
      throw new Error(
        `${bundle} did not fail cleanly on missing inputs (exit ${run.status}): ${said.slice(0, 300)}`
      )
    }
    if (i === 0) continue // warm-up (file cache)
    times.push(elapsed)
    peakKiB = Math.max(peakKiB, Number(run.output[3] ?? 0))
  }
  times.sort((a, b) => a - b)
  return { medianMs: times[2] ?? 0, peakMiB: peakKiB / 1024 }
}

/** ncc-bundles bench/floor/index.ts (@actions/core only) into a temporary directory. */
function buildFloor(): { bundle: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'elm-bench-floor-'))
  execFileSync(
    'npx',
    ['ncc', 'build', join(process.cwd(), 'bench', 'floor', 'index.ts'), '-o', dir, '--quiet'],
    { stdio: 'ignore' }
  )
  return { bundle: join(dir, 'index.js'), dir }
}

/**
 * Each bundled action beside the floor action, measured in the same run: bundle size, start-up
 * to its first decision (missing inputs → exit 1), peak memory, and the ratio to the floor.
 */
export async function bench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = []
  const floor = buildFloor()
  try {
    const base = measure(floor.bundle)
    rows.push(
      {
        area: 'actions',
        metric: 'floor (@actions/core only) start-up (median of 5)',
        value: base.medianMs,
        unit: 'ms'
      },
      { area: 'actions', metric: 'floor peak memory', value: base.peakMiB, unit: 'MiB' }
    )
    for (const name of readdirSync('actions').sort()) {
      const bundle = join('actions', name, 'dist', 'index.js')
      if (!existsSync(bundle)) continue
      rows.push({
        area: 'actions',
        metric: `${name} bundle size`,
        value: statSync(bundle).size / 1024 / 1024,
        unit: 'MB'
      })
      const m = measure(bundle)
      const ratio = m.medianMs / base.medianMs
      rows.push(
        {
          area: 'actions',
          metric: `${name} start-up (median of 5)`,
          value: m.medianMs,
          unit: 'ms'
        },
        {
          area: 'actions',
          metric: `${name} start-up ÷ floor`,
          value: ratio,
          unit: '×',
          note: ratio <= MAX_RATIO ? `target ≤ ${MAX_RATIO}× met` : `over the ${MAX_RATIO}× target`
        },
        {
          area: 'actions',
          metric: `${name} peak memory`,
          value: m.peakMiB,
          unit: 'MiB',
          note:
            m.peakMiB <= MAX_PEAK_MIB
              ? `target ≤ ${MAX_PEAK_MIB} MiB met`
              : `over the ${MAX_PEAK_MIB} MiB target`
        }
      )
    }
  } finally {
    rmSync(floor.dir, { recursive: true, force: true })
  }
  return rows
}
