import { InputError } from '../../shared/errors.js'
import { readNomadTls } from '../../shared/nomad/client/tls-inputs.js'
import { type InputSource, optional, required } from '../../shared/inputs.js'

/** Every input of nomad-diff, read once and validated. */
export interface NomadDiffInputs {
  readonly root: string
  readonly base: string
  readonly head: string
  readonly prNumber: number
  readonly nomadAddr: string | undefined
  readonly nomadToken: string | undefined
  readonly nomadCaCert: string | undefined
  readonly nomadTlsServerName: string | undefined
  /** The client certificate and key Nomad's API requires (PEM text or paths), both or neither. */
  readonly nomadClientCert: string | undefined
  readonly nomadClientKey: string | undefined
  readonly githubToken: string
}

const SHA = /^[0-9a-f]{7,40}$/

function sha(read: InputSource, name: string): string {
  const value = required(read, name)
  if (!SHA.test(value)) {
    throw new InputError(
      `Input '${name}' is '${value}': expected a commit SHA (7 to 40 hex digits).`
    )
  }
  return value
}

/** Reads and checks the inputs; a bad value throws an InputError naming it and what is accepted. */
export function readInputs(read: InputSource): NomadDiffInputs {
  const pr = required(read, 'pr-number')
  if (!/^[1-9][0-9]*$/.test(pr)) {
    throw new InputError(
      `Input 'pr-number' is '${pr}': expected a pull request number (1 or more).`
    )
  }
  const tls = readNomadTls(read)
  return {
    root: optional(read, 'root') ?? '.',
    base: sha(read, 'base'),
    head: sha(read, 'head'),
    prNumber: Number(pr),
    nomadAddr: optional(read, 'nomad-addr'),
    nomadToken: optional(read, 'nomad-token'),
    nomadCaCert: tls.caCert,
    nomadTlsServerName: tls.serverName,
    nomadClientCert: tls.clientCert,
    nomadClientKey: tls.clientKey,
    githubToken: required(read, 'github-token')
  }
}
