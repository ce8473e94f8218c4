#!/usr/bin/env node
// `npm run mutate`: Stryker over each file of stryker.config.mjs in turn (MUTATE_FILE=<file>, so
// each mutant loads only that file's suites), then the per-file scores (scripts/mutation-score.js)
// over every file's report. Extra arguments go to each `stryker run` (e.g. --concurrency 1).
// Exits 1 when a run fails or any file is under 90 % killed.
import { spawnSync } from 'node:child_process'
import { MUTATED, reportName } from '../stryker.config.mjs'

const reports = []
let failed = false
for (const file of MUTATED) {
  console.log(`\n== stryker: ${file}`)
  const started = Date.now()
  const run = spawnSync('npx', ['stryker', 'run', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, MUTATE_FILE: file }
  })
  console.log(`== ${file}: ${Math.round((Date.now() - started) / 1000)} s, exit ${run.status}`)
  if (run.status !== 0) failed = true
  else reports.push(`reports/mutation/${reportName(file)}.json`)
}
const score = spawnSync('node', ['scripts/mutation-score.js', ...reports], { stdio: 'inherit' })
process.exit(failed || score.status !== 0 ? 1 : 0)
