import { describe, expect, it } from '@jest/globals'
import { readFileSync, readdirSync } from 'node:fs'
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readService } from '../catalog/catalog.js'
import { loadCatalog, parseHclFile } from '../catalog/load-catalog.js'
import { parseDuration } from '../inputs.js'

/** The rules every job in nomad/ must follow, checked on the real HCL parser's output. */
type Json = Record<string, unknown>
const root = join(import.meta.dirname, '..', '..', '..')
const files = readdirSync(join(root, 'nomad')).filter(f => f.endsWith('.nomad.hcl'))
const SERVICES: Readonly<Record<string, string>> = {
  'package-site': 'package.elm-lang.org',
  website: 'elm-lang.org',
  www: 'www.elm-lang.org'
}

/** Services that keep state on a volume and so run as one writer without canaries. */
const SINGLE_WRITER: readonly string[] = ['package-site']

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
/** hcl2json wraps every block body in an array; this unwraps the first. */
const first = (v: unknown): Json => (Array.isArray(v) && isRecord(v[0]) ? v[0] : {})
const labelled = (v: unknown): Array<[string, Json]> =>
  isRecord(v) ? Object.entries(v).map(([k, bodies]) => [k, first(bodies)]) : []
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : [])
const ms = (v: unknown): number => parseDuration(String(v)) ?? Number.NaN

async function load(file: string): Promise<{ parsed: Json; id: string; job: Json }> {
  const parsed = (await parseHclFile(root, `nomad/${file}`)) as Json
  const jobs = labelled(parsed['job'])
  expect(jobs).toHaveLength(1)
  const [id, job] = jobs[0] ?? ['', {}]
  return { parsed, id, job }
}

function groupsOf(job: Json): Array<[string, Json]> {
  return labelled(job['group'])
}

describe('nomad/ job files', () => {
  it('holds the three services, traefik and the DigitalOcean CSI plugin', () => {
    expect(files.sort()).toEqual(
      [
        'csi-digitalocean-controller',
        'csi-digitalocean-node',
        'package-site',
        'traefik',
        'website',
        'www'
      ].map(n => `${n}.nomad.hcl`)
    )
  })

  it.each(files)('%s declares the image and version variables and uses them', async file => {
    const { parsed, job } = await load(file)
    const variables = parsed['variable']
    expect(isRecord(variables) && 'image' in variables && 'version' in variables).toBe(true)
    const tasks = groupsOf(job).flatMap(([, g]) => labelled(g['task']))
    expect(tasks.length).toBeGreaterThan(0)
    for (const [, task] of tasks) expect(first(task['config'])['image']).toBe('${var.image}')
    expect(first(job['meta'])['version']).toBe('${var.version}')
  })

  it.each(Object.keys(SERVICES))('%s follows the service rules', async name => {
    const { parsed, id, job } = await load(`${name}.nomad.hcl`)
    const domain = SERVICES[name] ?? ''
    expect(id).toBe(name)
    expect(job['type']).toBe('service')
    const service = readService(name, `nomad/${name}.nomad.hcl`, parsed)
    expect(service).toMatchObject({
      image: `ghcr.io/elm/${name}`,
      publicUrl: `https://${domain}`,
      healthPath: '/healthz'
    })
    const groups = groupsOf(job)
    expect(groups).toHaveLength(1)
    for (const [, group] of groups) {
      const update = first(group['update'])
      expect(update).toMatchObject({
        auto_promote: false,
        auto_revert: true,
        health_check: 'checks'
      })
      expect(ms(update['min_healthy_time'])).toBeLessThan(ms(update['healthy_deadline']))
      expect(ms(update['healthy_deadline'])).toBeLessThan(ms(update['progress_deadline']))
      expect(ms(group['shutdown_delay'])).toBeGreaterThan(0)
      if (SINGLE_WRITER.includes(name)) {
        // One writer on a single-node-writer volume: no canary (it would need the volume twice).
        expect(group['count']).toBe(1)
        expect(update).toMatchObject({ canary: 0, max_parallel: 1 })
      } else {
        expect(group['count']).toBe(2)
        expect(first(group['spread'])['attribute']).toBe('${node.unique.id}')
        expect(update).toMatchObject({ canary: 1 })
      }
      const port = labelled(first(group['network'])['port'])
      expect(port).toEqual([['http', { to: 8080 }]])

      const consul = first(group['service'])
      expect(consul).toMatchObject({ name, port: 'http', provider: 'consul' })
      expect(first(consul['check'])).toMatchObject({ type: 'http', path: '/healthz' })
      const tags = strings(consul['tags'])
      const canaryTags = strings(consul['canary_tags'])
      expect(tags).toContain('traefik.enable=true')
      expect(tags).toContain(`traefik.http.routers.${name}.rule=Host(\`${domain}\`)`)
      expect(tags).not.toContain('traefik.consulcatalog.canary=true')
      if (SINGLE_WRITER.includes(name)) {
        expect(canaryTags).toEqual([])
      } else {
        // Canaries: their own Traefik service, no production router, a rule that needs a header.
        expect(canaryTags).toContain('traefik.consulcatalog.canary=true')
        expect(canaryTags.some(t => t.startsWith(`traefik.http.routers.${name}.`))).toBe(false)
        const canaryRule = canaryTags.find(t => /^traefik\.http\.routers\.[^.]+\.rule=/.test(t))
        expect(canaryRule).toMatch(/&& Header\(/)
      }

      // The task that serves (package-site also has its restore and backup tasks).
      for (const [, task] of labelled(group['task']).filter(([, t]) => !('lifecycle' in t))) {
        expect(task['driver']).toBe('docker')
        expect(strings(first(task['config'])['ports'])).toEqual(['http'])
        expect(first(task['env'])['PORT']).toBe('8080')
        const resources = first(task['resources'])
        expect(Number(resources['cpu'])).toBeLessThanOrEqual(500)
        expect(Number(resources['memory'])).toBeLessThanOrEqual(256)
        expect(Number(resources['memory_max'])).toBeLessThanOrEqual(512)
      }
    }
  })

  it('traefik is a system job on the Consul catalog with a private dashboard and no TLS', async () => {
    const { job } = await load('traefik.nomad.hcl')
    expect(job['type']).toBe('system')
    const [[, group] = ['', {}]] = groupsOf(job)
    // System jobs (< Nomad 1.11): only the job-level update's max_parallel and stagger apply
    // (scheduler/scheduler_system.go computeJobAllocs: `s.job.Update.Rolling()`), so the rolling
    // limit must be there; a group-level update (checks, auto_revert) would do nothing.
    expect(first(job['update'])).toMatchObject({ max_parallel: 1 })
    expect(String(first(job['update'])['stagger'])).toMatch(/^\d+[sm]$/)
    expect(group['update']).toBeUndefined()
    const task = labelled(group['task'])[0]?.[1] ?? {}
    const args = strings(first(task['config'])['args'])
    expect(args).toEqual(
      expect.arrayContaining([
        '--providers.consulcatalog=true',
        '--providers.consulcatalog.exposedByDefault=false',
        '--entrypoints.web.address=:80'
      ])
    )
    const entrypoints = args.filter(a => /^--entrypoints\.[^.]+\.address=/.test(a))
    // The dashboard's entrypoint listens on loopback only; nothing terminates TLS on the node.
    expect(entrypoints).toContain('--entrypoints.traefik.address=127.0.0.1:8081')
    expect(args.some(a => /certresolver|acme|websecure|:443/i.test(a))).toBe(false)
    const consul = first(group['service'])
    expect(strings(consul['tags'])).toEqual(['traefik.enable=false'])
    expect(first(consul['check'])).toMatchObject({ type: 'http', path: '/ping' })
  })

  it('traefik trusts forwarded headers from the VPC Terraform makes, and no wider', async () => {
    const { parsed } = await load('traefik.nomad.hcl')
    const traefik = first((parsed['variable'] as Json)['trusted_proxies'])
    const terraform = (await parseHclFile(root, 'terraform/variables.tf')) as Json
    const vpc = first((terraform['variable'] as Json)['vpc_ip_range'])
    expect(traefik['default']).toBe(vpc['default'])
  })

  it('loadCatalog on this repository finds exactly the three services and traefik as a platform job', async () => {
    const catalog = await loadCatalog(root)
    expect(catalog.services.map(s => s.name).sort()).toEqual(Object.keys(SERVICES).sort())
    expect(catalog.jobs.map(j => `${j.jobId}:${j.type}`).sort()).toEqual([
      'csi-digitalocean-controller:service',
      'csi-digitalocean-node:system',
      'package-site:service',
      'traefik:system',
      'website:service',
      'www:service'
    ])
  })

  it('the job files alone satisfy the catalog (beside stub docker/ folders)', async () => {
    // A copy of nomad/ beside stub docker/<name>/ folders, so this checks the job files alone
    // (the real docker/ folders are the images issue's).
    const copy = await mkdtemp(join(tmpdir(), 'catalog-'))
    await cp(join(root, 'nomad'), join(copy, 'nomad'), { recursive: true })
    for (const name of Object.keys(SERVICES)) {
      await mkdir(join(copy, 'docker', name), { recursive: true })
      await writeFile(join(copy, 'docker', name, 'Dockerfile'), 'FROM scratch\n')
    }
    const catalog = await loadCatalog(copy)
    await rm(copy, { recursive: true, force: true })
    expect(catalog.services.map(s => s.name).sort()).toEqual(Object.keys(SERVICES).sort())
    expect(catalog.jobs.find(j => j.jobId === 'traefik')?.type).toBe('system')
  })
})

describe('the package site keeps its data (volume, token template, backup, restore)', () => {
  const script = readFileSync(join(root, 'docker', 'package-site', 'backup.sh'), 'utf8')
  const start = readFileSync(join(root, 'docker', 'package-site', 'start.sh'), 'utf8')

  async function group(): Promise<Json> {
    const { job } = await load('package-site.nomad.hcl')
    return groupsOf(job)[0]?.[1] ?? {}
  }
  const tasks = async (): Promise<Record<string, Json>> =>
    Object.fromEntries(labelled((await group())['task']))

  it('mounts one single-node-writer CSI volume, created from nomad/volumes/', async () => {
    const volumes = labelled((await group())['volume'])
    expect(volumes).toEqual([
      [
        'data',
        {
          type: 'csi',
          source: 'package-site-data',
          access_mode: 'single-node-writer',
          attachment_mode: 'file-system'
        }
      ]
    ])
    const spec = (await parseHclFile(root, 'nomad/volumes/package-site-data.volume.hcl')) as Json
    expect(spec).toMatchObject({ id: 'package-site-data', type: 'csi', plugin_id: 'digitalocean' })
    expect(first(spec['capability'])).toMatchObject({
      access_mode: 'single-node-writer',
      attachment_mode: 'file-system'
    })
  })

  it('every task mounts the volume at the data directory; only the backup reads it read-only', async () => {
    const all = await tasks()
    expect(Object.keys(all).sort()).toEqual(['backup', 'restore', 'server'])
    for (const [name, task] of Object.entries(all)) {
      expect(first(task['volume_mount'])).toMatchObject({
        volume: 'data',
        destination: '/srv/package'
      })
      expect(first(task['volume_mount'])['read_only'] === true).toBe(name === 'backup')
      expect(first(task['config'])['image']).toBe('${var.image}')
    }
    expect(first(all['server']?.['env'])['DATA_DIR']).toBe('/srv/package')
    expect(first(all['backup']?.['env'])['DATA_DIR']).toBe('/srv/package')
  })

  it('restores an empty volume before the server starts; backs up beside it', async () => {
    const all = await tasks()
    expect(first(all['restore']?.['lifecycle'])).toEqual({ hook: 'prestart', sidecar: false })
    expect(strings(first(all['restore']?.['config'])['args']).join(' ')).toContain(
      'package-site-backup restore-if-empty /srv/package'
    )
    expect(first(all['backup']?.['lifecycle'])).toEqual({ hook: 'poststart', sidecar: true })
    expect(first(all['backup']?.['config'])).toMatchObject({
      command: 'package-site-backup',
      args: ['loop']
    })
    // Within 5 minutes of a publish: one sync a minute.
    expect(Number(first(all['backup']?.['env'])['BACKUP_INTERVAL'])).toBeLessThanOrEqual(60)
  })

  it('the GitHub token comes from a Nomad Variable through a template into the file start.sh reads', async () => {
    const server = (await tasks())['server'] ?? {}
    const template = first(server['template'])
    expect(template['destination']).toBe('secrets/github-token')
    expect(String(template['data'])).toMatch(
      /^\{\{ with nomadVar "nomad\/jobs\/package-site" \}\}\{\{ \.github_token \}\}\{\{ end \}\}$/
    )
    expect(first(server['env'])['GITHUB_TOKEN_FILE']).toBe('/secrets/github-token')
    // The server behind the nginx front (start.sh), and alone when PACKAGE_SITE_FRONT=none.
    const runs = start
      .split('\n')
      .map(l => l.trim())
      .filter(l => /^(exec )?package-server /.test(l))
    expect(runs).toEqual([
      'exec package-server --port "${PORT:-8080}" --github "$(cat "$token_file")"',
      'package-server --port "$server_port" --github "$(cat "$token_file")" &'
    ])
    expect(JSON.stringify(server['config'])).not.toMatch(/github|token/i)
  })

  it('the backup templates set every variable backup.sh requires', async () => {
    const required = new Set(
      [...script.matchAll(/\$\{(BACKUP_BUCKET|RCLONE_CONFIG_BACKUP_\w+):\?/g)].map(m => m[1])
    )
    required.add('BACKUP_BUCKET')
    for (const type of ['TYPE', 'ENDPOINT', 'ACCESS_KEY_ID', 'SECRET_ACCESS_KEY']) {
      required.add(`RCLONE_CONFIG_BACKUP_${type}`)
    }
    for (const name of ['restore', 'backup']) {
      const template = first((await tasks())[name]?.['template'])
      expect(template).toMatchObject({ env: true, destination: 'secrets/backup.env' })
      const set = String(template['data'])
        .split('\n')
        .map(l => /^\s*([A-Z_]+)=/.exec(l)?.[1])
        .filter((v): v is string => v !== undefined)
      for (const variable of required) expect(set).toContain(variable)
      expect(String(template['data'])).toContain('nomadVar "nomad/jobs/package-site"')
    }
  })
})

describe('the DigitalOcean CSI plugin', () => {
  it('a controller (with the API token from a Nomad Variable) and a node plugin on every client', async () => {
    const controller = await load('csi-digitalocean-controller.nomad.hcl')
    const node = await load('csi-digitalocean-node.nomad.hcl')
    expect(node.job['type']).toBe('system')
    const plugin = (job: Json): Json => labelled(groupsOf(job)[0]?.[1]['task'])[0]?.[1] ?? {}
    const c = plugin(controller.job)
    const n = plugin(node.job)
    expect(first(c['csi_plugin'])).toEqual({
      id: 'digitalocean',
      type: 'controller',
      mount_dir: '/csi'
    })
    expect(first(n['csi_plugin'])).toEqual({ id: 'digitalocean', type: 'node', mount_dir: '/csi' })
    // Node mode is "no --token" (cmd/do-csi-plugin/main.go); mounting needs privileged.
    expect(strings(first(n['config'])['args']).some(a => a.startsWith('--token'))).toBe(false)
    expect(first(n['config'])['privileged']).toBe(true)
    expect(strings(first(c['config'])['args'])).toContain('--token=${DO_TOKEN}')
    expect(String(first(c['template'])['data'])).toContain(
      'nomadVar "nomad/jobs/csi-digitalocean-controller"'
    )
    // The volume names this plugin.
    const spec = (await parseHclFile(root, 'nomad/volumes/package-site-data.volume.hcl')) as Json
    expect(spec['plugin_id']).toBe(first(c['csi_plugin'])['id'])
  })
})
