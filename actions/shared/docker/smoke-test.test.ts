import { describe, expect, it } from '@jest/globals'
import { join } from 'node:path'
import { loadCatalog } from '../catalog/load-catalog.js'
import { smokePlan } from './smoke-plan.js'

/**
 * docker/smoke-test.sh's service table: every service of the catalog has a smoke test (the health
 * check of its job file, at the port its job maps, then its own docker/<name>/smoke.sh), with no
 * list of names in the script. `--plan` prints it without Docker; images.yml runs the real thing.
 */
const root = join(import.meta.dirname, '..', '..', '..')
const catalog = await loadCatalog(root)

describe('docker/smoke-test.sh reads its service table from the catalog', () => {
  it.each(catalog.services.map(s => [s.name, s] as const))(
    '%s: health path and port from its job, then its own checks',
    async (name, service) => {
      const result = await smokePlan(root, name)
      expect(result).toMatchObject({ code: 0, err: '' })
      expect(result.out).toMatch(
        new RegExp(
          `^${name}\\thealth ${service.healthPath}\\tport ${service.port}\\twait \\d+s\\tchecks docker/${name}/smoke\\.sh\\n$`
        )
      )
    }
  )

  it('the package site waits for its start-up (compiling the UI, reading every package)', async () => {
    expect((await smokePlan(root, 'package-site')).out).toContain('\twait 300s\t')
  })

  it('an unknown service exits 2 naming the services there are', async () => {
    const result = await smokePlan(root, 'no-such-service')
    expect(result.code).toBe(2)
    expect(result.err).toBe(
      `unknown service 'no-such-service': expected one of ${catalog.services.map(s => s.name).join(', ')} (the catalog: docker/<name>/ + nomad/<name>.nomad.hcl)\n`
    )
  })
})
