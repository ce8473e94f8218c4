import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createRegistryClient } from '../../shared/docker/registry-client.js'
import { main } from './main.js'
import { fakeDeps } from './test-support/fakes.js'
import { type RegistryDouble, startRegistryDouble } from './test-support/registry-double.js'

/**
 * Issue #27: the registry path /deploy really uses (the OCI tags list, registry-client.ts) against a
 * registry that answers 404 NAME_UNKNOWN for the package — as GHCR does for a package that does not
 * exist *and* for one this workflow may not read. The reply says it cannot read the package and how
 * to grant access, never "no deployable versions".
 */

let registry: RegistryDouble
beforeAll(async () => {
  registry = await startRegistryDouble({ 'elm/website': {} })
})
afterAll(async () => registry.close())

describe('/deploy of a package the registry will not show', () => {
  it('replies that it cannot read the package, with the fix', async () => {
    const { deps, recorded } = fakeDeps({ inputs: { registry: registry.host } })
    const real = { ...deps, connectRegistry: createRegistryClientFor }
    await expect(main(real)).rejects.toThrow(
      `Cannot read the package ${registry.host}/elm/package-site`
    )
    const body = recorded.comments.map(c => c.body).join('\n')
    expect(body).toContain('Cannot read the package')
    expect(body).toContain('Manage Actions access')
    expect(body).toContain('packages: read')
    expect(body).not.toContain('no deployable versions')
    expect(recorded.outputs['should-deploy']).toBe('false')
  })
})

function createRegistryClientFor(
  host: string,
  credentials: Parameters<typeof createRegistryClient>[0]['credentials']
): ReturnType<typeof createRegistryClient> {
  return createRegistryClient({ registry: host, credentials })
}
