import { InputError } from '../../shared/errors.js'
import { type InputSource, bool, duration, keyValues, optional } from '../../shared/inputs.js'
import type { NomadOverrides } from '../../shared/nomad/client/config.js'
import type { JobTarget } from '../../shared/nomad/deploy/source.js'

/** Every input of nomad-deploy, read once and checked. */
export interface NomadDeployInputs {
  readonly target: JobTarget
  readonly variables: Readonly<Record<string, string>>
  readonly nomad: NomadOverrides
  readonly timeoutMs: number
  readonly githubToken: string | undefined
  readonly environment: string
  readonly ref: string | undefined
}

export function readInputs(read: InputSource): NomadDeployInputs {
  const service = optional(read, 'service')
  const jobFile = optional(read, 'job-file')
  if ((service === undefined) === (jobFile === undefined)) {
    throw new InputError(
      `Give exactly one of inputs 'service' and 'job-file' (got ${service === undefined ? 'neither' : 'both'}).`
    )
  }
  const variables: Record<string, string> = { ...keyValues(read, 'variables') }
  const image = optional(read, 'image')
  const version = optional(read, 'version')
  if (image !== undefined) variables['image'] = image
  if (version !== undefined) variables['version'] = version
  const skip = optional(read, 'nomad-skip-verify')
  return {
    target:
      service !== undefined
        ? { kind: 'service', name: service }
        : { kind: 'file', path: jobFile ?? '' },
    variables,
    nomad: {
      address: optional(read, 'nomad-addr'),
      token: optional(read, 'nomad-token'),
      namespace: optional(read, 'nomad-namespace'),
      region: optional(read, 'nomad-region'),
      caCert: optional(read, 'nomad-ca-cert'),
      clientCert: optional(read, 'nomad-client-cert'),
      clientKey: optional(read, 'nomad-client-key'),
      serverName: optional(read, 'nomad-tls-server-name'),
      skipVerify: skip === undefined ? undefined : bool(read, 'nomad-skip-verify', false)
    },
    timeoutMs: duration(read, 'timeout', 15 * 60_000),
    githubToken: optional(read, 'github-token'),
    environment: optional(read, 'environment') ?? 'production',
    ref: optional(read, 'ref')
  }
}
