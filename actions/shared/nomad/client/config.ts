import { InputError } from '../../errors.js'

/** Where and how to reach Nomad: the `NOMAD_*` conventions of the Nomad CLI and Go client. */
export interface NomadConfig {
  readonly address: string
  readonly token: string | undefined
  readonly namespace: string | undefined
  readonly region: string | undefined
  readonly tls: NomadTlsConfig
}

/** PEM file paths and verification settings; verification is on unless skipVerify is set. */
export interface NomadTlsConfig {
  readonly caCert: string | undefined
  readonly clientCert: string | undefined
  readonly clientKey: string | undefined
  readonly serverName: string | undefined
  readonly skipVerify: boolean
}

export const DEFAULT_NOMAD_ADDR = 'http://127.0.0.1:4646'

type Env = Readonly<Record<string, string | undefined>>

const blank = (v: string | undefined): string | undefined =>
  v === undefined || v.trim() === '' ? undefined : v.trim()

/**
 * Inside GitHub Actions (GITHUB_ACTIONS=true, set by the runner) there is no default address: a
 * missing NOMAD_ADDR secret would otherwise aim a production deploy at 127.0.0.1, the runner itself.
 */
const NO_ADDRESS = ''

/** Reads NOMAD_ADDR/TOKEN/NAMESPACE/REGION/CACERT/CLIENT_CERT/CLIENT_KEY/TLS_SERVER_NAME/SKIP_VERIFY. */
export function nomadConfigFromEnv(env: Env): NomadConfig {
  const fallback = env['GITHUB_ACTIONS'] === 'true' ? NO_ADDRESS : DEFAULT_NOMAD_ADDR
  return withOverrides(
    {
      address: blank(env['NOMAD_ADDR']) ?? fallback,
      token: blank(env['NOMAD_TOKEN']),
      namespace: blank(env['NOMAD_NAMESPACE']),
      region: blank(env['NOMAD_REGION']),
      tls: {
        caCert: blank(env['NOMAD_CACERT']),
        clientCert: blank(env['NOMAD_CLIENT_CERT']),
        clientKey: blank(env['NOMAD_CLIENT_KEY']),
        serverName: blank(env['NOMAD_TLS_SERVER_NAME']),
        skipVerify: parseSkipVerify(env['NOMAD_SKIP_VERIFY'])
      }
    },
    {},
    true
  )
}

/** Go's strconv.ParseBool, as the Nomad CLI reads NOMAD_SKIP_VERIFY. */
function parseSkipVerify(value: string | undefined): boolean {
  const v = blank(value)
  if (v === undefined) return false
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false
  throw new InputError(`NOMAD_SKIP_VERIFY is '${v}': expected true or false.`)
}

/** Settings given explicitly (action inputs, CLI flags) win over the environment. */
export interface NomadOverrides {
  readonly address?: string | undefined
  readonly token?: string | undefined
  readonly namespace?: string | undefined
  readonly region?: string | undefined
  readonly caCert?: string | undefined
  readonly clientCert?: string | undefined
  readonly clientKey?: string | undefined
  readonly serverName?: string | undefined
  readonly skipVerify?: boolean | undefined
}

/**
 * Applies explicit settings over a base config and checks the address and the cert/key pair
 * (`partial`: only the environment has been read so far, so no address yet is not an error).
 */
export function withOverrides(base: NomadConfig, o: NomadOverrides, partial = false): NomadConfig {
  const config: NomadConfig = {
    address: (blank(o.address) ?? base.address).replace(/\/+$/, ''),
    token: blank(o.token) ?? base.token,
    namespace: blank(o.namespace) ?? base.namespace,
    region: blank(o.region) ?? base.region,
    tls: {
      caCert: blank(o.caCert) ?? base.tls.caCert,
      clientCert: blank(o.clientCert) ?? base.tls.clientCert,
      clientKey: blank(o.clientKey) ?? base.tls.clientKey,
      serverName: blank(o.serverName) ?? base.tls.serverName,
      skipVerify: o.skipVerify ?? base.tls.skipVerify
    }
  }
  if (config.address === NO_ADDRESS) {
    if (partial) return config
    throw new InputError(
      'No Nomad address: the nomad-addr input and NOMAD_ADDR are both empty. In GitHub Actions there ' +
        `is no default (${DEFAULT_NOMAD_ADDR} would be the runner itself): is the NOMAD_ADDR secret ` +
        "set in this job's environment?"
    )
  }
  if (!/^https?:\/\/[^/\s]+/.test(config.address)) {
    throw new InputError(
      `Nomad address '${config.address}' is not an http:// or https:// URL (e.g. ${DEFAULT_NOMAD_ADDR}).`
    )
  }
  if ((config.tls.clientCert === undefined) !== (config.tls.clientKey === undefined)) {
    throw new InputError('A Nomad client certificate and client key must be given together.')
  }
  return config
}
