import type { LiveJob } from './nomad-drift.js'

/** Boundary parsers for the two Nomad answers the drift check reads beyond parse and plan. */

type Json = Record<string, unknown>
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const text = (o: Json, key: string): string => (typeof o[key] === 'string' ? o[key] : '')

/** `GET /v1/jobs` (a list of JobListStub) → the live jobs; throws on anything but a list. */
export function parseJobList(json: unknown): LiveJob[] {
  if (!Array.isArray(json)) throw new Error('GET /v1/jobs did not answer with a list')
  return json.filter(isRecord).map(o => {
    const parentId = text(o, 'ParentID')
    return { id: text(o, 'ID'), status: text(o, 'Status'), ...(parentId ? { parentId } : {}) }
  })
}

/** One HCL variable assignment; the value escaped so that `${`/`%{` stay literal text. */
function assignment(name: string, value: string): string {
  const quoted = JSON.stringify(value).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{')
  return `${name} = ${quoted}`
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/

/**
 * `GET /v1/job/:id/submission` → var-file text with the variables the job was registered with:
 * the submitted var file, with `-var` flags (`VariableFlags`) taking precedence over its lines.
 */
export function submissionVariables(json: unknown): string | undefined {
  if (!isRecord(json)) return undefined
  const flags = isRecord(json['VariableFlags']) ? json['VariableFlags'] : {}
  const names = Object.keys(flags).filter(n => IDENTIFIER.test(n) && typeof flags[n] === 'string')
  const overridden = new RegExp(`^\\s*(${names.join('|') || '(?!)'})\\s*=`)
  const fileLines = text(json, 'Variables')
    .split('\n')
    .filter(line => !overridden.test(line))
  const lines = [...fileLines, ...names.map(n => assignment(n, String(flags[n])))]
  const result = lines.join('\n').trim()
  return result === '' ? undefined : `${result}\n`
}
