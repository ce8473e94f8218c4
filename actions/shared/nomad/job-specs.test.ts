import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadCatalog, parseHclFile } from '../catalog/load-catalog.js'
import { describeJobRules, first, groupsOf, labelled, loadJob, strings } from './job-rules.js'
import { parseDuration } from '../inputs.js'
import { DEFAULT_CSI_TIMINGS, claimTimeMs } from './simulated/csi.js'

/**
 * The rules every job in nomad/ must follow, checked on the real HCL parser's output. The service
 * rules are in job-rules.ts (they also run on a repository where `elm-infra new-service` just made
 * a service); the services come from the catalog, never from a list here.
 */
type Json = Record<string, unknown>
const root = join(import.meta.dirname, '..', '..', '..')
const catalog = await loadCatalog(root)
const load = (file: string): ReturnType<typeof loadJob> => loadJob(root, file)
const ms = (v: unknown): number => parseDuration(String(v)) ?? Number.NaN

describeJobRules(root, catalog.services)

describe('nomad/ platform jobs', () => {
  it('traefik is a system job on the Consul catalog with a private dashboard and no TLS', async () => {
    const { job } = await load('traefik.nomad.hcl')
    expect(job['type']).toBe('system')
    const [[, group] = ['', {}]] = groupsOf(job)
    // Nomad 2.0.5 rolls a system job through a deployment (scheduler/scheduler_system.go,
    // reconciler/reconcile_node.go): one node at a time, health from the Consul check, reverted
    // on the first unhealthy allocation (no reschedule policy: deployment_watcher.go
    // `shouldFailEarly`). `stagger` is read by nothing, so it is not written.
    const update = first(job['update'])
    expect(update).toMatchObject({
      max_parallel: 1,
      canary: 0,
      health_check: 'checks',
      auto_revert: true
    })
    expect(update['stagger']).toBeUndefined()
    expect(ms(update['min_healthy_time'])).toBeLessThan(ms(update['healthy_deadline']))
    expect(ms(update['healthy_deadline'])).toBeLessThan(ms(update['progress_deadline']))
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

  it('the job files alone satisfy the catalog (beside stub docker/ folders)', async () => {
    // A copy of nomad/ beside stub docker/<name>/ folders, so this checks the job files alone.
    const copy = await mkdtemp(join(tmpdir(), 'catalog-'))
    await cp(join(root, 'nomad'), join(copy, 'nomad'), { recursive: true })
    for (const { name } of catalog.services) {
      await mkdir(join(copy, 'docker', name), { recursive: true })
      await writeFile(join(copy, 'docker', name, 'Dockerfile'), 'FROM scratch\n')
    }
    const stubbed = await loadCatalog(copy)
    await rm(copy, { recursive: true, force: true })
    expect(stubbed.services).toEqual(catalog.services)
    expect(stubbed.jobs.find(j => j.jobId === 'traefik')?.type).toBe('system')
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

describe('the package site waits for its volume inside its deadlines', () => {
  it("package-site's healthy_deadline covers the volume's move: detach, claim backoff, attach, pull, restore, min_healthy_time", async () => {
    // The health hook starts at placement, before the CSI hook claims the volume
    // (client/allocrunner/alloc_runner_hooks.go, v2.0.5), so everything below runs inside
    // healthy_deadline. The claim is taken at the first retry after the detach
    // (csi_hook.go `claimWithRetry` backoff: simulated/csi.ts `claimTimeMs`). Budgets (not
    // measured here): a DigitalOcean volume detach 20 s and attach 15 s (DEFAULT_CSI_TIMINGS,
    // doubled for a slow API), the package-site image pull 60 s, a restore from the backup
    // bucket into an empty volume 120 s, one check interval after min_healthy_time.
    const { job } = await load('package-site.nomad.hcl')
    const [[, group] = ['', {}]] = groupsOf(job)
    const update = first(group['update'])
    const check = first(first(group['service'])['check'])
    const detach = 2 * DEFAULT_CSI_TIMINGS.detachMs
    const attach = 2 * DEFAULT_CSI_TIMINGS.attachMs
    const needed =
      claimTimeMs(detach) +
      attach +
      60_000 +
      120_000 +
      ms(update['min_healthy_time']) +
      ms(check['interval'])
    expect(ms(update['healthy_deadline'])).toBeGreaterThanOrEqual(needed)
    expect(ms(update['progress_deadline'])).toBeGreaterThan(ms(update['healthy_deadline']))
    // A canary would be a second writer, placed but never running (csi.ts): none.
    expect(update['canary']).toBe(0)
  })
})
