// releases-check DIR: prints, one a line, every packages/<author>/<project>/releases.json under DIR
// that package.elm-lang.org would refuse at start, and every project folder that has none.
//
// Why: Memory.init → Memory/History.hs `load` → `crawlProject` reads every project's releases.json
// with Package/Releases.hs `read`, which exits the server ("The JSON in … is corrupt.",
// exitFailure) when the decoder fails: an object of version → integer (`decoder`: D.pairs of
// V.parser keys and D.int values). A project folder without the file fails in BS.readFile.
// The file is rewritten in place by `Releases.add` → Json.Encode `write` → compiler
// builder/src/File.hs `writeBuilder` (IO.withBinaryFile WriteMode, no fsync, no rename), so a
// hard VM loss can leave it empty or cut. Folders starting with "." are skipped, as
// History.hs `addSubDir` does.
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

const VERSION = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/

/** Whether the text is what Releases.hs `decoder` accepts. */
export function releasesValid(text) {
  let value
  try {
    value = JSON.parse(text)
  } catch {
    return false
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false
  return Object.entries(value).every(([k, v]) => VERSION.test(k) && Number.isInteger(v))
}

function subDirs(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .filter(e => e.isDirectory() && !e.name.startsWith('.'))
    .map(e => e.name)
}

const root = process.argv[2]
if (root === undefined) {
  process.stderr.write('usage: releases-check DIR\n')
  process.exit(2)
}
const packages = join(root, 'packages')
let bad = 0
for (const author of existsSync(packages) ? subDirs(packages) : []) {
  for (const project of subDirs(join(packages, author))) {
    const file = join('packages', author, project, 'releases.json')
    let text
    try {
      text = readFileSync(join(root, file), 'utf8')
    } catch {
      text = undefined
    }
    if (text === undefined || !releasesValid(text)) {
      process.stdout.write(`${file}\n`)
      bad += 1
    }
  }
}
process.exit(bad === 0 ? 0 : 1)
