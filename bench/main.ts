import { existsSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { BenchRow } from './types.js'

/**
 * `npm run bench`: runs every bench/<area>.js module (each exports `bench(): Promise<BenchRow[]>`)
 * and prints one table of figures measured on this run. Every figure says what it was measured
 * against (the simulated Nomad cluster is not a real one); a row that failed fails the bench
 * (exit 1), so CI's smoke run cannot pass on a broken area.
 */
const AREAS = ['nomad-deploy', 'plan-summary', 'drift', 'images', 'actions'] as const

/** What each area's figures are measured against, unless a row says otherwise. */
const AGAINST: Readonly<Record<(typeof AREAS)[number], string>> = {
  'nomad-deploy': 'simulated cluster',
  'plan-summary': 'recorded plans',
  drift: 'simulated cluster',
  images: 'local Docker + registry',
  actions: 'this machine'
}

function format(rows: readonly BenchRow[]): string {
  const head = ['area', 'metric', 'value', 'unit', 'measured against', 'note']
  const body = rows.map(r => [
    r.area,
    r.metric,
    formatValue(r.value),
    r.unit,
    r.against ?? AGAINST[r.area as (typeof AREAS)[number]] ?? 'this machine',
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
for (const area of AREAS) {
  const file = join(here, `${area}.js`)
  if (!existsSync(file)) {
    rows.push({
      area,
      metric: 'not measured',
      value: 0,
      unit: '-',
      note: `bench/${area}.ts is missing`
    })
    continue
  }
  const started = performance.now()
  try {
    const module = (await import(pathToFileURL(file).href)) as { bench: () => Promise<BenchRow[]> }
    rows.push(...(await module.bench()))
  } catch (error) {
    rows.push({
      area,
      metric: 'failed',
      value: 0,
      unit: '-',
      note: error instanceof Error ? error.message : String(error)
    })
  }
  process.stderr.write(
    `bench: ${area} took ${((performance.now() - started) / 1000).toFixed(1)} s\n`
  )
}
console.log(
  `elm-infra benchmarks — ${new Date().toISOString()} — ${cpus().length} cores, Node ${process.version}\n`
)
console.log(format(rows))
const failed = rows.filter(r => r.metric === 'failed' || r.metric === 'not measured')
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
