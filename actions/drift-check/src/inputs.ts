import { InputError } from '../../shared/errors.js'
import { readNomadTls } from '../../shared/nomad/client/tls-inputs.js'
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
  /** The client certificate and key Nomad's API requires (PEM text or paths), both or neither. */
  readonly nomadClientCert: string | undefined
  readonly nomadClientKey: string | undefined
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

/** Reads and checks the inputs (in order); a bad value rejects with an InputError naming it. */
export async function readInputs(read: InputSource): Promise<DriftCheckInputs> {
  const words = list(read, 'layers')
  const parsed = parseLayers(words.length > 0 ? words : [...LAYERS])
  if (!parsed.ok) {
    throw new InputError(
      `Input 'layers' has '${parsed.bad}': expected a comma-separated list of ${LAYERS.join(', ')}.`
    )
  }
  const tls = readNomadTls(read)
  return {
    layers: parsed.layers,
    root: optional(read, 'root') ?? '.',
    nomadAddr: optional(read, 'nomad-addr'),
    nomadToken: optional(read, 'nomad-token'),
    nomadCaCert: tls.caCert,
    nomadTlsServerName: tls.serverName,
    nomadClientCert: tls.clientCert,
    nomadClientKey: tls.clientKey,
    nomadConcurrency: positiveInt(read, 'nomad-concurrency', 8),
    terraformDir: optional(read, 'terraform-dir') ?? 'terraform',
    ansibleDir: optional(read, 'ansible-dir') ?? 'ansible',
    ansiblePlaybook: optional(read, 'ansible-playbook') ?? 'playbooks/main.yaml',
    ansibleInventory: optional(read, 'ansible-inventory'),
    ansibleSshPrivateKey: readPrivateKey(read, 'ansible-ssh-private-key'),
    ansibleKnownHosts: readKnownHosts(read, 'ansible-known-hosts'),
    ansibleSshUser: optional(read, 'ansible-ssh-user'),
    ansibleExtraVars: await readExtraVars(read, 'ansible-extra-vars'),
    terraformOutputs: readTerraformOutputs(read, 'terraform-outputs'),
    githubToken: required(read, 'github-token'),
    trustedBot: readTrustedBot(read),
    failOnDrift: bool(read, 'fail-on-drift', true)
  }
}
