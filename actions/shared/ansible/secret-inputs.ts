import { InputError } from '../errors.js'
import { type InputSource, optional } from '../inputs.js'

/** A secret document written to a file for ansible, and the values inside it to mask and redact. */
export interface SecretText {
  readonly text: string
  readonly secrets: readonly string[]
}

/** Secret inputs are never echoed back in an error, unlike other inputs. */
function secretError(name: string, accepted: string): InputError {
  return new InputError(
    `Input '${name}' is not valid (value hidden: it is a secret): expected ${accepted}.`
  )
}

/** An SSH private key, newline-terminated (OpenSSH refuses a key whose last line has none). */
export function readPrivateKey(read: InputSource, name: string): string | undefined {
  const raw = read(name)
  if (raw.trim() === '') return undefined
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(raw)) {
    throw secretError(name, "a PEM/OpenSSH private key ('-----BEGIN … PRIVATE KEY-----')")
  }
  return `${raw.replace(/\r\n/g, '\n').trim()}\n`
}

/** known_hosts lines (comments and blank lines dropped), each '<host> <key-type> <key>'. */
export function readKnownHosts(read: InputSource, name: string): string | undefined {
  const lines = read(name)
    .split(/\r?\n/)
    .map(l => l.trim())
    .filter(l => l !== '' && !l.startsWith('#'))
  if (lines.length === 0) return undefined
  const bad = lines.find(l => l.split(/\s+/).length < 3)
  if (bad !== undefined) {
    throw new InputError(
      `Input '${name}' is '${bad}': expected known_hosts lines ('<host> <key-type> <base64-key>'), e.g. from ssh-keyscan.`
    )
  }
  return `${lines.join('\n')}\n`
}

/** Every non-empty string inside a parsed YAML/JSON value. */
export function stringLeaves(value: unknown): string[] {
  if (typeof value === 'string') return value === '' ? [] : [value]
  if (Array.isArray(value)) return value.flatMap(stringLeaves)
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringLeaves)
  return []
}

/**
 * Extra vars: a YAML or JSON mapping; every string inside it is a secret. The YAML parser is
 * imported only when the input is set, so it stays off the start path of the actions that read it
 * (#12: start-up within 1.3x of a bare @actions/core action).
 */
export async function readExtraVars(
  read: InputSource,
  name: string
): Promise<SecretText | undefined> {
  const text = optional(read, name)
  if (text === undefined) return undefined
  const accepted = 'a YAML or JSON mapping of variable names to values'
  const { parse: parseYaml } = await import('yaml')
  let value: unknown
  try {
    value = parseYaml(text)
  } catch {
    throw secretError(name, accepted)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw secretError(name, accepted)
  }
  return { text, secrets: stringLeaves(value) }
}

/** The values of outputs Terraform marks `sensitive` in `terraform output -json`. */
function sensitiveValues(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return []
  return Object.values(value).flatMap(output =>
    typeof output === 'object' &&
    output !== null &&
    'sensitive' in output &&
    output.sensitive === true
      ? stringLeaves('value' in output ? output.value : undefined)
      : []
  )
}

/**
 * `terraform output -json` (or just its `nodes` value). The values of outputs marked sensitive are
 * secrets; a bad value is not quoted, as it may hold some.
 */
export function readTerraformOutputs(read: InputSource, name: string): SecretText | undefined {
  const text = optional(read, name)
  if (text === undefined) return undefined
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new InputError(
      `Input '${name}' is not JSON (value not shown: it may hold sensitive outputs): expected the output of 'terraform output -json'.`
    )
  }
  return { text, secrets: sensitiveValues(value) }
}
