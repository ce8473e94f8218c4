import { InputError } from '../../shared/errors.js'
import { readTrustedBot } from '../../shared/github/trusted-bot.js'
import {
  type InputSource,
  bool,
  list,
  optional,
  positiveInt,
  required
} from '../../shared/inputs.js'
import { type LayerName, LAYERS, parseLayers } from '../../shared/drift/report.js'
import {
  readExtraVars,
  readKnownHosts,
  readPrivateKey,
  readTerraformOutputs,
  type SecretText
} from '../../shared/ansible/secret-inputs.js'

/** Every input of drift-check, read once and validated. */
export interface DriftCheckInputs {
  readonly layers: readonly LayerName[]
  readonly root: string
  readonly nomadAddr: string | undefined
  readonly nomadToken: string | undefined
  /** PEM text or a file path. */
  readonly nomadCaCert: string | undefined
  readonly nomadTlsServerName: string | undefined
  readonly nomadConcurrency: number
  readonly terraformDir: string
  readonly ansibleDir: string
  readonly ansiblePlaybook: string
  readonly ansibleInventory: string | undefined
  readonly ansibleSshPrivateKey: string | undefined
  readonly ansibleKnownHosts: string | undefined
  readonly ansibleSshUser: string | undefined
  /** The roles' secrets (YAML or JSON mapping) and every string inside it, to mask. */
  readonly ansibleExtraVars: SecretText | undefined
  /** `terraform output -json` for the Ansible inventory; sensitive values are secrets. */
  readonly terraformOutputs: SecretText | undefined
  readonly githubToken: string
  /** Whose drift issue is ours (the `trusted-bot` input). */
  readonly trustedBot: string
  readonly failOnDrift: boolean
}

/** A CA as PEM text (must hold a certificate) or a path; what is wrong is said, the text never echoed. */
function readCaCert(read: InputSource): string | undefined {
  const value = optional(read, 'nomad-ca-cert')
  if (value === undefined || !value.includes('-----BEGIN')) return value
  if (!/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/.test(value)) {
    throw new InputError(
      "Input 'nomad-ca-cert' starts like PEM but holds no complete CERTIFICATE block: expected the CA's PEM text (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----) or a file path."
    )
  }
  return value
}

/** Reads and checks the inputs; a bad value throws an InputError naming it. */
export function readInputs(read: InputSource): DriftCheckInputs {
  const words = list(read, 'layers')
  const parsed = parseLayers(words.length > 0 ? words : [...LAYERS])
  if (!parsed.ok) {
    throw new InputError(
      `Input 'layers' has '${parsed.bad}': expected a comma-separated list of ${LAYERS.join(', ')}.`
    )
  }
  return {
    layers: parsed.layers,
    root: optional(read, 'root') ?? '.',
    nomadAddr: optional(read, 'nomad-addr'),
    nomadToken: optional(read, 'nomad-token'),
    nomadCaCert: readCaCert(read),
    nomadTlsServerName: optional(read, 'nomad-tls-server-name'),
    nomadConcurrency: positiveInt(read, 'nomad-concurrency', 8),
    terraformDir: optional(read, 'terraform-dir') ?? 'terraform',
    ansibleDir: optional(read, 'ansible-dir') ?? 'ansible',
    ansiblePlaybook: optional(read, 'ansible-playbook') ?? 'playbooks/main.yaml',
    ansibleInventory: optional(read, 'ansible-inventory'),
    ansibleSshPrivateKey: readPrivateKey(read, 'ansible-ssh-private-key'),
    ansibleKnownHosts: readKnownHosts(read, 'ansible-known-hosts'),
    ansibleSshUser: optional(read, 'ansible-ssh-user'),
    ansibleExtraVars: readExtraVars(read, 'ansible-extra-vars'),
    terraformOutputs: readTerraformOutputs(read, 'terraform-outputs'),
    githubToken: required(read, 'github-token'),
    trustedBot: readTrustedBot(read),
    failOnDrift: bool(read, 'fail-on-drift', true)
  }
}
