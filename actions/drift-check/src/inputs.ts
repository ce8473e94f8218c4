import { InputError } from '../../shared/errors.js'
import {
  type InputSource,
  bool,
  list,
  optional,
  positiveInt,
  required
} from '../../shared/inputs.js'
import { type LayerName, LAYERS, parseLayers } from '../../shared/drift/report.js'

/** Every input of drift-check, read once and validated. */
export interface DriftCheckInputs {
  readonly layers: readonly LayerName[]
  readonly root: string
  readonly nomadAddr: string | undefined
  readonly nomadToken: string | undefined
  readonly nomadConcurrency: number
  readonly terraformDir: string
  readonly ansibleDir: string
  readonly ansiblePlaybook: string
  readonly ansibleInventory: string | undefined
  readonly ansibleSshPrivateKey: string | undefined
  readonly ansibleKnownHosts: string | undefined
  readonly githubToken: string
  readonly failOnDrift: boolean
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
    nomadConcurrency: positiveInt(read, 'nomad-concurrency', 8),
    terraformDir: optional(read, 'terraform-dir') ?? 'terraform',
    ansibleDir: optional(read, 'ansible-dir') ?? 'ansible',
    ansiblePlaybook: optional(read, 'ansible-playbook') ?? 'playbooks/main.yaml',
    ansibleInventory: optional(read, 'ansible-inventory'),
    ansibleSshPrivateKey: optional(read, 'ansible-ssh-private-key'),
    ansibleKnownHosts: optional(read, 'ansible-known-hosts'),
    githubToken: required(read, 'github-token'),
    failOnDrift: bool(read, 'fail-on-drift', true)
  }
}
