import { parse as parseHcl } from '@cdktf/hcl2json'
import { execFile, spawn } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { request } from 'node:http'
import { basename, join } from 'node:path'
import { promisify } from 'node:util'
import type { Service } from '../../catalog/catalog.js'
import { DOCKER } from '../../testing/engines.js'
import { S3RVER_KEY, type S3Server, startS3Server } from '../../testing/s3-server.js'
import { REPO_ROOT } from '../../testing/run-action-process.js'
import { CONSUL_VERSION, NOMAD_VERSION } from '../../versions.js'
import type { BringUpHost, BringUpWorld, Served, Site } from '../world.js'
import {
  csiVolumeSources,
  HOST_IMAGE,
  HOST_DOCKERFILE,
  hostRunArgs,
  type HostVolume,
  hostVolumesFor,
  NOMAD_API_PORT,
  RELEASE_LABEL,
  releaseImageRef,
  releaseInventory,
  releaseLayout,
  terraformOutputsConfig,
  traefikWebPort,
  withHostVolumes,
  allowEmptyRegistry
} from './release-world-config.js'

/**
 * The bring-up on GitHub's ubuntu-24.04 runner with the real pinned releases (bring-up.yml,
 * `ELM_INFRA_BRING_UP=releases`): three Debian bookworm containers that boot systemd as PID 1, as
 * blank as a new droplet, on a Docker bridge in Terraform's VPC range. The real playbook makes them
 * a cluster: the base role's packages and nftables, Docker from download.docker.com by the docker
 * role (Docker in Docker), the consul and nomad roles' own download of the pinned zips from
 * releases.hashicorp.com with SHA256SUMS's signature checked by gpgv against ansible/keys/, and
 * systemd starting Consul, Nomad, nginx and Docker (every `*_manage_services` at its default, true).
 * The service images are built in the job from docker/<service>/ and loaded into each host's
 * dockerd; Traefik's image is pulled by the hosts from Docker Hub. No DigitalOcean volume exists
 * here, so the package site mounts a Nomad host volume in its CSI volume's place.
 *
 * The hosts cannot run on the development machine (no internet, no systemd containers there): the
 * pure parts are release-world-config.ts, unit-tested; the outputs and the inventory run here through
 * the real terraform, terraform.py and ansible-inventory (release-world.engine.test.ts); the rest is
 * the thin I/O around them, first run by bring-up.yml.
 */
const run = promisify(execFile)

/** The job files nomad-deploy reads must lie inside the workspace (nomad/deploy/source.ts readJobSource). */
const JOB_COPIES = join(REPO_ROOT, '.bring-up')

/**
 * The runner's docker CLI. Its `docker build` is Buildx, and after docker/setup-buildx-action the
 * default builder is a docker-container one, whose result stays in its cache unless `--load` asks
 * for it in the engine's image store (Docker docs, "Build drivers": "Unlike when using the default
 * docker driver, images built using other drivers aren't automatically loaded into the local image
 * store"): every build here loads.
 */
async function docker(args: readonly string[], timeoutMs = 600_000): Promise<string> {
  const { stdout } = await run(DOCKER, [...args], {
    maxBuffer: 64 * 1024 * 1024,
    timeout: timeoutMs,
    env: { ...process.env, DOCKER_BUILDKIT: '1' }
  })
  return stdout
}

/** `docker save <ref> | docker exec -i <host> docker load`: the image into a host's own dockerd. */
function loadInto(host: string, ref: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const save = spawn(DOCKER, ['save', ref], { stdio: ['ignore', 'pipe', 'pipe'] })
    const load = spawn(DOCKER, ['exec', '-i', host, 'docker', 'load'], {
      stdio: ['pipe', 'ignore', 'pipe']
    })
    let err = ''
    save.stderr.on('data', (c: Buffer) => (err += c.toString()))
    load.stderr.on('data', (c: Buffer) => (err += c.toString()))
    save.stdout.pipe(load.stdin)
    save.on('error', reject)
    save.on('close', code => {
      if (code !== 0) reject(new Error(`docker save ${ref} exited ${code}: ${err.trim()}`))
    })
    load.on('error', reject)
    load.on('close', code =>
      code === 0
        ? resolve()
        : reject(new Error(`docker load of ${ref} into ${host}: ${err.trim()}`))
    )
  })
}

/** Waits for systemd to finish booting a host ("running", or "degraded" when a unit failed). */
async function waitForSystemd(host: string): Promise<void> {
  const deadline = Date.now() + 120_000
  let last = ''
  while (Date.now() < deadline) {
    try {
      last = (await docker(['exec', host, 'systemctl', 'is-system-running'], 15_000)).trim()
    } catch (error) {
      last = String((error as { stdout?: string }).stdout ?? error).trim()
    }
    if (last === 'running' || last === 'degraded') return
    await new Promise(resolve => setTimeout(resolve, 1000))
  }
  const jobs = await docker(['exec', host, 'systemctl', 'list-jobs', '--no-pager'], 15_000).catch(
    (error: unknown) => String(error)
  )
  throw new Error(
    `${host}: systemd did not finish booting in 120 s (is-system-running: ${last}); its jobs:\n${jobs}`
  )
}

function httpGet(url: string, hostHeader: string): Promise<Served> {
  return new Promise(resolve => {
    const req = request(url, { headers: { Host: hostHeader }, timeout: 10_000 }, res => {
      let bytes = 0
      res.on('data', (c: Buffer) => (bytes += c.length))
      res.on('end', () => {
        const status = res.statusCode ?? 0
        resolve({ ok: status >= 200 && status < 400, detail: `HTTP ${status}, ${bytes} bytes` })
      })
    })
    req.on('timeout', () => req.destroy(new Error('no answer in 10 s')))
    req.on('error', error => resolve({ ok: false, detail: error.message }))
    req.end()
  })
}

export async function terraformDefaults(): Promise<{
  vpcIpRange: string
  minDynamicPort: number
  maxDynamicPort: number
}> {
  const variables = (await parseHcl(
    'variables.tf',
    readFileSync(join(REPO_ROOT, 'terraform', 'variables.tf'), 'utf8')
  )) as { variable?: Record<string, Array<{ default?: unknown }>> }
  const value = (name: string): unknown => variables.variable?.[name]?.[0]?.default
  const vpcIpRange = value('vpc_ip_range')
  const minDynamicPort = value('nomad_min_dynamic_port')
  const maxDynamicPort = value('nomad_max_dynamic_port')
  if (
    typeof vpcIpRange !== 'string' ||
    typeof minDynamicPort !== 'number' ||
    typeof maxDynamicPort !== 'number'
  )
    throw new Error(
      'terraform/variables.tf lacks a default for vpc_ip_range, nomad_min_dynamic_port or nomad_max_dynamic_port'
    )
  return { vpcIpRange, minDynamicPort, maxDynamicPort }
}

export function repoJobFiles(): string[] {
  return readdirSync(join(REPO_ROOT, 'nomad'))
    .filter(f => f.endsWith('.nomad.hcl'))
    .map(f => readFileSync(join(REPO_ROOT, 'nomad', f), 'utf8'))
}

/**
 * `terraform apply` and `terraform output -json` of the outputs-only configuration
 * (release-world-config.ts terraformOutputsConfig) in `<dir>/terraform`: the real CLI's document,
 * written to `<dir>/terraform-outputs.json`, whose path is returned.
 */
export async function terraformOutputs(
  dir: string,
  hosts: readonly BringUpHost[],
  defaults: { vpcIpRange: string; minDynamicPort: number; maxDynamicPort: number }
): Promise<string> {
  const tf = join(dir, 'terraform')
  mkdirSync(tf, { recursive: true })
  writeFileSync(join(tf, 'main.tf'), terraformOutputsConfig(hosts, defaults))
  writeFileSync(join(dir, 'empty.tfrc'), '')
  const env = {
    ...process.env,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_CLI_CONFIG_FILE: join(dir, 'empty.tfrc')
  }
  const terraform = (...args: string[]) =>
    run('terraform', [...args, '-no-color'], { cwd: tf, env, maxBuffer: 16 * 1024 * 1024 })
  await terraform('init', '-input=false')
  await terraform('apply', '-input=false', '-auto-approve')
  const outputs = join(dir, 'terraform-outputs.json')
  writeFileSync(outputs, (await terraform('output', '-json')).stdout)
  return outputs
}

/**
 * The inventory folder `<dir>/inventory`: ansible/inventory/terraform.py and the repository's
 * group_vars/ beside it, as the pipeline's run reads them (ansible.cfg `inventory =
 * inventory/terraform.py`; Ansible loads group_vars/ next to an inventory source), plus the file only
 * this world adds (release-world-config.ts releaseInventory). Returns the folder.
 */
export function writeReleaseInventory(
  dir: string,
  hosts: readonly BringUpHost[],
  volumes: readonly HostVolume[]
): string {
  const inventory = join(dir, 'inventory')
  mkdirSync(inventory, { recursive: true })
  for (const entry of ['terraform.py', 'group_vars'])
    symlinkSync(join(REPO_ROOT, 'ansible', 'inventory', entry), join(inventory, entry))
  // Read after terraform.py (alphabetical): the docker connection names the container.
  writeFileSync(join(inventory, 'zz-release.yml'), releaseInventory(hosts, volumes))
  return inventory
}

/** Where close() writes each host's journal (bring-up.yml uploads it). */
function logDir(work: string): string {
  return process.env['ELM_INFRA_BRING_UP_LOGS'] ?? join(work, 'logs')
}

/** The release world, plus where the hosts' tasks reach the runner (for a stand-in a job talks to). */
export interface ReleaseWorld extends BringUpWorld {
  /**
   * The runner as the hosts and their tasks see it: the bridge's gateway (e.g. 10.20.0.1). A server
   * the jobs must reach on the runner (the package site's backup bucket, say) listens there.
   */
  readonly runnerAddress: string
}

export async function startReleaseWorld(work: string): Promise<ReleaseWorld> {
  const defaults = await terraformDefaults()
  const runId = `${process.pid}-${Math.random().toString(36).slice(2, 7)}`
  const { network, hosts } = releaseLayout(defaults.vpcIpRange, runId)
  const webPort = traefikWebPort(
    await parseHcl(
      'traefik.nomad.hcl',
      readFileSync(join(REPO_ROOT, 'nomad', 'traefik.nomad.hcl'), 'utf8')
    )
  )
  const volumes = hostVolumesFor(repoJobFiles())
  const lost = new Set<string>()
  const images = new Map<string, Promise<string>>()
  let s3: S3Server | undefined

  // Leftovers of an earlier run on the same runner, then the host image and the VPC's network.
  await docker(['rm', '-f', '-v', ...hosts.map(h => h.name)]).catch(() => undefined)
  const imageDir = join(work, 'host-image')
  mkdirSync(imageDir, { recursive: true })
  writeFileSync(join(imageDir, 'Dockerfile'), HOST_DOCKERFILE)
  await docker(['build', '--load', '--tag', HOST_IMAGE, imageDir], 20 * 60_000)
  await docker([
    'network',
    'create',
    '--driver',
    'bridge',
    '--subnet',
    network.subnet,
    '--gateway',
    network.gateway,
    '--label',
    RELEASE_LABEL,
    network.name
  ])

  const world: ReleaseWorld = {
    runnerAddress: network.gateway,
    description: `consul ${CONSUL_VERSION} and nomad ${NOMAD_VERSION} from releases.hashicorp.com on three systemd containers (Docker inside), on GitHub's runner`,
    hosts,
    domain: 'elm-lang.org',
    csi: false,

    async apply(dir: string): Promise<string> {
      // The droplets: blank hosts booting, as `terraform apply` creates them.
      for (const [i, host] of hosts.entries()) await docker(hostRunArgs(host, network, i === 0))
      await Promise.all(hosts.map(h => waitForSystemd(h.name)))
      // Then the apply's outputs, by the real Terraform CLI.
      return terraformOutputs(dir, hosts, defaults)
    },

    inventory(dir: string): Promise<string> {
      return Promise.resolve(writeReleaseInventory(dir, hosts, volumes))
    },

    nomadAddress: () => `https://127.0.0.1:${NOMAD_API_PORT}`,

    // The package site's backup bucket: a real S3 server (s3rver, corrected: testing/s3-server.ts)
    // where the hosts' tasks reach the runner; the run's own GITHUB_TOKEN for its start-up check.
    async jobVariables() {
      const token = process.env['GITHUB_TOKEN'] ?? ''
      if (token === '')
        throw new Error(
          "GITHUB_TOKEN is not set: the package site checks its GitHub token at start (bring-up.yml passes the run's own)"
        )
      const dir = join(work, 's3')
      mkdirSync(dir, { recursive: true })
      s3 ??= await startS3Server(dir, ['elm-packages'], network.gateway)
      return {
        'nomad/jobs/package-site': {
          github_token: token,
          backup_endpoint: s3.endpoint,
          backup_bucket: 'elm-packages/bring-up',
          backup_access_key_id: S3RVER_KEY,
          backup_secret_access_key: S3RVER_KEY,
          backup_ping_url: ''
        }
      }
    },

    jobFile(jobFile: string): Promise<string> {
      const text = readFileSync(join(REPO_ROOT, jobFile), 'utf8')
      if (csiVolumeSources(text).length === 0) return Promise.resolve(jobFile)
      mkdirSync(JOB_COPIES, { recursive: true })
      const copy = join(JOB_COPIES, basename(jobFile))
      writeFileSync(copy, allowEmptyRegistry(withHostVolumes(text)))
      return Promise.resolve(copy)
    },

    image(service: Service): Promise<string> {
      const known = images.get(service.name)
      if (known) return known
      const ref = releaseImageRef(service.name)
      const made = (async () => {
        // Built by bring-up.yml beforehand (with the Actions layer cache), else built here.
        const present = await docker(['image', 'inspect', ref], 30_000).then(
          () => true,
          () => false
        )
        if (!present)
          await docker(
            ['build', '--load', '--tag', ref, join(REPO_ROOT, service.context)],
            90 * 60_000
          )
        for (const host of hosts) if (!lost.has(host.name)) await loadInto(host.name, ref)
        return ref
      })()
      images.set(service.name, made)
      return made
    },

    createVolume(file: string): Promise<void> {
      return Promise.reject(
        new Error(
          `nomad volume create ${file}: the release world has no CSI plugin (csi = false); its jobs mount host volumes`
        )
      )
    },

    serve(site: Site, via: BringUpHost): Promise<Served> {
      return httpGet(`http://${via.publicIp}:${webPort}${site.path}`, site.host)
    },

    async loseHost(host: BringUpHost): Promise<void> {
      // Powered off: no clean shutdown (-t 0: SIGKILL right after the stop signal; the short flag,
      // which older and newer Docker CLIs both accept whatever the long one is called).
      lost.add(host.name)
      await docker(['stop', '-t', '0', host.name])
    },

    async close(): Promise<void> {
      const logs = logDir(work)
      mkdirSync(logs, { recursive: true })
      for (const host of hosts) {
        if (lost.has(host.name)) continue
        const journal = await docker(
          ['exec', host.name, 'journalctl', '--no-pager', '-o', 'short-iso'],
          120_000
        ).catch((error: unknown) => `journalctl failed: ${String(error)}`)
        writeFileSync(join(logs, `${host.name}.journal.log`), journal)
        const containers = await docker(['exec', host.name, 'docker', 'ps', '-a'], 60_000).catch(
          (error: unknown) => `docker ps failed: ${String(error)}`
        )
        writeFileSync(join(logs, `${host.name}.docker-ps.txt`), containers)
        const failed = await docker(
          ['exec', host.name, 'systemctl', '--failed', '--no-pager'],
          60_000
        ).catch((error: unknown) => `systemctl --failed failed: ${String(error)}`)
        writeFileSync(join(logs, `${host.name}.failed-units.txt`), failed)
        // What the roles installed: the pinned releases (versions.json), as the binaries say.
        const versions = await docker(
          ['exec', host.name, 'sh', '-c', 'consul version; nomad version; docker version'],
          60_000
        ).catch((error: unknown) => `version check failed: ${String(error)}`)
        writeFileSync(join(logs, `${host.name}.versions.txt`), versions)
      }
      await docker(['rm', '-f', '-v', ...hosts.map(h => h.name)]).catch(() => undefined)
      await docker(['volume', 'rm', '-f', ...hosts.map(h => `${h.name}-var`)]).catch(
        () => undefined
      )
      await docker(['network', 'rm', network.name]).catch(() => undefined)
      if (existsSync(JOB_COPIES)) rmSync(JOB_COPIES, { recursive: true, force: true })
      await s3?.close()
    }
  }
  return world
}
