import { existsSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { BenchOptions, BenchRow } from './types.js'

/**
 * `npm run bench`: runs every bench/<area>.js module (each exports
 * `bench(options): Promise<BenchRow[]>`, and warms up before it times anything) and prints one
 * table of figures measured on this run. Every row says what it was measured against (the
 * simulated Nomad cluster is not a real one). A row that failed, an area that is missing, a missed
 * target, or (under CI=true) a skipped area fails the bench: exit 1.
 *
 * `npm run bench -- --smoke` (or BENCH_SMOKE=1), which CI runs: every area, small and fast (fewer
 * jobs and rounds). It proves the bench and the code it drives work; its start-up ratios come
 * from too few rounds to judge the 1.3× target, and say so.
 *
 * `--area <name>` (repeatable) runs only those areas, e.g. `npm run bench -- --area actions`.
 */
const AREAS = [
  'nomad-deploy',
  'plan-summary',
  'drift',
  'images',
  'actions',
  'package-site'
] as const
const only = process.argv.flatMap((arg, i) =>
  arg === '--area' ? [process.argv[i + 1] ?? ''] : arg.startsWith('--area=') ? [arg.slice(7)] : []
)
const unknown = only.filter(a => !(AREAS as readonly string[]).includes(a))
if (unknown.length > 0) {
  process.stderr.write(`bench: no area ${unknown.join(', ')}; the areas are ${AREAS.join(', ')}\n`)
  process.exit(2)
}
const options: BenchOptions = {
  smoke: process.argv.includes('--smoke') || process.env['BENCH_SMOKE'] === '1'
}

function format(rows: readonly BenchRow[]): string {
  const head = ['area', 'metric', 'value', 'unit', 'measured against', 'note']
  const body = rows.map(r => [
    r.area,
    r.metric,
    formatValue(r.value),
    r.unit,
    r.against,
    r.note ?? ''
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...body.map(row => (row[i] ?? '').length)))
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === 2 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd()
  return [line(head), line(widths.map(w => '-'.repeat(w))), ...body.map(line)].join('\n')
}

function formatValue(value: number): string {
  if (Number.isInteger(value)) return String(value)
  return value >= 100 ? value.toFixed(0) : value >= 1 ? value.toFixed(2) : value.toFixed(3)
}

const here = import.meta.dirname
const rows: BenchRow[] = []
for (const area of AREAS.filter(a => only.length === 0 || only.includes(a))) {
  const file = join(here, `${area}.js`)
  if (!existsSync(file)) {
    rows.push({
      area,
      metric: 'not measured',
      value: 0,
      unit: '-',
      note: `bench/${area}.ts is missing`,
      against: '-'
    })
    continue
  }
  const started = performance.now()
  try {
    const module = (await import(pathToFileURL(file).href)) as {
      bench: (options: BenchOptions) => Promise<BenchRow[]>
    }
    rows.push(...(await module.bench(options)))
  } catch (error) {
    rows.push({
      area,
      metric: 'failed',
      value: 0,
      unit: '-',
      note: error instanceof Error ? error.message : String(error),
      against: '-'
    })
  }
  process.stderr.write(
    `bench: ${area} took ${((performance.now() - started) / 1000).toFixed(1)} s\n`
  )
}
console.log(
  `elm-infra benchmarks${options.smoke ? ' (SMOKE RUN: small and fast; not a verdict on speed)' : ''} — ${new Date().toISOString()} — ${cpus().length} cores, load ${loadavg()[0]?.toFixed(2)}, Node ${process.version}\n`
)
console.log(format(rows))
// Under CI an area that could not run (no engine) is a failure, as for the engine tests.
const failed = rows.filter(
  r =>
    r.metric === 'failed' ||
    r.metric === 'not measured' ||
    (r.metric === 'skipped' && process.env['CI'] === 'true')
)
if (failed.length > 0) {
  process.stderr.write(
    `bench: ${failed.length} area(s) failed: ${failed.map(r => `${r.area} (${r.note ?? ''})`).join('; ')}\n`
  )
  process.exitCode = 1
}
// A speed target missed is a failed row too: the targets live here, so the bench must say so.
const missed = rows.filter(r =>
  /\bover the\b.*\btarget\b|\bnot met\b|\bMISSED\b/.test(r.note ?? '')
)
if (missed.length > 0) {
  process.stderr.write(
    `bench: ${missed.length} row(s) missed their target: ${missed.map(r => `${r.area} ${r.metric} = ${r.value} ${r.unit} (${r.note ?? ''})`).join('; ')}\n`
  )
  process.exitCode = 1
}
