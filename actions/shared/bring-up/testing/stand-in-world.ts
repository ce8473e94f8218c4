import { execFile } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { ensureHostImage } from '../../ansible/testing/host-image.js'
import {
  startStandInCluster,
  type StandInCluster
} from '../../ansible/testing/stand-in-cluster-api.js'
import {
  freePort,
  standInHosts,
  startStandInHost,
  startStandInMirror,
  type StandInMirror,
  wireStandInHosts,
  writeStandInInventory
} from '../../ansible/testing/stand-in-hosts.js'
import { removeHosts } from '../../ansible/testing/test-hosts.js'
import { loadCatalog } from '../../catalog/load-catalog.js'
import { SimulatedCluster } from '../../nomad/simulated/cluster.js'
import { serveSimulatedNomad, type SimulatedNomadServer } from '../../nomad/simulated/http.js'
import { volumeSpec } from '../../nomad/simulated/repo-volumes.js'
import { DOCKER } from '../../testing/engines.js'
import { REPO_ROOT } from '../../testing/run-action-process.js'
import { CONSUL_VERSION, NOMAD_VERSION } from '../../versions.js'
import type { BringUpHost, BringUpWorld, Served, Site } from '../world.js'

const run = promisify(execFile)

/**
 * The bring-up on this machine: what cannot run here (the Consul and Nomad binaries, the Docker
 * daemon inside each droplet, Traefik and the site images) has a stand-in, everything else is real.
 * - Hosts: three fresh containers of the host image (Debian bookworm with the base packages), the
 *   real playbook over the community.docker connection, the real nginx JWKS proxy.
 * - Consul and Nomad: the release zips hold stand-in binaries (signed mirror, stand-in-release.ts);
 *   their HTTP APIs are stand-in-cluster-api.ts, listening with the TLS the rendered configs name.
 * - Scheduling: the simulated Nomad (nomad/simulated/), reached only through the stand-in's mutual
 *   TLS and ACL check, so the deploy uses the token the playbook made and the certificate
 *   `secrets init` made. Its nodes are the three hosts, by name.
 * - Serving: a site "answers through a host's Traefik" when the scheduler runs Traefik's system job
 *   on that host's node and a healthy allocation of the site's job on a node that is up. No HTTP
 *   goes through a Traefik here (its image cannot be pulled): bring-up.yml fetches for real.
 */
export async function startStandInWorld(): Promise<BringUpWorld> {
  const hosts: BringUpHost[] = standInHosts('bring-up')
  const leader = hosts[2]
  if (!leader) throw new Error('three hosts expected')
  const cluster = new SimulatedCluster({
    nodes: hosts.map(h => ({ name: h.name, cpu: 4000, memoryMB: 4096 })),
    health: { healthyAfterMs: 300 },
    csi: { attachMs: 500, detachMs: 500 },
    watcherDelayMs: 100
  })
  const scheduler: SimulatedNomadServer = await serveSimulatedNomad(cluster)
  // The leader is host 3's IP (the stand-in Consul's and Nomad's /v1/status/leader).
  const api: StandInCluster = await startStandInCluster(leader.privateIp, {
    scheduler: scheduler.url
  })
  let mirror: StandInMirror | undefined
  const catalog = await loadCatalog(REPO_ROOT)
  const lost = new Set<string>()

  const nodeOf = (host: BringUpHost): string | undefined =>
    cluster.nodes.find(n => n.Name === host.name)?.ID

  return {
    description: `stand-ins for consul ${CONSUL_VERSION} and nomad ${NOMAD_VERSION} (three containers, the simulated scheduler)`,
    hosts,
    domain: 'elm-lang.org',
    csi: true,

    async apply(dir) {
      // The apply creates the droplets: three blank hosts.
      const image = await ensureHostImage()
      await Promise.all(hosts.map(h => startStandInHost(h.name, image, 'bring-up')))
      // A real `terraform output -json` of outputs shaped as terraform/outputs.tf's (the provider
      // itself cannot be downloaded here): Terraform's own types and JSON.
      const tf = join(dir, 'terraform')
      mkdirSync(tf, { recursive: true })
      writeFileSync(join(dir, 'empty.tfrc'), '')
      writeFileSync(
        join(tf, 'main.tf'),
        [
          'output "nodes" {',
          '  value = [',
          ...hosts.map(
            h =>
              `    { name = "${h.name}", public_ip = "${h.publicIp}", private_ip = "${h.privateIp}", ssh_host_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIStandIn ${h.name}" },`
          ),
          '  ]',
          '}',
          'output "vpc_ip_range" { value = "10.10.0.0/16" }',
          'output "nomad_min_dynamic_port" { value = 20000 }',
          'output "nomad_max_dynamic_port" { value = 32000 }',
          'output "nomad_address" { value = "https://nomad.elm-lang.org:4646" }',
          ''
        ].join('\n')
      )
      const terraform = (...args: string[]) =>
        run('terraform', [...args, '-no-color'], {
          cwd: tf,
          env: {
            ...process.env,
            CHECKPOINT_DISABLE: '1',
            TF_CLI_CONFIG_FILE: join(dir, 'empty.tfrc')
          }
        })
      await terraform('init', '-input=false')
      await terraform('apply', '-input=false', '-auto-approve')
      const outputs = join(dir, 'terraform-outputs.json')
      writeFileSync(outputs, (await terraform('output', '-json')).stdout)
      return outputs
    },

    async inventory(dir) {
      mirror = await startStandInMirror(dir)
      const inventory = join(dir, 'inventory')
      writeStandInInventory(inventory, hosts, mirror, api, await freePort())
      await wireStandInHosts(hosts, api, leader.name)
      return inventory
    },

    nomadAddress: () => api.nomadUrl,

    // Nothing here reads them but the stand-in Nomad, which stores what the management token puts.
    jobVariables: async () => ({
      'nomad/jobs/csi-digitalocean-controller': { token: 'bring-up-do-token' },
      'nomad/jobs/package-site': {
        github_token: 'bring-up-github-token',
        backup_endpoint: 'http://127.0.0.1:1',
        backup_bucket: 'elm-packages/bring-up',
        backup_access_key_id: 'bring-up',
        backup_secret_access_key: 'bring-up-secret',
        backup_ping_url: 'http://127.0.0.1:1/ping'
      }
    }),

    jobFile: async jobFile => jobFile,

    image: async service => `${service.image}:bring-up`,

    async createVolume(file) {
      const spec = volumeSpec(readFileSync(join(REPO_ROOT, file), 'utf8'))
      if (spec === undefined) throw new Error(`${file} has no id`)
      cluster.createVolume(spec.id, spec.accessMode)
    },

    async serve(site: Site, via: BringUpHost): Promise<Served> {
      const jobId = catalog.services.find(s => s.name === site.service)?.jobId ?? site.service
      const viaNode = nodeOf(via)
      if (viaNode === undefined || lost.has(via.name))
        return { ok: false, detail: `${via.name} is not a node` }
      const running = (job: string) =>
        cluster.allocations(
          a =>
            a.JobID === job &&
            a.DesiredStatus === 'run' &&
            a.ClientStatus === 'running' &&
            !lost.has(cluster.nodes.find(n => n.ID === a.NodeID)?.Name ?? '')
        )
      if (!running('traefik').some(a => a.NodeID === viaNode))
        return { ok: false, detail: `Traefik does not run on ${via.name}` }
      const healthy = running(jobId).filter(a => a.DeploymentStatus?.Healthy !== false)
      if (healthy.length === 0)
        return { ok: false, detail: `no running allocation of ${jobId} on a node that is up` }
      const on = healthy.map(a => cluster.nodes.find(n => n.ID === a.NodeID)?.Name ?? a.NodeID)
      return { ok: true, detail: `${jobId} running on ${[...new Set(on)].join(', ')}` }
    },

    async loseHost(host) {
      await run(DOCKER, ['stop', '-t', '1', host.name])
      const node = nodeOf(host)
      if (node === undefined) throw new Error(`${host.name} is no node of the scheduler`)
      lost.add(host.name)
      cluster.removeNode(node)
    },

    async close() {
      await removeHosts(hosts.map(h => h.name))
      await api.close()
      await scheduler.close()
      cluster.close()
      mirror?.close()
    }
  }
}
