// Bundles every action (a folder under actions/ with an action.yml) into actions/<name>/dist/ with ncc,
// two at a time (ncc type-checks as it goes; --transpile-only would bundle ESM as CommonJS). ncc also writes dist/package.json ({"type":"module"}), which is committed with the bundle.
import { execFile } from 'node:child_process'
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)
const only = process.argv.slice(2)
const actions = readdirSync('actions')
  .filter(name => existsSync(join('actions', name, 'action.yml')))
  .filter(name => only.length === 0 || only.includes(name))

// Builds into dist.new/ and swaps it in only on success, so a failed build never leaves an action
// without its dist/.
async function bundle(name) {
  const out = join('actions', name, 'dist')
  const fresh = `${out}.new`
  rmSync(fresh, { recursive: true, force: true })
  const started = Date.now()
  const entry = join('actions', name, 'src', 'index.ts')
  const flags = ['--license', 'licenses.txt', '--quiet']
  await run('npx', ['ncc', 'build', entry, '-o', fresh, ...flags], {
    maxBuffer: 64 * 1024 * 1024
  })
  rmSync(out, { recursive: true, force: true })
  renameSync(fresh, out)
  console.log(`packaged ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

const queue = [...actions]
await Promise.all(
  [0, 1].map(async () => {
    for (let name = queue.shift(); name; name = queue.shift()) await bundle(name)
  })
)
