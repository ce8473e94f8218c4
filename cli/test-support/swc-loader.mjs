// Runs the CLI from its TypeScript source in a child process (a test that needs a real terminal,
// e.g. through `script`), with the same SWC transform as jest.config.js: no build of lib/ needed.
// Node's module customization hooks (https://nodejs.org/api/module.html#customization-hooks).
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { transform } from '@swc/core'

export async function resolve(specifier, context, next) {
  if (
    context.parentURL?.endsWith('.ts') &&
    /^\.{1,2}\//.test(specifier) &&
    specifier.endsWith('.js')
  ) {
    const ts = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL)
    if (existsSync(fileURLToPath(ts))) return { url: ts.href, shortCircuit: true }
  }
  return next(specifier, context)
}

export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context)
  const filename = fileURLToPath(url)
  const { code } = await transform(await readFile(filename, 'utf8'), {
    filename,
    // keepImportAttributes: without it SWC drops `with { type: 'json' }` (actions/shared/versions.ts
    // imports versions.json) and Node refuses the import (ERR_IMPORT_ASSERTION_TYPE_MISSING).
    jsc: {
      parser: { syntax: 'typescript' },
      target: 'es2022',
      experimental: { keepImportAttributes: true }
    },
    module: { type: 'es6' }
  })
  return { format: 'module', source: code, shortCircuit: true }
}
