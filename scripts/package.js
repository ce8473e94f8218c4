// Bundles every action (a folder under actions/ with an action.yml) into actions/<name>/dist/ with ncc,
// two at a time (transpile only: `npm run typecheck` is the type gate). ncc also writes dist/package.json ({"type":"module"}), which is committed with the bundle.
import { execFile } from 'node:child_process'
import { existsSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)
const only = process.argv.slice(2)
const actions = readdirSync('actions')
  .filter(name => existsSync(join('actions', name, 'action.yml')))
  .filter(name => only.length === 0 || only.includes(name))

async function bundle(name) {
  const out = join('actions', name, 'dist')
  rmSync(out, { recursive: true, force: true })
  const started = Date.now()
  await run(
    'npx',
    [
      'ncc',
      'build',
      join('actions', name, 'src', 'index.ts'),
      '-o',
      out,
      '--license',
      'licenses.txt',
      '--quiet'
    ],
    { maxBuffer: 64 * 1024 * 1024 }
  )
  console.log(`packaged ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

const queue = [...actions]
await Promise.all(
  [0, 1].map(async () => {
    for (let name = queue.shift(); name; name = queue.shift()) await bundle(name)
  })
)
