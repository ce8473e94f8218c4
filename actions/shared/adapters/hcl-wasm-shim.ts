import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Bundling workaround: @cdktf/hcl2json (CommonJS, used by the catalog) reads
 * `join(__dirname, '..', 'main.wasm.gz')` as soon as it is imported, but an ESM ncc bundle has no
 * `__dirname` and does not copy that file. The `new URL(…, import.meta.url)` below makes ncc emit
 * the file as dist/main.wasm.gz (and turns the expression into that path); a global `__dirname`
 * of dist/lib then leads hcl2json to it. Unbundled, CommonJS modules have their own __dirname and
 * this global is never read. Every action entry that loads the catalog imports this module first.
 */
const g = globalThis as { __dirname?: string }
if (g.__dirname === undefined) {
  const wasm: unknown = new URL(
    '../../../node_modules/@cdktf/hcl2json/main.wasm.gz',
    import.meta.url
  )
  const text = String(wasm)
  const file = text.startsWith('file:') ? fileURLToPath(text) : text
  g.__dirname = join(dirname(file), 'lib')
}
