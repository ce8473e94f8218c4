import { InputError } from '../../errors.js'
import { type InputSource, optional } from '../../inputs.js'

/**
 * The Nomad TLS inputs every action that talks to Nomad shares: the cluster's API requires a
 * client certificate from our CA (`tls.verify_https_client = true` in the agents' config), so the
 * CA alone is not enough. Each value is PEM text or a file path; text that starts like PEM must
 * hold a whole block of the right kind, and a client certificate comes with its key. What is
 * wrong is said; a value is never echoed.
 */
export interface NomadTlsInputs {
  readonly caCert: string | undefined
  readonly clientCert: string | undefined
  readonly clientKey: string | undefined
  readonly serverName: string | undefined
}

const BLOCKS = {
  certificate: /-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/,
  key: /-----BEGIN ((?:RSA |EC )?PRIVATE KEY)-----[\s\S]+-----END \1-----/
}

function pem(read: InputSource, name: string, kind: keyof typeof BLOCKS): string | undefined {
  const value = optional(read, name)
  if (value === undefined || !value.includes('-----BEGIN')) return value
  if (!BLOCKS[kind].test(value)) {
    const wanted =
      kind === 'certificate'
        ? '-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----'
        : '-----BEGIN PRIVATE KEY----- … -----END PRIVATE KEY----- (or RSA/EC PRIVATE KEY)'
    throw new InputError(
      `Input '${name}' starts like PEM but holds no complete ${kind === 'certificate' ? 'CERTIFICATE' : 'PRIVATE KEY'} block: expected PEM text (${wanted}) or a file path.`
    )
  }
  return value
}

/** Reads nomad-ca-cert, nomad-client-cert, nomad-client-key and nomad-tls-server-name. */
export function readNomadTls(read: InputSource): NomadTlsInputs {
  const clientCert = pem(read, 'nomad-client-cert', 'certificate')
  const clientKey = pem(read, 'nomad-client-key', 'key')
  if ((clientCert === undefined) !== (clientKey === undefined)) {
    throw new InputError(
      `Input '${clientCert === undefined ? 'nomad-client-key' : 'nomad-client-cert'}' is set without '${clientCert === undefined ? 'nomad-client-cert' : 'nomad-client-key'}': expected both (the client certificate and its key) or neither.`
    )
  }
  return {
    caCert: pem(read, 'nomad-ca-cert', 'certificate'),
    clientCert,
    clientKey,
    serverName: optional(read, 'nomad-tls-server-name')
  }
}
