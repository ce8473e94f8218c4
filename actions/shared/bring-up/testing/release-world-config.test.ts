import { describe, expect, it } from '@jest/globals'
import { parse as parseHcl } from '@cdktf/hcl2json'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { loadCatalog } from '../../catalog/load-catalog.js'
import { REPO_ROOT } from '../../testing/run-action-process.js'
import {
  allowEmptyRegistry,
  csiVolumeSources,
  HOST_DOCKERFILE,
  HOST_IMAGE,
  hostRunArgs,
  HOST_VOLUME_ROOT,
  hostVolumesFor,
  releaseImageRef,
  releaseInventory,
  releaseLayout,
  terraformOutputsConfig,
  traefikWebPort,
  withHostVolumes
} from './release-world-config.js'

const read = (file: string): string => readFileSync(join(REPO_ROOT, file), 'utf8')
const jobFiles = readdirSync(join(REPO_ROOT, 'nomad'))
  .filter(f => f.endsWith('.nomad.hcl'))
  .map(f => `nomad/${f}`)

type Json = Record<string, unknown>
const group = (parsed: Json): Json =>
  (
    (((parsed['job'] as Json)['package-site'] as Json[])[0]?.['group'] as Json)[
      'package-site'
    ] as Json[]
  )[0] as Json

describe('the package site may start empty in a bring-up (and only there)', () => {
  const original = read('nomad/package-site.nomad.hcl')
  const tasksOf = (parsed: Json): Array<[string, Json]> =>
    Object.entries(group(parsed)['task'] as Record<string, Json[]>).map(([name, [body]]) => [
      name,
      body as Json
    ])
  const envOf = (task: Json): Json => ((task['env'] as Json[] | undefined)?.[0] ?? {}) as Json

  it('every task that names DATA_DIR gets PACKAGE_SITE_ALLOW_EMPTY=1, and nothing else changes', async () => {
    const before = tasksOf(await parseHcl('package-site.nomad.hcl', original))
    const after = tasksOf(await parseHcl('package-site.nomad.hcl', allowEmptyRegistry(original)))
    const withDataDir = before.filter(([, t]) => envOf(t)['DATA_DIR'] !== undefined)
    // restore (restore-if-empty), server and backup all name the volume's folder.
    expect(withDataDir.length).toBeGreaterThanOrEqual(2)
    for (const [name, task] of after) {
      const was = before.find(([n]) => n === name)?.[1] ?? {}
      const { PACKAGE_SITE_ALLOW_EMPTY: allow, ...rest } = envOf(task)
      expect(rest).toEqual(envOf(was))
      expect(allow).toBe(envOf(was)['DATA_DIR'] === undefined ? undefined : '1')
    }
  })

  it('production never sets it', () => {
    for (const file of jobFiles) expect(read(file)).not.toMatch(/PACKAGE_SITE_ALLOW_EMPTY\s*=/)
  })
})

describe('the package site with a host volume in place of its CSI volume', () => {
  const original = read('nomad/package-site.nomad.hcl')

  it('asks for the host volume of the same name, read-write, with no CSI modes', async () => {
    const before = group(await parseHcl('package-site.nomad.hcl', original))
    const after = group(await parseHcl('package-site.nomad.hcl', withHostVolumes(original)))
    expect(before['volume']).toEqual({
      data: [
        {
          type: 'csi',
          source: 'package-site-data',
          access_mode: 'single-node-writer',
          attachment_mode: 'file-system'
        }
      ]
    })
    expect(after['volume']).toEqual({
      data: [{ type: 'host', source: 'package-site-data', read_only: false }]
    })
  })

  it('changes nothing else in the job (the same parse without the volume)', async () => {
    const before = await parseHcl('a.hcl', original)
    const after = await parseHcl('a.hcl', withHostVolumes(original))
    delete group(before)['volume']
    delete group(after)['volume']
    expect(after).toEqual(before)
    // Every task still mounts the volume by its alias.
    expect(withHostVolumes(original).match(/volume\s*=\s*"data"/g)).toHaveLength(3)
  })

  it('leaves no CSI volume in any job file, and files without one byte for byte', () => {
    for (const file of jobFiles) {
      const text = read(file)
      expect(csiVolumeSources(withHostVolumes(text))).toEqual([])
      if (csiVolumeSources(text).length === 0) expect(withHostVolumes(text)).toBe(text)
    }
  })

  it('keeps a read-only request read-only', async () => {
    const text = 'volume "x" {\n  type = "csi"\n  source = "s"\n  read_only = true\n}\n'
    expect(await parseHcl('x.hcl', withHostVolumes(text))).toEqual({
      volume: { x: [{ type: 'host', source: 's', read_only: true }] }
    })
  })

  it('refuses a CSI volume whose source is not a literal', () => {
    expect(() => withHostVolumes('volume "x" {\n  type = "csi"\n  source = var.s\n}\n')).toThrow(
      'volume "x" is a CSI volume without a literal source'
    )
  })
})

describe('the host volumes the nomad role makes', () => {
  it('one for each CSI volume the repository’s job files request: the package site’s', () => {
    expect(jobFiles.flatMap(f => csiVolumeSources(read(f)))).toEqual(['package-site-data'])
    expect(hostVolumesFor(jobFiles.map(read))).toEqual([
      { name: 'package-site-data', path: `${HOST_VOLUME_ROOT}/package-site-data` }
    ])
  })

  it('are the volumes nomad/volumes/ creates with CSI (the same names)', async () => {
    const names = await Promise.all(
      readdirSync(join(REPO_ROOT, 'nomad', 'volumes')).map(
        async f => (await parseHcl(f, read(`nomad/volumes/${f}`)))['id']
      )
    )
    expect(hostVolumesFor(jobFiles.map(read)).map(v => v.name)).toEqual(names)
  })
})

describe('the inventory only the release world adds', () => {
  const vars = (
    parseYaml(
      releaseInventory(releaseLayout('10.20.0.0/24', 'x').hosts, [
        { name: 'package-site-data', path: '/opt/nomad-host-volumes/package-site-data' }
      ])
    ) as { cluster: { hosts: Json; vars: Json } }
  ).cluster

  it('reaches each host by its container name, the droplet’s name', () => {
    expect(vars.hosts).toEqual({
      'elm-bring-up-node-1': { ansible_host: 'elm-bring-up-node-1' },
      'elm-bring-up-node-2': { ansible_host: 'elm-bring-up-node-2' },
      'elm-bring-up-node-3': { ansible_host: 'elm-bring-up-node-3' }
    })
    expect(vars.vars['ansible_connection']).toBe('community.docker.docker')
  })

  it('sets only variables the roles declare, and switches nothing of theirs off', () => {
    const declared = new Set(
      readdirSync(join(REPO_ROOT, 'ansible', 'roles')).flatMap(role => {
        try {
          return Object.keys(parseYaml(read(`ansible/roles/${role}/defaults/main.yml`)) as Json)
        } catch {
          return []
        }
      })
    )
    const roleVars = Object.keys(vars.vars).filter(k => !k.startsWith('ansible_'))
    expect(roleVars.sort()).toEqual(['nomad_host_volumes', 'nomad_network_interface'])
    for (const name of roleVars) expect(declared).toContain(name)
    expect(vars.vars['nomad_network_interface']).toBe('eth0')
    expect(vars.vars['nomad_host_volumes']).toEqual([
      {
        name: 'package-site-data',
        path: '/opt/nomad-host-volumes/package-site-data',
        read_only: false
      }
    ])
  })

  it('the role renders a host_volume block for each (templates/nomad.hcl.j2)', () => {
    const template = read('ansible/roles/nomad/templates/nomad.hcl.j2')
    expect(template).toMatch(
      /\{% for volume in nomad_host_volumes %\}[\s\S]*host_volume \{\{ volume\.name \| to_json \}\} \{\n {4}path {6}= \{\{ volume\.path \| to_json \}\}/
    )
    expect(read('ansible/roles/nomad/tasks/configure.yml')).toMatch(
      /path: "\{\{ item\.path \}\}"\n {4}state: directory[\s\S]*?loop: "\{\{ nomad_host_volumes \}\}"/
    )
  })
})

describe('hosts, outputs and Traefik’s port from the repository', () => {
  it('hosts .2-.4 of Terraform’s default VPC range; the runner is the gateway', async () => {
    const variables = (await parseHcl('variables.tf', read('terraform/variables.tf'))) as {
      variable: Record<string, Array<{ default?: unknown }>>
    }
    const range = String(variables.variable['vpc_ip_range']?.[0]?.default)
    const { network, hosts } = releaseLayout(range, 'run1')
    expect(range).toBe('10.20.0.0/24')
    expect(network).toEqual({
      name: 'elm-bring-up-run1',
      subnet: '10.20.0.0/24',
      gateway: '10.20.0.1'
    })
    expect(hosts.map(h => [h.name, h.privateIp, h.publicIp])).toEqual([
      ['elm-bring-up-node-1', '10.20.0.2', '10.20.0.2'],
      ['elm-bring-up-node-2', '10.20.0.3', '10.20.0.3'],
      ['elm-bring-up-node-3', '10.20.0.4', '10.20.0.4']
    ])
    expect(() => releaseLayout('10.20.0.0/30', 'x')).toThrow(
      "vpc_ip_range '10.20.0.0/30' is not a range the release world can use; accepted: an IPv4 a.b.c.0/n with n ≤ 29"
    )
  })

  it('the outputs configuration is HCL with the outputs.tf names and the nodes’ fields', async () => {
    const { hosts } = releaseLayout('10.20.0.0/24', 'x')
    const config = terraformOutputsConfig(hosts, {
      vpcIpRange: '10.20.0.0/24',
      minDynamicPort: 20000,
      maxDynamicPort: 32000
    })
    const parsed = (await parseHcl('main.tf', config)) as { output: Record<string, Json[]> }
    const real = (await parseHcl('outputs.tf', read('terraform/outputs.tf'))) as {
      output: Record<string, unknown>
    }
    for (const name of Object.keys(parsed.output)) expect(Object.keys(real.output)).toContain(name)
    expect(parsed.output['nodes']?.[0]?.['value']).toEqual(
      hosts.map(h => ({ name: h.name, public_ip: h.publicIp, private_ip: h.privateIp }))
    )
    expect(parsed.output['nomad_max_dynamic_port']?.[0]?.['value']).toBe(32000)
  })

  it('Traefik’s web port is the job’s static http port, the one the load balancer targets', async () => {
    const port = traefikWebPort(
      await parseHcl('traefik.nomad.hcl', read('nomad/traefik.nomad.hcl'))
    )
    expect(port).toBe(80)
    const lb = (await parseHcl('lb.tf', read('terraform/load-balancer.tf'))) as {
      locals: Array<Record<string, unknown>>
    }
    expect(lb.locals.find(l => 'traefik_http_port' in l)?.['traefik_http_port']).toBe(port)
    expect(() => traefikWebPort({ job: {} })).toThrow(
      'nomad/traefik.nomad.hcl has no group with a static port "http"'
    )
  })
})

describe('bring-up.yml', () => {
  type Step = { uses?: string; run?: string; with?: Json; env?: Json }
  const steps =
    (
      parseYaml(read('.github/workflows/bring-up.yml')) as {
        jobs: Record<string, { steps: Step[] }>
      }
    ).jobs['releases']?.steps ?? []

  it('builds every service of the catalog under the reference the world loads', async () => {
    const built = steps
      .filter(st => st.uses?.startsWith('docker/build-push-action@') === true)
      .map(st => ({
        context: st.with?.['context'],
        tags: st.with?.['tags'],
        load: st.with?.['load']
      }))
    const services = (await loadCatalog(REPO_ROOT)).services
    expect(services.length).toBeGreaterThan(0)
    expect(built).toEqual(
      services.map(s => ({ context: s.context, tags: releaseImageRef(s.name), load: true }))
    )
  })

  it('runs the bring-up test in the release world and keeps the hosts’ logs', () => {
    const test = steps.find(st => st.run?.includes('test:cluster') === true)
    expect(test?.run).toBe('npm run test:cluster -- actions/shared/bring-up')
    expect(test?.env?.['ELM_INFRA_BRING_UP']).toBe('releases')
    const upload = steps.find(st => st.uses?.startsWith('actions/upload-artifact@') === true)
    expect(upload?.with?.['path']).toBe(`${String(test?.env?.['ELM_INFRA_BRING_UP_LOGS'])}/`)
  })
})

describe('the hosts as containers', () => {
  const { network, hosts } = releaseLayout('10.20.0.0/24', 'x')
  const [first, ...rest] = hosts.map((h, i) => hostRunArgs(h, network, i === 0))
  const after = (args: readonly string[], flag: string): string[] =>
    args.flatMap((a, i) => (a === flag ? [args[i + 1] ?? ''] : []))

  it('each boots the host image on the VPC network at its private IP, named like its droplet', () => {
    hosts.forEach((h, i) => {
      const args = i === 0 ? first : rest[i - 1]
      expect(args?.slice(0, 2)).toEqual(['run', '-d'])
      expect(args?.at(-1)).toBe(HOST_IMAGE)
      expect(after(args ?? [], '--name')).toEqual([h.name])
      expect(after(args ?? [], '--hostname')).toEqual([h.name])
      expect(after(args ?? [], '--network')).toEqual([network.name])
      expect(after(args ?? [], '--ip')).toEqual([h.privateIp])
    })
  })

  it('systemd as PID 1 in its own cgroup namespace, tmpfs /run and /tmp, /var on its own volume', () => {
    for (const [i, args] of [first, ...rest].entries()) {
      expect(args).toContain('--privileged')
      expect(args).toContain('--cgroupns=private')
      expect(after(args ?? [], '--tmpfs').sort()).toEqual(['/run', '/tmp'])
      expect(after(args ?? [], '--volume')).toEqual([`${hosts[i]?.name}-var:/var`])
    }
    expect(HOST_DOCKERFILE).toMatch(/^CMD \["\/lib\/systemd\/systemd"\]$/m)
    expect(HOST_DOCKERFILE).toMatch(/^STOPSIGNAL SIGRTMIN\+3$/m)
    expect(HOST_DOCKERFILE).toMatch(/^ENV container=docker$/m)
  })

  it('only the first host publishes Nomad’s API, on the runner’s loopback only', () => {
    expect(after(first ?? [], '--publish')).toEqual(['127.0.0.1:4646:4646'])
    for (const args of rest) expect(after(args, '--publish')).toEqual([])
  })

  it('starts as blank as a droplet: what Ansible needs, nothing the roles install', () => {
    const installed = /apt-get install -y --no-install-recommends ([^&]*)&&/
      .exec(HOST_DOCKERFILE.replace(/\\\n\s*/g, ' '))?.[1]
      ?.trim()
      .split(/\s+/)
    expect(installed).toEqual(expect.arrayContaining(['systemd', 'python3', 'python3-apt', 'sudo']))
    for (const p of ['docker-ce', 'nginx-light', 'nftables', 'fail2ban', 'openssh-server', 'unzip'])
      expect(installed).not.toContain(p)
  })
})
