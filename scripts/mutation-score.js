#!/usr/bin/env node
// Prints Stryker's mutation score per file from the JSON reports named on the command line
// (default reports/mutation/mutation.json; mutation-testing-elements schema:
// files[path].mutants[].status) and exits 1 when any file is under 90 % killed.
// Killed and timed-out mutants count as detected (Stryker's own definition of the score); ignored
// ones (`// Stryker disable` with a reason) are left out of both sides.
import { readFileSync } from 'node:fs'

const MIN = Number(process.env['MUTATION_MIN_SCORE'] ?? 90)
const paths = process.argv.length > 2 ? process.argv.slice(2) : ['reports/mutation/mutation.json']
const files = Object.assign({}, ...paths.map(path => JSON.parse(readFileSync(path, 'utf8')).files))
const DETECTED = new Set(['Killed', 'Timeout'])
const COUNTED = new Set(['Killed', 'Timeout', 'Survived', 'NoCoverage'])
let failed = false
for (const [file, { mutants }] of Object.entries(files).sort()) {
  const counted = mutants.filter(m => COUNTED.has(m.status))
  const detected = counted.filter(m => DETECTED.has(m.status)).length
  const score = counted.length === 0 ? 100 : (100 * detected) / counted.length
  const ignored = mutants.filter(m => m.status === 'Ignored').length
  const verdict = `${score >= MIN ? 'ok' : `UNDER ${MIN} %`}${ignored > 0 ? ` (${ignored} disabled as equivalent)` : ''}`
  if (score < MIN) failed = true
  console.log(
    `${score.toFixed(1).padStart(6)} %  ${String(detected).padStart(4)}/${String(counted.length).padEnd(4)} ${file}  ${verdict}`
  )
  for (const m of mutants.filter(m => m.status === 'Survived' || m.status === 'NoCoverage'))
    console.log(
      `           ${m.status}: ${m.mutatorName} at line ${m.location.start.line}: ${JSON.stringify(m.replacement ?? '')}`
    )
}
process.exit(failed ? 1 : 0)
