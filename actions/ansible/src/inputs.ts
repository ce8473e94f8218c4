import { parse as parseYaml } from 'yaml'
import { InputError } from '../../shared/errors.js'
import { type InputSource, oneOf, optional } from '../../shared/inputs.js'
import type { PlaybookMode } from '../../shared/ansible/run-playbook.js'

export interface AnsibleInputs {
  readonly mode: PlaybookMode
  readonly directory: string
  readonly playbook: string
  readonly inventory?: string
  readonly terraformOutputs?: string
  readonly sshPrivateKey: string
  readonly knownHosts: string
  readonly sshUser?: string
  /** The extra-vars text as given (YAML or JSON mapping), checked to be a mapping. */
  readonly extraVars?: string
  /** Every string value inside extra-vars, to mask. */
  readonly extraVarsSecrets: readonly string[]
  readonly limit?: string
}

/** Secret inputs are never echoed back in an error, unlike other inputs. */
function secretError(name: string, accepted: string): InputError {
  return new InputError(`Input '${name}' is not valid (value hidden: it is a secret): expected ${accepted}.`)
}

function readPrivateKey(read: InputSource): string {
  const raw = read('ssh-private-key')
  if (raw.trim() === '') throw new InputError("Input 'ssh-private-key' is missing: expected a private key.")
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(raw)) {
    throw secretError('ssh-private-key', "a PEM/OpenSSH private key ('-----BEGIN … PRIVATE KEY-----')")
  }
  // OpenSSH refuses a key file whose last line has no newline.
  return `${raw.replace(/\r\n/g, '\n').trim()}\n`
}

function readKnownHosts(read: InputSource): string {
  const lines = read('known-hosts')
    .split(/\r?\n/)
    .map(l => l.trim())
    .filter(l => l !== '' && !l.startsWith('#'))
  const bad = lines.find(l => l.split(/\s+/).length < 3)
  if (lines.length === 0 || bad !== undefined) {
    throw new InputError(
      `Input 'known-hosts' is ${lines.length === 0 ? 'missing' : `'${bad}'`}: expected known_hosts lines ('<host> <key-type> <base64-key>'), e.g. from ssh-keyscan.`
    )
  }
  return `${lines.join('\n')}\n`
}

function stringLeaves(value: unknown): string[] {
  if (typeof value === 'string') return value === '' ? [] : [value]
  if (typeof value === 'number' || typeof value === 'boolean') return []
  if (Array.isArray(value)) return value.flatMap(stringLeaves)
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringLeaves)
  return []
}

function readExtraVars(read: InputSource): { text?: string; secrets: string[] } {
  const text = optional(read, 'extra-vars')
  if (text === undefined) return { secrets: [] }
  let value: unknown
  try {
    value = parseYaml(text)
  } catch {
    throw secretError('extra-vars', 'a YAML or JSON mapping of variable names to values')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw secretError('extra-vars', 'a YAML or JSON mapping of variable names to values')
  }
  return { text, secrets: stringLeaves(value) }
}

function readTerraformOutputs(read: InputSource): string | undefined {
  const text = optional(read, 'terraform-outputs')
  if (text === undefined) return undefined
  try {
    JSON.parse(text)
  } catch {
    throw new InputError(
      `Input 'terraform-outputs' is not JSON ('${text.slice(0, 60)}…'): expected the output of 'terraform output -json'.`
    )
  }
  return text
}

/** Reads and checks every input once. */
export function readInputs(read: InputSource): AnsibleInputs {
  const extraVars = readExtraVars(read)
  return {
    mode: oneOf(read, 'mode', ['apply', 'check'] as const, 'check'),
    directory: optional(read, 'directory') ?? 'ansible',
    playbook: optional(read, 'playbook') ?? 'playbooks/main.yaml',
    inventory: optional(read, 'inventory'),
    terraformOutputs: readTerraformOutputs(read),
    sshPrivateKey: readPrivateKey(read),
    knownHosts: readKnownHosts(read),
    sshUser: optional(read, 'ssh-user'),
    extraVars: extraVars.text,
    extraVarsSecrets: extraVars.secrets,
    limit: optional(read, 'limit')
  }
}
