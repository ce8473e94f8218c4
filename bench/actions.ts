import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { BenchRow } from './types.js'

/** Each bundled action: bundle size, and start-up time to its first decision (missing inputs → exit). */
export async function bench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = []
  for (const name of readdirSync('actions').sort()) {
    const bundle = join('actions', name, 'dist', 'index.js')
    if (!existsSync(bundle)) continue
    rows.push({
      area: 'actions',
      metric: `${name} bundle size`,
      value: statSync(bundle).size / 1024 / 1024,
      unit: 'MB'
    })
    const times: number[] = []
    for (let i = 0; i < 5; i++) {
      const started = performance.now()
      // No INPUT_* variables: every action loads, reads its inputs and stops with an input error.
      spawnSync(process.execPath, [bundle], {
        env: { PATH: process.env['PATH'] ?? '' },
        stdio: 'ignore'
      })
      times.push(performance.now() - started)
    }
    times.sort((a, b) => a - b)
    rows.push({
      area: 'actions',
      metric: `${name} start-up (median of 5)`,
      value: times[2] ?? 0,
      unit: 'ms'
    })
  }
  return rows
}
