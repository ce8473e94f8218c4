import { describe, expect, it } from '@jest/globals'
import { readdirSync } from 'node:fs'
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
  it('holds the three services and traefik', () => {
    expect(files.sort()).toEqual(
      ['package-site', 'traefik', 'website', 'www'].map(n => `${n}.nomad.hcl`)
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
      expect(group['count']).toBe(2)
      expect(ms(group['shutdown_delay'])).toBeGreaterThan(0)
      expect(first(group['spread'])['attribute']).toBe('${node.unique.id}')
      const update = first(group['update'])
      expect(update).toMatchObject({
        canary: 1,
        auto_promote: false,
        auto_revert: true,
        health_check: 'checks'
      })
      expect(ms(update['min_healthy_time'])).toBeLessThan(ms(update['healthy_deadline']))
      expect(ms(update['healthy_deadline'])).toBeLessThan(ms(update['progress_deadline']))
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
      // Canaries: their own Traefik service, no production router, and a rule that needs a header.
      expect(canaryTags).toContain('traefik.consulcatalog.canary=true')
      expect(canaryTags.some(t => t.startsWith(`traefik.http.routers.${name}.`))).toBe(false)
      const canaryRule = canaryTags.find(t => /^traefik\.http\.routers\.[^.]+\.rule=/.test(t))
      expect(canaryRule).toMatch(/&& Header\(/)

      for (const [, task] of labelled(group['task'])) {
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

  it('loadCatalog on this repository finds exactly the three services and traefik as a platform job', async () => {
    const catalog = await loadCatalog(root)
    expect(catalog.services.map(s => s.name).sort()).toEqual(Object.keys(SERVICES).sort())
    expect(catalog.jobs.map(j => `${j.jobId}:${j.type}`).sort()).toEqual([
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
