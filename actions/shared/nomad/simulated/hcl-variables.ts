import { parseHcl as parse } from '../../adapters/hcl-parse.js'
import { nomadErrors } from './errors.js'

type Loose = Record<string, unknown>

/** Reads a var-file (`key = "value"` lines, HCL syntax) into values. */
export async function parseVarFile(text: string): Promise<Loose> {
  if (text.trim() === '') return {}
  try {
    return (await parse('variables.hcl', text)) as Loose
  } catch {
    const out: Loose = {}
    for (const line of text.split('\n')) {
      const m = /^\s*([A-Za-z_][\w-]*)\s*=\s*(.*?)\s*$/.exec(line)
      if (!m?.[1]) continue
      const raw = m[2] ?? ''
      out[m[1]] = /^".*"$/.test(raw) ? raw.slice(1, -1) : raw
    }
    return out
  }
}

/** Resolves declared `variable` blocks against supplied values, with Nomad's errors. */
export function resolveVariables(declared: Loose, supplied: Loose): Map<string, unknown> {
  const values = new Map<string, unknown>()
  // An undeclared name is only a warning (not `Strict`), which `/v1/jobs/parse` never returns: the
  // value is dropped and the default stays (jobspec2/types.variables.go `undefSev`;
  // command/agent/job_endpoint.go `JobsParseRequest`, v2.0.5).
  for (const [name, blocks] of Object.entries(declared)) {
    const block = (Array.isArray(blocks) ? blocks[0] : blocks) as Loose | undefined
    if (name in supplied) values.set(name, supplied[name])
    else if (block && 'default' in block) values.set(name, block.default)
    else {
      throw nomadErrors.badRequest(
        `Failed to parse job: input.hcl: Unset variable "${name}"; A used variable must be set or have a default value; see https://developer.hashicorp.com/nomad/docs/job-specification/hcl2/variables for details.`
      )
    }
  }
  return values
}

/** Replaces `${var.x}` in every string; a string that is exactly one reference takes the raw value. */
export function interpolate(value: unknown, vars: ReadonlyMap<string, unknown>): unknown {
  if (typeof value === 'string') {
    const whole = /^\$\{var\.([\w-]+)\}$/.exec(value)
    if (whole?.[1] && vars.has(whole[1])) return vars.get(whole[1])
    return value.replace(/\$\{var\.([\w-]+)\}/g, (match, name: string) =>
      vars.has(name) ? String(vars.get(name)) : match
    )
  }
  if (Array.isArray(value)) return value.map(v => interpolate(v, vars))
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, vars)]))
  }
  return value
}

/** Raises an unknown `${var.x}` reference as Nomad does. */
export function checkReferences(value: unknown, vars: ReadonlyMap<string, unknown>): void {
  const text = JSON.stringify(value)
  for (const m of text.matchAll(/\$\{var\.([\w-]+)\}/g)) {
    if (m[1] && !vars.has(m[1])) {
      throw nomadErrors.badRequest(
        `Failed to parse job: input.hcl: Unsupported attribute; This object does not have an attribute named "${m[1]}".`
      )
    }
  }
}
