import { InputError } from '../../shared/errors.js'
import { type InputSource, oneOf, optional } from '../../shared/inputs.js'
import type { PlaybookMode } from '../../shared/ansible/run-playbook.js'
import {
  readExtraVars,
  readKnownHosts,
  readPrivateKey,
  readTerraformOutputs,
  type SecretText
} from '../../shared/ansible/secret-inputs.js'

export interface AnsibleInputs {
  readonly mode: PlaybookMode
  readonly directory: string
  readonly playbook: string
  readonly inventory?: string | undefined
  /** `terraform output -json`; the values of sensitive outputs are secrets. */
  readonly terraformOutputs?: SecretText | undefined
  readonly sshPrivateKey: string
  readonly knownHosts: string
  readonly sshUser?: string | undefined
  /** The extra-vars text as given (YAML or JSON mapping) and every string inside it, to mask. */
  readonly extraVars?: SecretText | undefined
  readonly limit?: string | undefined
}

function present<T>(value: T | undefined, name: string, expected: string): T {
  if (value === undefined) throw new InputError(`Input '${name}' is missing: expected ${expected}.`)
  return value
}

/** Reads and checks every input once, in order. */
export async function readInputs(read: InputSource): Promise<AnsibleInputs> {
  return {
    mode: oneOf(read, 'mode', ['apply', 'check'] as const, 'check'),
    directory: optional(read, 'directory') ?? 'ansible',
    playbook: optional(read, 'playbook') ?? 'playbooks/main.yaml',
    inventory: optional(read, 'inventory'),
    terraformOutputs: readTerraformOutputs(read, 'terraform-outputs'),
    sshPrivateKey: present(
      readPrivateKey(read, 'ssh-private-key'),
      'ssh-private-key',
      'a private key'
    ),
    knownHosts: present(
      readKnownHosts(read, 'known-hosts'),
      'known-hosts',
      "known_hosts lines ('<host> <key-type> <base64-key>'), e.g. from ssh-keyscan"
    ),
    sshUser: optional(read, 'ssh-user'),
    extraVars: await readExtraVars(read, 'extra-vars'),
    limit: optional(read, 'limit')
  }
}
