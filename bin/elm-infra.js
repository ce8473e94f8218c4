#!/usr/bin/env node
// The CLI is compiled to lib/ by `npm ci` (the `prepare` script); run `npm run build` after editing.
try {
  await import('../lib/cli/main.js')
} catch (error) {
  if (
    error &&
    error.code === 'ERR_MODULE_NOT_FOUND' &&
    String(error.message).includes('lib/cli/main.js')
  ) {
    console.error(
      'elm-infra: not built yet. Run `npm ci` (or `npm run build`) in the repository first.'
    )
    process.exit(1)
  }
  throw error
}
