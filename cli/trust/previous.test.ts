/**
 * Issue #17 item 6: a failure's next command. `elm-infra deploy <service> --previous` goes back to
 * the version before the current one, read from Nomad's job versions, and asks like any deploy.
 */
import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { join } from 'node:path'
import { SimulatedCluster } from '../../actions/shared/nomad/simulated/cluster.js'
import { serveSimulatedNomad } from '../../actions/shared/nomad/simulated/http.js'
import { EXIT } from '../program.js'
import { cli } from '../test-support/run-cli.js'
import { repoVolumes } from '../../actions/shared/nomad/simulated/repo-volumes.js'

jest.setTimeout(120_000)
const repoRoot = join(import.meta.dirname, '..', '..')
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

async function cluster(): Promise<{ cluster: SimulatedCluster; url: string }> {
  const c = new SimulatedCluster({
    volumes: repoVolumes(join(import.meta.dirname, '..', '..')),
    nodes: [{}, {}],
    health: { healthyAfterMs: 50 }
  })
  const server = await serveSimulatedNomad(c)
  cleanups.push(async () => {
    await server.close()
    c.close()
  })
  return { cluster: c, url: server.url }
}

const deploy = (url: string, ...args: string[]) =>
  cli(['deploy', 'website', ...args, '--target', url, '--timeout', '1m'], {}, repoRoot)

describe('elm-infra deploy <service> --previous', () => {
  it('deploys the version before the current one, with the image it ran, after showing the plan and asking', async () => {
    const { cluster: c, url } = await cluster()
    const old = 'ghcr.io/elm/website@sha256:' + '1'.repeat(64)
    expect((await deploy(url, '1.0.0', '--image', old, '--yes')).code).toBe(EXIT.ok)
    expect((await deploy(url, '1.1.0', '--yes')).code).toBe(EXIT.ok)
    expect(c.job('website')?.Meta?.['version']).toBe('1.1.0')

    const asked: string[] = []
    const no = await cli(['deploy', 'website', '--previous', '--target', url], {}, repoRoot, {
      confirm: async q => {
        asked.push(q)
        return false
      }
    })
    expect(no.code).toBe(EXIT.failure)
    expect(asked).toEqual([`Deploy website 1.0.0 (${old}) to the Nomad cluster at ${url}?`])
    expect(no.err).toContain(
      '--previous: website 1.0.0 (job version 0, image ' +
        old +
        '), the version before the current website 1.1.0 (job version 1).'
    )
    expect(no.err).toMatch(
      /Config\.image: "ghcr\.io\/elm\/website:1\.1\.0" → "ghcr\.io\/elm\/website@sha256:1{64}"/
    )
    expect(c.job('website')?.Meta?.['version']).toBe('1.1.0')

    const yes = await deploy(url, '--previous', '--yes')
    expect(yes.code).toBe(EXIT.ok)
    const job = c.job('website')
    expect(job?.Meta?.['version']).toBe('1.0.0')
    expect(job?.TaskGroups?.[0]?.Tasks?.[0]?.Config?.['image']).toBe(old)
  })

  it('refuses a version and --previous together, and neither', async () => {
    const both = await cli([
      'deploy',
      'website',
      '1.3',
      '--previous',
      '--target',
      'http://127.0.0.1:1'
    ])
    expect(both.code).toBe(EXIT.usage)
    expect(both.err).toContain("Both a version ('1.3') and --previous")
    const neither = await cli(['deploy', 'website', '--target', 'http://127.0.0.1:1'])
    expect(neither.code).toBe(EXIT.usage)
    expect(neither.err).toContain('No version: give one')
  })

  it('says so when Nomad has nothing to go back to (a job on its first version)', async () => {
    const { url } = await cluster()
    expect((await deploy(url, '1.0.0', '--yes')).code).toBe(EXIT.ok)
    const { code, err } = await deploy(url, '--previous', '--yes')
    expect(code).toBe(EXIT.failure)
    expect(err).toContain(
      '--previous: Nomad keeps no stable version of another app version before the current one (job version 0, app version 1.0.0'
    )
  })
})
