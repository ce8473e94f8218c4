import { describe, expect, it } from '@jest/globals'
import { readdirSync } from 'node:fs'
import { type Service, readService } from '../catalog/catalog.js'
import { loadCatalog, parseHclFile } from '../catalog/load-catalog.js'
import { parseDuration } from '../inputs.js'

/**
 * The rules every service job in nomad/ follows, as Jest tests over a repository root, so the
 * same rules run on this repository (job-specs.test.ts) and on a copy where `elm-infra
 * new-service` just made a service (cli/commands/new-service.test.ts). Every service comes from
 * the catalog (docker/<name>/ + nomad/<name>.nomad.hcl): there is no list of names here.
 */
type Json = Record<string, unknown>

/** The jobs that are not services (no docker/<name>/): the platform every service runs on. */
export const PLATFORM_JOBS: readonly string[] = [
  'csi-digitalocean-controller',
  'csi-digitalocean-node',
  'traefik'
]

export const isRecord = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
/** hcl2json wraps every block body in an array; this unwraps the first. */
export const first = (v: unknown): Json => (Array.isArray(v) && isRecord(v[0]) ? v[0] : {})
export const labelled = (v: unknown): Array<[string, Json]> =>
  isRecord(v) ? Object.entries(v).map(([k, bodies]) => [k, first(bodies)]) : []
export const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : [])
const ms = (v: unknown): number => parseDuration(String(v)) ?? Number.NaN

export async function loadJob(
  root: string,
  file: string
): Promise<{ parsed: Json; id: string; job: Json }> {
  const parsed = (await parseHclFile(root, `nomad/${file}`)) as Json
  const jobs = labelled(parsed['job'])
  expect(jobs).toHaveLength(1)
  const [id, job] = jobs[0] ?? ['', {}]
  return { parsed, id, job }
}

export function groupsOf(job: Json): Array<[string, Json]> {
  return labelled(job['group'])
}

/** A group that mounts a CSI volume keeps data: one writer, no canary (package-site's pattern). */
export function keepsData(group: Json): boolean {
  return labelled(group['volume']).some(([, v]) => v['type'] === 'csi')
}

/** The host a service answers on: its `meta.url`'s host name. */
export function hostOf(service: Service): string {
  return new URL(service.publicUrl).hostname
}

/** The port the service's image listens on: its group's `port "http" { to = … }`. */
export function servicePort(job: Json): number | undefined {
  const group = groupsOf(job)[0]?.[1] ?? {}
  const port = labelled(first(group['network'])['port']).find(([n]) => n === 'http')?.[1]
  return typeof port?.['to'] === 'number' ? port['to'] : undefined
}

/** Declares the job rules for the repository at `root` (call at a test file's top level). */
export function describeJobRules(root: string, services: readonly Service[]): void {
  const files = readdirSync(`${root}/nomad`).filter(f => f.endsWith('.nomad.hcl'))

  describe(`nomad/ job files (${root})`, () => {
    it('every job file is a service of the catalog or a platform job', () => {
      const expected = [...services.map(s => s.name), ...PLATFORM_JOBS].map(n => `${n}.nomad.hcl`)
      expect(files.sort()).toEqual(expected.sort())
      expect(services.length).toBeGreaterThan(0)
    })

    it.each(files)('%s declares the image and version variables and uses them', async file => {
      const { parsed, job } = await loadJob(root, file)
      const variables = parsed['variable']
      expect(isRecord(variables) && 'image' in variables && 'version' in variables).toBe(true)
      const tasks = groupsOf(job).flatMap(([, g]) => labelled(g['task']))
      expect(tasks.length).toBeGreaterThan(0)
      for (const [, task] of tasks) expect(first(task['config'])['image']).toBe('${var.image}')
      expect(first(job['meta'])['version']).toBe('${var.version}')
    })

    it('no two services share a host', () => {
      const hosts = services.map(hostOf)
      expect(new Set(hosts).size).toBe(hosts.length)
    })

    it.each(services.map(s => [s.name, s] as const))(
      '%s follows the service rules',
      async (name, catalogEntry) => {
        const { parsed, id, job } = await loadJob(root, `${name}.nomad.hcl`)
        const domain = hostOf(catalogEntry)
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
          const single = keepsData(group)
          if (single) {
            // One writer on a single-node-writer volume: no canary (it would need the volume twice).
            expect(group['count']).toBe(1)
            expect(update).toMatchObject({ canary: 0, max_parallel: 1 })
            for (const [, volume] of labelled(group['volume']))
              expect(volume['access_mode']).toBe('single-node-writer')
          } else {
            // At least two, spread over nodes, so the loss of one VM leaves one serving.
            expect(Number(group['count'])).toBeGreaterThanOrEqual(2)
            expect(first(group['spread'])['attribute']).toBe('${node.unique.id}')
            expect(update).toMatchObject({ canary: 1 })
          }
          const ports = labelled(first(group['network'])['port'])
          expect(ports).toHaveLength(1)
          const [portName, port] = ports[0] ?? ['', {}]
          expect(portName).toBe('http')
          expect(Number.isInteger(port['to']) && Number(port['to']) >= 1024).toBe(true)

          const consul = first(group['service'])
          expect(consul).toMatchObject({ name, port: 'http', provider: 'consul' })
          expect(first(consul['check'])).toMatchObject({ type: 'http', path: '/healthz' })
          const tags = strings(consul['tags'])
          const canaryTags = strings(consul['canary_tags'])
          expect(tags).toContain('traefik.enable=true')
          expect(tags).toContain(`traefik.http.routers.${name}.rule=Host(\`${domain}\`)`)
          expect(tags).not.toContain('traefik.consulcatalog.canary=true')
          if (single) {
            expect(canaryTags).toEqual([])
          } else {
            // Canaries: their own Traefik service, no production router, a rule that needs a header.
            expect(canaryTags).toContain('traefik.consulcatalog.canary=true')
            expect(canaryTags.some(t => t.startsWith(`traefik.http.routers.${name}.`))).toBe(false)
            const canaryRule = canaryTags.find(t => /^traefik\.http\.routers\.[^.]+\.rule=/.test(t))
            expect(canaryRule).toMatch(/&& Header\(/)
          }

          // The task that serves (package-site also has its restore and backup tasks): it listens
          // on the port the group maps, told by $PORT.
          for (const [, task] of labelled(group['task']).filter(([, t]) => !('lifecycle' in t))) {
            expect(task['driver']).toBe('docker')
            expect(strings(first(task['config'])['ports'])).toEqual(['http'])
            expect(first(task['env'])['PORT']).toBe(String(port['to']))
            const resources = first(task['resources'])
            expect(Number(resources['cpu'])).toBeLessThanOrEqual(500)
            expect(Number(resources['memory'])).toBeLessThanOrEqual(256)
            expect(Number(resources['memory_max'])).toBeLessThanOrEqual(512)
          }
        }
      }
    )

    it('loadCatalog finds the services and the platform jobs', async () => {
      const catalog = await loadCatalog(root)
      expect(catalog.services.map(s => s.name)).toEqual(services.map(s => s.name))
      expect(
        catalog.jobs
          .filter(j => !services.some(s => s.jobFile === j.jobFile))
          .map(j => j.jobId)
          .sort()
      ).toEqual([...PLATFORM_JOBS].sort())
    })
  })
}
