import { describe, expect, test } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Service } from '../catalog/catalog.js'
import { loadJob, servicePort } from '../nomad/job-rules.js'
import { readContextFiles } from './content-tag.js'
import { checkServiceDockerfile, parseDockerfile } from './dockerfile-rules.js'

/**
 * The rules every service's docker/<name>/ follows, as Jest tests over a repository root: run on
 * this repository (service-dockerfiles.test.ts) and on a copy where `elm-infra new-service` just
 * made a service (cli/commands/new-service.test.ts). The services come from the catalog.
 */
export function describeDockerfileRules(root: string, services: readonly Service[]): void {
  const read = (path: string): string => readFileSync(join(root, path), 'utf8')

  describe(`the service Dockerfiles (${root})`, () => {
    test.each(services.map(s => [s.name, s] as const))(
      '%s follows every rule',
      async (_name, service) => {
        const { job } = await loadJob(root, `${service.name}.nomad.hcl`)
        const port = servicePort(job)
        expect(port).toBeDefined()
        expect(
          checkServiceDockerfile(read(`${service.context}/Dockerfile`), service.healthPath, port)
        ).toEqual([])
        expect(service.healthPath).toBe('/healthz')
        expect(existsSync(join(root, service.context, '.dockerignore'))).toBe(true)
        // build-image tags a release from docker/<name>/VERSION.
        expect(read(`${service.context}/VERSION`).trim()).toMatch(/^\S+$/)
      }
    )
    test.each(services.map(s => [s.name, s] as const))(
      '%s: every file its Dockerfile COPYs is sent (.dockerignore)',
      async (_name, service) => {
        const copies = parseDockerfile(read(`${service.context}/Dockerfile`))
          .filter(i => i.keyword === 'COPY' && !i.args.includes('--from='))
          .map(i => i.args.replace(/--\S+\s+/g, '').split(/\s+/)[0] ?? '')
        const sent = (await readContextFiles(join(root, service.context))).map(f => f.path)
        for (const source of copies) expect(sent).toContain(source)
        // docker/smoke-test.sh's per-service checks are not a build input (detect-changes.ts).
        expect(sent).not.toContain('smoke.sh')
      }
    )
  })
}
