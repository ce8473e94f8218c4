// `node cli/test-support/run-source.mjs <args>`: elm-infra from its source (see swc-loader.mjs).
import { register } from 'node:module'

register('./swc-loader.mjs', import.meta.url)
await import('../main.ts')
