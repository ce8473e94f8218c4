import { InputError } from '../../shared/errors.js'
import { hostKeysFromOutputs } from '../../shared/ansible/host-keys.js'
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
  /** Lines given by hand; the terraform outputs' host keys are added when the run starts. */
  readonly knownHosts?: string | undefined
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
  const mode = oneOf(read, 'mode', ['apply', 'check'] as const, 'check')
  const directory = optional(read, 'directory') ?? 'ansible'
  const playbook = optional(read, 'playbook') ?? 'playbooks/main.yaml'
  const inventory = optional(read, 'inventory')
  const terraformOutputs = readTerraformOutputs(read, 'terraform-outputs')
  const sshPrivateKey = present(
    readPrivateKey(read, 'ssh-private-key'),
    'ssh-private-key',
    'a private key'
  )
  const knownHosts = readKnownHosts(read, 'known-hosts')
  // Host keys are always verified: from Terraform's nodes output (ssh_host_key), or given by hand.
  const fromOutputs = terraformOutputs
    ? hostKeysFromOutputs(JSON.parse(terraformOutputs.text) as unknown)
    : []
  if (knownHosts === undefined && fromOutputs.length === 0)
    throw new InputError(
      "Input 'known-hosts' is missing and 'terraform-outputs' has no node with an ssh_host_key: expected Terraform's outputs (terraform/host-keys.tf publishes every node's host key) or known_hosts lines ('<host> <key-type> <base64-key>')."
    )
  return {
    mode,
    directory,
    playbook,
    inventory,
    terraformOutputs,
    sshPrivateKey,
    knownHosts,
    sshUser: optional(read, 'ssh-user'),
    extraVars: await readExtraVars(read, 'extra-vars'),
    limit: optional(read, 'limit')
  }
}
