/** How many parsed sources are kept (a rehearsal parses ~10 distinct files; a drift check ~6). */
const KEEP = 64

/** Successful parses by source text; each caller gets its own copy. */
const parsed = new Map<string, unknown>()

/**
 * @cdktf/hcl2json's `parse`, remembered by source text. Its WebAssembly parser is a pure function
 * of the text (the file name only appears in error messages, so failures are never remembered and
 * are re-parsed under their own name), and a first parse costs hundreds of milliseconds while the
 * Go runtime warms up: `elm-infra rehearse` parsed each job file up to four times (catalog, the
 * declared-variable check, the simulated agent's /v1/jobs/parse). The module is loaded on the first
 * call, not at start-up (it instantiates ~60 MiB of WebAssembly).
 */
export async function parseHcl(filename: string, source: string): Promise<unknown> {
  const hit = parsed.get(source)
  if (hit !== undefined) return structuredClone(hit)
  const { parse } = await import('@cdktf/hcl2json')
  const value: unknown = await parse(filename, source)
  if (parsed.size >= KEEP) parsed.delete(parsed.keys().next().value ?? '')
  parsed.set(source, value)
  return structuredClone(value)
}
