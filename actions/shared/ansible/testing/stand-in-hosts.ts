import { execFile } from 'node:child_process'
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { type AddressInfo, createServer as createNetServer } from 'node:net'
import { join, normalize } from 'node:path'
import { promisify } from 'node:util'
import { stringify } from 'yaml'
import { DOCKER } from '../../testing/engines.js'
import { REPO_ROOT } from '../../testing/run-action-process.js'
import { CONSUL_VERSION, NOMAD_VERSION } from '../../versions.js'
import type { StandInCluster } from './stand-in-cluster-api.js'
import { makeTestSigningKey, type TestSigningKey, writeMirror } from './stand-in-release.js'
import { exec } from './test-hosts.js'

/**
 * Three blank hosts with stand-ins for the Consul and Nomad binaries, shared by the three-host
 * suite (three-hosts.cluster.test.ts) and the whole bring-up (bring-up/bring-up.cluster.test.ts):
 * containers of the host image on the machine's loopback (--network host, so one stand-in API
 * serves all three), a signed release mirror, and the inventory vars only a test sets.
 */
const run = promisify(execFile)

export interface StandInHost {
  readonly name: string
  readonly privateIp: string
  readonly publicIp: string
}

/** Three hosts named `<prefix>-node<i>-<run id>`, private IPs 10.10.0.2-4 (the leader is 10.10.0.4). */
export function standInHosts(prefix: string): StandInHost[] {
  const runId = `${process.pid}-${Math.random().toString(36).slice(2, 7)}`
  return [1, 2, 3].map(i => ({
    name: `${prefix}-node${i}-${runId}`,
    privateIp: `10.10.0.${i + 1}`,
    publicIp: `203.0.113.${9 + i}`
  }))
}

/** A fresh container of the host image, as blank as a new droplet. */
export async function startStandInHost(name: string, image: string, label: string): Promise<void> {
  await run(DOCKER, ['rm', '-f', name]).catch(() => undefined)
  await run(DOCKER, [
    'run',
    '-d',
    '--name',
    name,
    '--network',
    'host',
    '--cap-add',
    'NET_ADMIN',
    '--label',
    `elm-infra-test=${label}`,
    image,
    'sleep',
    'infinity'
  ])
}

/** A port nothing listens on now (the JWKS proxy's, on the machine's shared loopback). */
export function freePort(): Promise<number> {
  const probe = createNetServer()
  return new Promise(resolve =>
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
  )
}

/** Serves a folder over plain HTTP on 127.0.0.1 (the release mirror). */
export function serveDir(root: string): Promise<Server> {
  const server = createServer((req, res) => {
    const file = join(
      root,
      normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname))
    )
    try {
      res.end(readFileSync(file))
    } catch {
      res.writeHead(404).end()
    }
  })
  return new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(server)))
}

export interface StandInMirror {
  readonly url: string
  readonly key: TestSigningKey
  readonly dockerKeySha256: string
  close(): void
}

/**
 * HashiCorp's archive for the pinned versions (versions.json) with stand-in binaries, its
 * SHA256SUMS signed by a key made here, which the roles get in place of HashiCorp's.
 */
export async function startStandInMirror(work: string): Promise<StandInMirror> {
  const dir = join(work, 'mirror')
  mkdirSync(dir, { recursive: true })
  const key = makeTestSigningKey(work)
  const { dockerKeySha256 } = writeMirror(
    dir,
    [
      { product: 'consul', version: CONSUL_VERSION },
      { product: 'nomad', version: NOMAD_VERSION }
    ],
    key
  )
  const server = await serveDir(dir)
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    key,
    dockerKeySha256,
    close: () => server.close()
  }
}

/** `terraform output -json`'s shape for the hosts (terraform/outputs.tf): every output as {sensitive, type, value}. */
export function terraformOutputsDocument(hosts: readonly StandInHost[]): unknown {
  const output = (type: unknown, value: unknown): unknown => ({ sensitive: false, type, value })
  return {
    nodes: output(
      ['list', ['object', { name: 'string', private_ip: 'string', public_ip: 'string' }]],
      hosts.map(h => ({ name: h.name, public_ip: h.publicIp, private_ip: h.privateIp }))
    ),
    vpc_ip_range: output('string', '10.10.0.0/16'),
    nomad_min_dynamic_port: output('number', 20000),
    nomad_max_dynamic_port: output('number', 32000)
  }
}

/**
 * The inventory the pipeline uses: ansible/inventory/terraform.py and group_vars/ (linked into `inventory`), plus a
 * file with what only a test sets: the docker connection, the mirror and the stand-in APIs.
 */
export function writeStandInInventory(
  inventory: string,
  hosts: readonly StandInHost[],
  mirror: StandInMirror,
  api: Pick<StandInCluster, 'consulUrl' | 'nomadUrl'>,
  jwksPort: number
): void {
  mkdirSync(inventory, { recursive: true })
  symlinkSync(
    join(REPO_ROOT, 'ansible', 'inventory', 'terraform.py'),
    join(inventory, 'terraform.py')
  )
  // The repository's group_vars, read beside terraform.py as in the pipeline's runs (ansible.cfg
  // names inventory/): e.g. the GHCR pull credentials for Nomad's Docker driver.
  symlinkSync(join(REPO_ROOT, 'ansible', 'inventory', 'group_vars'), join(inventory, 'group_vars'))
  // Read after terraform.py (alphabetical): the docker connection names the container.
  writeFileSync(
    join(inventory, 'zz-test.yml'),
    stringify({
      cluster: {
        hosts: Object.fromEntries(hosts.map(h => [h.name, { ansible_host: h.name }])),
        vars: {
          ansible_connection: 'community.docker.docker',
          ansible_python_interpreter: '/usr/bin/python3',
          base_manage_services: false,
          base_apt_update_cache: false,
          docker_manage_services: false,
          docker_packages: [],
          docker_apt_key_url: `${mirror.url}/gpg`,
          docker_apt_key_checksum: `sha256:${mirror.dockerKeySha256}`,
          consul_manage_services: false,
          consul_archive_base_url: mirror.url,
          consul_release_keyring: mirror.key.keyring,
          nomad_manage_services: false,
          nomad_archive_base_url: mirror.url,
          nomad_release_keyring: mirror.key.keyring,
          // The real nginx (in the image) proxies the JWKS to the stand-in Nomad; all three hosts
          // share the machine's loopback, so one port, served by the leader's host.
          nomad_jwks_proxy_packages: [],
          nomad_jwks_proxy_port: jwksPort,
          nomad_jwks_proxy_upstream: api.nomadUrl,
          cluster_gate_consul_addr: api.consulUrl,
          cluster_gate_nomad_addr: api.nomadUrl,
          cluster_gate_retries: 2,
          cluster_gate_delay: 1,
          cluster_acl_consul_addr: api.consulUrl,
          cluster_acl_nomad_addr: api.nomadUrl,
          cluster_acl_leader_retries: 2,
          cluster_acl_leader_delay: 1,
          drain_nomad_addr: api.nomadUrl,
          drain_ready_retries: 2,
          drain_ready_delay: 1
        }
      }
    })
  )
}

/**
 * Tells each host's stand-in binaries where the stand-in API is (their "systemd"), and starts the
 * real nginx on the leader's host once the nomad role has written its JWKS site: the Consul leader
 * checks the auth method against its own node's proxy (AuthMethodSet is forwarded to the leader:
 * agent/consul/acl_endpoint.go ForwardRPC), as systemd would start nginx after the role.
 */
export async function wireStandInHosts(
  hosts: readonly StandInHost[],
  api: Pick<StandInCluster, 'controlUrl'>,
  leader: string
): Promise<void> {
  await Promise.all(
    hosts.map(h =>
      exec(h.name, ['sh', '-c', `echo '${api.controlUrl} ${h.name}' > /etc/elm-infra-standin`])
    )
  )
  await run(DOCKER, [
    'exec',
    '-d',
    leader,
    'sh',
    '-c',
    'until [ -s /etc/nginx/conf.d/nomad-jwks-proxy.conf ] && [ ! -e /etc/nginx/sites-enabled/default ]; do sleep 0.5; done; exec nginx -g "daemon off;"'
  ])
}
