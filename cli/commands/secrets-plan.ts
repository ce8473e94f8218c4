/**
 * What `elm-infra secrets init` makes, as plain data: the certificates to issue (with the SANs
 * HashiCorp's own `tls cert create` commands give) and the extra-vars document. No I/O here.
 */

export interface SecretsSettings {
  /** The public domain: the Nomad API's name is nomad.<domain>. */
  readonly domain: string
  /** Nomad's region (server certificates are for server.<region>.nomad). */
  readonly region: string
  /** Consul's datacenter (server certificates are for server.<datacenter>.consul). */
  readonly datacenter: string
}

export interface CertificateRequest {
  readonly name: string
  readonly commonName: string
  readonly dnsNames: readonly string[]
  readonly ipAddresses: readonly string[]
  readonly extendedKeyUsage: readonly ('serverAuth' | 'clientAuth')[]
}

/**
 * The agent certificate every node uses (each node is server and client): Nomad's
 * command/tls_cert_create.go recordPreparation gives server certs server.<region>.<domain>,
 * localhost and 127.0.0.1 with serverAuth+clientAuth; client.<region>.nomad is added because the
 * same agent is a client, and nomad.<domain> because the workflows reach the API by that name.
 */
export function nomadAgentCertificate(s: SecretsSettings): CertificateRequest {
  return {
    name: 'nomad-agent',
    commonName: `server.${s.region}.nomad`,
    dnsNames: [
      `server.${s.region}.nomad`,
      `client.${s.region}.nomad`,
      `nomad.${s.domain}`,
      'localhost'
    ],
    ipAddresses: ['127.0.0.1'],
    extendedKeyUsage: ['serverAuth', 'clientAuth']
  }
}

/** The CLI certificate for workflows and laptops (tls_cert_create.go: cli.<region>.nomad). */
export function nomadCliCertificate(s: SecretsSettings): CertificateRequest {
  return {
    name: 'nomad-cli',
    commonName: `cli.${s.region}.nomad`,
    dnsNames: [`cli.${s.region}.nomad`, 'localhost'],
    ipAddresses: [],
    extendedKeyUsage: ['clientAuth']
  }
}

/**
 * Consul's server certificate, as `consul tls cert create -server` makes it
 * (server.<datacenter>.consul, localhost, 127.0.0.1), which verify_server_hostname checks.
 */
export function consulServerCertificate(s: SecretsSettings): CertificateRequest {
  return {
    name: 'consul-server',
    commonName: `server.${s.datacenter}.consul`,
    dnsNames: [`server.${s.datacenter}.consul`, 'localhost'],
    ipAddresses: ['127.0.0.1'],
    extendedKeyUsage: ['serverAuth', 'clientAuth']
  }
}

/** The extension file `openssl x509 -req -extfile` reads for one certificate. */
export function extensionFile(request: CertificateRequest): string {
  const names = [
    ...request.dnsNames.map(n => `DNS:${n}`),
    ...request.ipAddresses.map(ip => `IP:${ip}`)
  ]
  return [
    `subjectAltName = ${names.join(', ')}`,
    `extendedKeyUsage = ${request.extendedKeyUsage.join(', ')}`,
    'keyUsage = critical, digitalSignature, keyEncipherment',
    'basicConstraints = critical, CA:FALSE',
    ''
  ].join('\n')
}

export interface Credentials {
  readonly uuid: () => string
  readonly gossipKey: () => string
}

export interface IssuedTls {
  readonly consul: { readonly ca: string; readonly cert: string; readonly key: string }
  readonly nomad: { readonly ca: string; readonly cert: string; readonly key: string }
}

/**
 * The ANSIBLE_EXTRA_VARS document: every key the playbook reads (see ansible/README.md). Tokens
 * come as AccessorID + SecretID pairs, so the ACL play makes them with these exact IDs.
 */
export function extraVars(tls: IssuedTls, make: Credentials): Record<string, string> {
  const pair = (name: string): Record<string, string> => ({
    [name]: make.uuid(),
    [`${name}_accessor`]: make.uuid()
  })
  return {
    consul_gossip_key: make.gossipKey(),
    consul_initial_management_token: make.uuid(),
    ...pair('consul_agent_token'),
    ...pair('nomad_consul_token'),
    ...pair('traefik_consul_token'),
    consul_tls_ca_cert: tls.consul.ca,
    consul_tls_cert: tls.consul.cert,
    consul_tls_key: tls.consul.key,
    nomad_gossip_key: make.gossipKey(),
    nomad_bootstrap_token: make.uuid(),
    ...pair('nomad_deploy_token'),
    ...pair('nomad_read_token'),
    ...pair('drain_nomad_token'),
    nomad_tls_ca_cert: tls.nomad.ca,
    nomad_tls_cert: tls.nomad.cert,
    nomad_tls_key: tls.nomad.key
  }
}

/** What to paste where, without a single secret value (they are in the files). */
export function pasteInstructions(files: {
  extraVars: string
  caKeys: readonly string[]
  cliCert: string
  cliKey: string
}): string {
  return [
    'Store these as GitHub Actions secrets (Settings → Secrets and variables → Actions):',
    `  ANSIBLE_EXTRA_VARS  the whole file ${files.extraVars}`,
    `  NOMAD_TOKEN         the value of nomad_deploy_token in that file (deploys)`,
    `  NOMAD_READ_TOKEN    the value of nomad_read_token in that file (drift check, PR diffs)`,
    `  NOMAD_CA_CERT       the value of nomad_tls_ca_cert in that file`,
    `  NOMAD_CLIENT_CERT   ${files.cliCert} (only once verify_https_client is turned on)`,
    `  NOMAD_CLIENT_KEY    ${files.cliKey} (likewise)`,
    'Keep offline, never in GitHub (they issue new certificates):',
    ...files.caKeys.map(f => `  ${f}`),
    'The ansible run creates every token with these IDs; nothing else is typed or copied.',
    ''
  ].join('\n')
}
