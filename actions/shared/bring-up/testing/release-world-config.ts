import { stringify } from 'yaml'
import type { BringUpHost } from '../world.js'

/**
 * The pure parts of the release world (release-world.ts): which hosts it makes, the Terraform
 * configuration whose `terraform output -json` names them, the inventory vars only this world sets,
 * the job files with a host volume in place of each CSI volume, and Traefik's web port. No I/O:
 * release-world.test.ts checks each against the repository's real files.
 */

/** Every container and network of the release world carries this label. */
export const RELEASE_LABEL = 'elm-infra-test=bring-up-releases'
/** Where the runner reaches Nomad's API: host 1's 4646, published on the runner's loopback only. */
export const NOMAD_API_PORT = 4646

/**
 * A droplet's starting point: Debian 12 with systemd as init, python3 (Ansible), python3-apt (the
 * apt module), sudo (every play has become: true) and iproute2 (the interface facts), as
 * DigitalOcean's debian-12-x64 image has them. Nothing the roles install is here.
 * systemd's container interface (systemd.io/CONTAINER_INTERFACE): `container=docker` tells it it
 * runs in a container; SIGRTMIN+3 is its clean-shutdown signal.
 */
export const HOST_DOCKERFILE = `FROM docker.io/library/debian:bookworm
ENV container=docker
RUN apt-get update \\
 && apt-get install -y --no-install-recommends systemd systemd-sysv dbus python3 python3-apt sudo \\
      iproute2 ca-certificates procps \\
 && rm -rf /var/lib/apt/lists/*
STOPSIGNAL SIGRTMIN+3
CMD ["/lib/systemd/systemd"]
`
export const HOST_IMAGE = 'elm-infra/bring-up-host:bookworm'

/**
 * The `docker run` of one host. Privileged with its own cgroup namespace, tmpfs /run and /tmp, as
 * kind runs its systemd node containers (kubernetes-sigs/kind, pkg/cluster/internal/providers/
 * docker/provision.go runArgsForNode: "--privileged", "--tmpfs /tmp", "--tmpfs /run": "systemd wants
 * a writable /run"). The cgroup namespace is private, not the runner's: Nomad's client puts its
 * cgroups at the fixed root /sys/fs/cgroup/nomad.slice and writes cgroup.subtree_control there
 * (Nomad v2.0.5 client/lib/cgroupslib/editor.go `root = "/sys/fs/cgroup"`, init.go Init, CG2), so
 * with the runner's namespace three clients would share one nomad.slice at the runner's root; in
 * their own each has its own. All of /var is a volume, as kind's `--volume <node>-var:/var`: the inner
 * Docker's image layers (overlay2 in /var/lib/docker, or containerd's overlayfs snapshots in
 * /var/lib/containerd with the containerd image store) cannot sit on an overlayfs upper layer, the
 * container's own root; Docker fills the new volume from the image's /var (Docker docs, "Volumes":
 * "New volumes can have their content pre-populated by a container").
 */
export function hostRunArgs(
  host: BringUpHost,
  network: ReleaseNetwork,
  publishApi: boolean
): string[] {
  return [
    'run',
    '-d',
    '--name',
    host.name,
    '--hostname',
    host.name,
    '--label',
    RELEASE_LABEL,
    '--network',
    network.name,
    '--ip',
    host.privateIp,
    '--privileged',
    '--cgroupns=private',
    '--tmpfs',
    '/run',
    '--tmpfs',
    '/tmp',
    '--volume',
    `${host.name}-var:/var`,
    ...(publishApi ? ['--publish', `127.0.0.1:${NOMAD_API_PORT}:${NOMAD_API_PORT}`] : []),
    HOST_IMAGE
  ]
}

/** The Docker network the three hosts share on the runner: the VPC's range, its gateway the runner. */
export interface ReleaseNetwork {
  readonly name: string
  /** The VPC's range (terraform/variables.tf `vpc_ip_range`), the bridge's subnet. */
  readonly subnet: string
  /** The bridge's gateway: where the runner itself is seen from the hosts. */
  readonly gateway: string
}

/**
 * The network and three hosts inside the VPC range, as the module's droplets get them (.2-.4; .1
 * is the bridge's gateway, the runner). A host's public IP is its bridge IP too: the runner reaches
 * a host there as the pipeline reaches a droplet at its public IP.
 */
export function releaseLayout(
  vpcIpRange: string,
  runId: string
): { network: ReleaseNetwork; hosts: BringUpHost[] } {
  const match = /^(\d+)\.(\d+)\.(\d+)\.0\/(\d+)$/.exec(vpcIpRange)
  if (!match || Number(match[4]) > 29)
    throw new Error(
      `vpc_ip_range '${vpcIpRange}' is not a range the release world can use; accepted: an IPv4 a.b.c.0/n with n ≤ 29`
    )
  const prefix = `${match[1]}.${match[2]}.${match[3]}`
  return {
    network: { name: `elm-bring-up-${runId}`, subnet: vpcIpRange, gateway: `${prefix}.1` },
    hosts: [1, 2, 3].map(i => ({
      name: `elm-bring-up-node-${i}`,
      privateIp: `${prefix}.${i + 1}`,
      publicIp: `${prefix}.${i + 1}`
    }))
  }
}

/**
 * A Terraform configuration with outputs only, shaped as terraform/outputs.tf shapes the ones the
 * pipeline hands to Ansible (nodes, vpc_ip_range, the dynamic port range): `terraform apply` and
 * `terraform output -json` on it are the real CLI's own document (as host-keys.engine.test.ts does).
 */
export function terraformOutputsConfig(
  hosts: readonly BringUpHost[],
  settings: { vpcIpRange: string; minDynamicPort: number; maxDynamicPort: number }
): string {
  const nodes = hosts
    .map(
      h =>
        `    { name = ${JSON.stringify(h.name)}, public_ip = ${JSON.stringify(h.publicIp)}, private_ip = ${JSON.stringify(h.privateIp)} },`
    )
    .join('\n')
  return [
    'output "nodes" {',
    '  value = [',
    nodes,
    '  ]',
    '}',
    `output "vpc_ip_range" { value = ${JSON.stringify(settings.vpcIpRange)} }`,
    `output "nomad_min_dynamic_port" { value = ${settings.minDynamicPort} }`,
    `output "nomad_max_dynamic_port" { value = ${settings.maxDynamicPort} }`,
    ''
  ].join('\n')
}

/**
 * The reference a service's image is built under on the runner and loaded into each host's Docker
 * (bring-up.yml builds these with the Actions layer cache first; the world builds any it lacks). A
 * tag, not `latest`: Nomad's Docker driver uses a present image without pulling unless the tag is
 * "latest" or force_pull is set (Nomad v2.0.5 drivers/docker/driver.go createImage).
 */
export function releaseImageRef(service: string): string {
  return `elm-infra-bring-up/${service}:bring-up`
}

/** A Nomad static host volume on every client (the nomad role's `nomad_host_volumes`). */
export interface HostVolume {
  readonly name: string
  readonly path: string
}

/** Where the nomad role makes each host volume on the hosts. */
export const HOST_VOLUME_ROOT = '/opt/nomad-host-volumes'

/**
 * A group `volume "<alias>" { … }` block (no nested blocks inside: a volume request has only
 * attributes and an optional mount_options block, which the job files here do not use).
 * `volume_mount` does not match: the label must follow `volume` and blanks.
 */
const VOLUME_BLOCK = /^([ \t]*)volume[ \t]+"([^"]+)"[ \t]*\{([^{}]*)\}/gm

function attribute(body: string, name: string): string | undefined {
  return new RegExp(`^\\s*${name}\\s*=\\s*(?:"([^"]*)"|(true|false))\\s*$`, 'm')
    .exec(body)
    ?.slice(1)
    .find(v => v !== undefined)
}

/** The `source` of every CSI volume a job file requests, in file order. */
export function csiVolumeSources(jobHcl: string): string[] {
  return [...jobHcl.matchAll(VOLUME_BLOCK)].flatMap(m => {
    const body = m[3] ?? ''
    if (attribute(body, 'type') !== 'csi') return []
    const source = attribute(body, 'source')
    if (source === undefined)
      throw new Error(`volume "${m[2]}" is a CSI volume without a literal source`)
    return [source]
  })
}

/** The host volumes that stand in for every CSI volume the job files request (one per source). */
export function hostVolumesFor(jobHcls: readonly string[]): HostVolume[] {
  const names = [...new Set(jobHcls.flatMap(csiVolumeSources))]
  return names.map(name => ({ name, path: `${HOST_VOLUME_ROOT}/${name}` }))
}

/**
 * The job file with each CSI volume request replaced by a request for the host volume of the same
 * name, everything else byte for byte. Nomad's job specification, `volume` block: a host volume
 * request is `type = "host"`, `source` (the client's host_volume name) and `read_only`; access and
 * attachment modes are CSI claims (Nomad v2.0.5 nomad/structs/volumes.go VolumeRequest.Validate
 * checks attachment modes for CSI only, and a static host volume takes no claim), so they go: the
 * one writer is kept by the group's `count = 1`.
 */
export function withHostVolumes(jobHcl: string): string {
  return jobHcl.replace(VOLUME_BLOCK, (block, indent: string, alias: string, body: string) => {
    if (attribute(body, 'type') !== 'csi') return block
    const source = attribute(body, 'source')
    if (source === undefined)
      throw new Error(`volume "${alias}" is a CSI volume without a literal source`)
    const readOnly = attribute(body, 'read_only') === 'true'
    return [
      `${indent}# A Nomad host volume in place of the CSI volume (bring-up on GitHub: no DigitalOcean volume).`,
      `${indent}volume ${JSON.stringify(alias)} {`,
      `${indent}  type      = "host"`,
      `${indent}  source    = ${JSON.stringify(source)}`,
      `${indent}  read_only = ${String(readOnly)}`,
      `${indent}}`
    ].join('\n')
  })
}

/**
 * The job file with `PACKAGE_SITE_ALLOW_EMPTY = "1"` beside every `DATA_DIR` of a task's `env`:
 * a bring-up starts from an empty host volume and an empty backup bucket, which the package site
 * refuses unless told (docker/package-site/backup.sh `restore-if-empty`). Production never sets it.
 */
export function allowEmptyRegistry(jobHcl: string): string {
  return jobHcl.replace(
    /^([ \t]*)DATA_DIR([ \t]*)=([ \t]*)"[^"]*"[ \t]*$/gm,
    (line, indent: string) => `${line}\n${indent}PACKAGE_SITE_ALLOW_EMPTY = "1"`
  )
}

/**
 * The static port of the Traefik job's `http` port (its web entrypoint, `--entrypoints.web.address`),
 * from nomad/traefik.nomad.hcl as @cdktf/hcl2json parses it.
 */
export function traefikWebPort(parsedJob: unknown): number {
  type Block = Record<string, unknown[] | undefined>
  const first = (value: unknown, key: string): unknown => {
    const v = (value as Block | undefined)?.[key]
    return Array.isArray(v) ? v[0] : typeof v === 'object' && v !== null ? v : undefined
  }
  const jobs = (parsedJob as { job?: Record<string, unknown[]> }).job ?? {}
  const job = jobs['traefik']?.[0]
  const groups = (first(job, 'group') ?? {}) as Record<string, unknown[]>
  for (const group of Object.values(groups)) {
    const network = first(group?.[0], 'network')
    const ports = (first(network, 'port') ?? {}) as Record<string, unknown[]>
    const port = (ports['http']?.[0] as { static?: unknown } | undefined)?.static
    if (typeof port === 'number') return port
  }
  throw new Error('nomad/traefik.nomad.hcl has no group with a static port "http"')
}

/**
 * The inventory file only this world adds beside ansible/inventory/terraform.py: how Ansible
 * reaches each host (the community.docker connection, as the local suites use: `docker exec` into
 * the container named like the droplet), the interface holding the private IP inside a container
 * (eth0, the bridge; a droplet's is eth1), and the host volumes standing in for CSI. Everything else
 * is the roles' defaults: the pinned zips from releases.hashicorp.com with SHA256SUMS's signature
 * checked against ansible/keys/, Docker from download.docker.com, and systemd starting every service.
 */
export function releaseInventory(
  hosts: readonly BringUpHost[],
  volumes: readonly HostVolume[]
): string {
  return stringify({
    cluster: {
      hosts: Object.fromEntries(hosts.map(h => [h.name, { ansible_host: h.name }])),
      vars: {
        ansible_connection: 'community.docker.docker',
        ansible_python_interpreter: '/usr/bin/python3',
        // The nomad role's client.network_interface (templates/nomad.hcl.j2): the bridge is eth0
        // in a container on a user-defined Docker network.
        nomad_network_interface: 'eth0',
        nomad_host_volumes: volumes.map(v => ({ name: v.name, path: v.path, read_only: false }))
      }
    }
  })
}
