import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { stringify } from 'yaml'
import { DOCKER } from '../../testing/engines.js'

const run = promisify(execFile)

/** The port of the mirror each host serves to itself on 127.0.0.1. */
export const MIRROR_PORT = 18080

/**
 * Starts a long-lived Debian host container. `--network none` keeps it off every network but its
 * own loopback, where it serves the mounted mirror folder on 127.0.0.1 (python's http.server), so
 * the roles download over real HTTP without the container touching the machine's network.
 * NET_ADMIN in that private namespace lets `nft -c` check the firewall rules.
 */
export async function startHost(name: string, image: string, mirrorDir: string): Promise<void> {
  await run(DOCKER, ['rm', '-f', name]).catch(() => undefined)
  await run(DOCKER, [
    'run',
    '-d',
    '--name',
    name,
    '--hostname',
    name,
    '--network',
    'none',
    '--cap-add',
    'NET_ADMIN',
    '--label',
    'elm-infra-test=ansible',
    '-v',
    `${mirrorDir}:/mirror:ro`,
    image,
    'sh',
    '-c',
    `cd /mirror && exec python3 -m http.server ${MIRROR_PORT} --bind 127.0.0.1 2>>/var/log/mirror.log`
  ])
  // Wait until the mirror answers inside the container.
  for (let i = 0; i < 50; i++) {
    const probe = await exec(name, [
      'python3',
      '-c',
      `import urllib.request; urllib.request.urlopen('http://127.0.0.1:${MIRROR_PORT}/gpg')`
    ]).catch(() => undefined)
    if (probe !== undefined) return
    await new Promise(resolve => setTimeout(resolve, 200))
  }
  throw new Error(`host ${name}: the mirror on 127.0.0.1:${MIRROR_PORT} never answered`)
}

/** Runs a command inside a host; rejects on a non-zero exit. */
export async function exec(name: string, argv: readonly string[]): Promise<string> {
  const { stdout } = await run(DOCKER, ['exec', name, ...argv], { maxBuffer: 16 * 1024 * 1024 })
  return stdout
}

/** Removes host containers (by name). */
export async function removeHosts(names: readonly string[]): Promise<void> {
  if (names.length > 0) await run(DOCKER, ['rm', '-f', ...names]).catch(() => undefined)
}

export interface TestHost {
  readonly name: string
  readonly privateIp: string
}

/**
 * An inventory for the hosts: the docker connection, the local mirror, and what a container cannot
 * do switched off (systemd, apt downloads, Docker's packages). Unit files and configs are still
 * written and checked.
 */
export function renderTestInventory(
  hosts: readonly TestHost[],
  options: { dockerKeySha256: string; releaseKeyring: string }
): string {
  const mirror = `http://127.0.0.1:${MIRROR_PORT}`
  return stringify({
    cluster: {
      hosts: Object.fromEntries(
        hosts.map(h => [h.name, { private_ip: h.privateIp, public_ip: '203.0.113.10' }])
      ),
      vars: {
        ansible_connection: 'community.docker.docker',
        ansible_python_interpreter: '/usr/bin/python3',
        base_manage_services: false,
        base_apt_update_cache: false,
        base_admin_users: [
          {
            name: 'alice',
            ssh_keys: [
              'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGc4yj6m9tQ2Kk0XKLUrFjLhMBvdl9Gc3bV1k5uZ6W4n alice@test'
            ]
          }
        ],
        base_check_users: [
          {
            name: 'drift',
            ssh_keys: [
              'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBq2b1Jm0bDk3VQm6X8m1zJt7tq2m4y9uDqz0c2w8Lr5 drift-check'
            ]
          }
        ],
        base_firewall_trusted_cidrs: ['10.10.0.0/16'],
        docker_manage_services: false,
        docker_packages: [],
        docker_apt_key_url: `${mirror}/gpg`,
        docker_apt_key_checksum: `sha256:${options.dockerKeySha256}`,
        consul_manage_services: false,
        consul_archive_base_url: mirror,
        consul_release_keyring: options.releaseKeyring,
        nomad_manage_services: false,
        nomad_archive_base_url: mirror,
        nomad_release_keyring: options.releaseKeyring,
        nomad_jwks_proxy_packages: [],
        // A static host volume, as the bring-up on GitHub gives the package site in place of CSI
        // (the role makes its directory and renders a client host_volume block).
        nomad_host_volumes: [{ name: 'test-data', path: '/opt/nomad-host-volumes/test-data' }],
        // No Consul/Nomad answers in a --network none container: the run is a bootstrap (no gates,
        // no drains) and the ACL play, which needs a cluster, is left out.
        cluster_acl_enabled: false
      }
    }
  })
}
