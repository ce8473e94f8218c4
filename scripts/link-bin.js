#!/usr/bin/env node
// Links this package's own bin into node_modules/.bin (npm links only dependencies' bins there).
// Without it `npx elm-infra` finds no local command, installs this package into npx's cache (a
// second copy of every dependency: ~20 s and ~550 MB) and runs that copy. Run by `prepare`
// (after `npm ci`); idempotent.
import { chmodSync, existsSync, lstatSync, mkdirSync, symlinkSync, unlinkSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const target = join(root, 'bin', 'elm-infra.js')
const binDir = join(root, 'node_modules', '.bin')
const link = join(binDir, 'elm-infra')

if (existsSync(join(root, 'node_modules'))) {
  mkdirSync(binDir, { recursive: true })
  try {
    if (lstatSync(link)) unlinkSync(link)
  } catch {
    // no link yet
  }
  symlinkSync(relative(binDir, target), link)
  chmodSync(target, 0o755)
}
