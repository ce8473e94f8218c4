import { describe, expect, it, jest } from '@jest/globals'
import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadCatalog } from '../../actions/shared/catalog/load-catalog.js'
import { EXIT } from '../program.js'
import { cli } from '../test-support/run-cli.js'

// A full rehearsal takes a few seconds of wall time; the shared machine can be slow.
jest.setTimeout(60_000)

const repoRoot = join(import.meta.dirname, '..', '..')
const fast = ['--speed', '300']

describe('elm-infra rehearse (simulated default)', () => {
  it('deploys every service with health-gated promotion, every line labelled simulated', async () => {
    const { code, out, err } = await cli(['rehearse', ...fast, '--github'])
    expect(code).toBe(EXIT.ok)
    const lines = `${out}${err}`.split('\n').filter(l => l !== '')
    expect(lines.length).toBeGreaterThan(20)
    expect(lines.filter(l => !l.startsWith('[simulated]'))).toEqual([])
    const catalog = await loadCatalog(repoRoot)
    expect(catalog.services.length).toBeGreaterThan(0)
    for (const s of catalog.services) {
      expect(err).toContain(`== nomad-deploy ${s.name} 1.1.0`)
      // package-site is one writer on its volume: a health-gated rolling update, no canary
      // (nomad/package-site.nomad.hcl); the others promote a healthy canary.
      expect(err).toMatch(
        s.name === 'package-site'
          ? /deployment [0-9a-f]+ successful: package-site: allocations 1\/1 healthy/
          : new RegExp(`Promoting ${s.name}: every canary is healthy`)
      )
    }
    expect(out).toContain('----- step summary: nomad-deploy')
    expect(out).toContain('🚀 Deployed')
    expect(out).toContain(`Rehearsal passed: ${catalog.services.length} service(s) deployed`)
    // The package site's new allocation waits for its single-node-writer volume to move: the old
    // claim is released after the detach, the client's claim retries back off (csi_hook.go
    // `claimWithRetry`), then attaches, all inside the job's healthy_deadline.
    const waits = err
      .split('\n')
      .filter(l => /volume package-site-data could not be claimed because it is in use/.test(l))
    expect(waits.length).toBeGreaterThan(0)
    const claimed =
      /claimed volume package-site-data after (\d+) s \(attempt \d+\); attaching \(\d+ s\); (\d+) s left of its (\d+) s healthy_deadline/
    const lastClaim =
      err
        .split('\n')
        .filter(l => claimed.test(l))
        .at(-1) ?? ''
    const [, after, left, deadline] = claimed.exec(lastClaim) ?? []
    expect(Number(after)).toBeGreaterThan(0)
    expect(Number(left)).toBeGreaterThan(0)
    expect(Number(deadline)).toBe(300)
  })

  it('--unhealthy fails the canary, reports the revert and exits 1', async () => {
    const catalog = await loadCatalog(repoRoot)
    const victim = catalog.services[0]!
    const { code, out, err } = await cli([
      'rehearse',
      ...fast,
      '--github',
      '--unhealthy',
      victim.name
    ])
    expect(code).toBe(EXIT.failure)
    expect(err).toMatch(/rolling back to job version 0/)
    expect(err).toContain('Exit Code: 1')
    expect(out).toContain(`✖ ${victim.name} 1.1.0 was not deployed`)
    expect(out).toMatch(/Nomad rolled back to job version \d+ \([a-z-]+ 1\.0\.0\)/)
    expect(out).toContain('😕 Failed to deploy')
    expect(out).toMatch(/Nomad rolled back to job version `\d+` \(app version `1\.0\.0`\)/)
    // The pipeline stops at the first failed service, as deploy.yml does.
    expect(err).not.toContain('== nomad-deploy ' + catalog.services[1]?.name)
  })

  it('refuses an unknown --unhealthy service with a usage error', async () => {
    const { code, err } = await cli(['rehearse', ...fast, '--unhealthy', 'nope'])
    expect(code).toBe(EXIT.usage)
    expect(err).toContain("Unknown service 'nope'")
  })

  it('refuses a bad --speed', async () => {
    const { code, err } = await cli(['rehearse', '--speed', 'fast'])
    expect(code).toBe(EXIT.usage)
    expect(err).toContain('--speed')
  })

  it('says when a repository has no services', async () => {
    const root = await mkdtemp(join(tmpdir(), 'rehearse-'))
    await cp(join(repoRoot, 'nomad'), join(root, 'nomad'), { recursive: true })
    await mkdir(join(root, 'docker'))
    const { code, err } = await cli(['rehearse', ...fast, '--root', root])
    expect(code).toBe(EXIT.failure)
    expect(err).toContain('No services in')
  })

  it('--build without a Docker engine says so and goes on', async () => {
    const root = await mkdtemp(join(tmpdir(), 'rehearse-'))
    await cp(join(repoRoot, 'nomad'), join(root, 'nomad'), { recursive: true })
    await cp(join(repoRoot, 'docker'), join(root, 'docker'), { recursive: true })
    await mkdir(join(root, 'bin'))
    await writeFile(join(root, 'bin', 'no-docker'), '#!/bin/sh\nexit 1\n', { mode: 0o755 })
    const { code, err } = await cli(['rehearse', ...fast, '--build', '--root', root], {
      ELM_INFRA_DOCKER: join(root, 'bin', 'no-docker')
    })
    expect(code).toBe(EXIT.ok)
    expect(err).toContain('No Docker engine answers')
    expect(err).not.toMatch(/^\[simulated\] (warning: )?No Docker engine/m)
  })

  it('--build with an engine but a client without buildx: skipped with a note, and goes on', async () => {
    const root = await mkdtemp(join(tmpdir(), 'rehearse-'))
    await cp(join(repoRoot, 'nomad'), join(root, 'nomad'), { recursive: true })
    await cp(join(repoRoot, 'docker'), join(root, 'docker'), { recursive: true })
    await mkdir(join(root, 'bin'))
    // What docker 28 without the buildx plugin answers (its own words).
    await writeFile(
      join(root, 'bin', 'docker'),
      '#!/bin/sh\nif [ "$1" = info ]; then exit 0; fi\necho "ERROR: BuildKit is enabled but the buildx component is missing or broken." >&2\necho "       https://docs.docker.com/go/buildx/" >&2\nexit 1\n',
      { mode: 0o755 }
    )
    const { code, err } = await cli(['rehearse', ...fast, '--build', '--root', root], {
      ELM_INFRA_DOCKER: join(root, 'bin', 'docker')
    })
    expect(code).toBe(EXIT.ok)
    expect(err).toContain(
      'cannot build with BuildKit (BuildKit is enabled but the buildx component'
    )
    expect(err).toContain('skipping the image build and going on')
  })
})

describe('elm-infra deploy', () => {
  it('refuses without NOMAD_ADDR, saying what to set', async () => {
    const { code, err } = await cli(['deploy', 'package-site', '1.3'])
    expect(code).toBe(EXIT.usage)
    expect(err).toContain('NOMAD_ADDR is not set')
  })
})
