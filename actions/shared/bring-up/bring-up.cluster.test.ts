import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { exec } from '../ansible/testing/test-hosts.js'
import { engines, requireEngine } from '../testing/engines.js'
import { bringUp, BringUpError, reportMarkdown, type StepReport } from './harness.js'
import { BRING_UP_STEPS } from './steps.js'
import { startStandInWorld } from './testing/stand-in-world.js'
import type { BringUpWorld } from './world.js'

/**
 * From an empty account to the sites answering, then one VM lost: every step of steps.ts in the
 * README runbook's order, by the one harness (harness.ts). `ELM_INFRA_BRING_UP` picks the world:
 * unset or `stand-ins` here (.ci/run, ci.yml), `releases` on GitHub (bring-up.yml: the pinned
 * Consul and Nomad releases, Docker, Traefik and the sites for real).
 */
const which = process.env['ELM_INFRA_BRING_UP'] ?? 'stand-ins'
const ready =
  requireEngine('docker', engines.docker()) &&
  requireEngine('ansible', engines.ansible()) &&
  requireEngine('terraform', engines.terraform())

async function startWorld(work: string): Promise<BringUpWorld> {
  if (which === 'stand-ins') return startStandInWorld()
  if (which === 'releases') {
    // bring-up.yml's world; its module exists where that workflow runs it.
    const path = './testing/release-world.js'
    const mod = (await import(path)) as { startReleaseWorld(work: string): Promise<BringUpWorld> }
    return mod.startReleaseWorld(work)
  }
  throw new Error(`ELM_INFRA_BRING_UP=${which}: accepted are stand-ins (default) and releases`)
}

const quiet = {
  info: (m: string) => void process.stdout.write(`${m}\n`),
  warning: (m: string) => void process.stdout.write(`warning: ${m}\n`),
  error: (m: string) => void process.stdout.write(`error: ${m}\n`),
  debug: () => undefined,
  group: <T>(_name: string, fn: () => Promise<T>) => fn()
}

describe(`the whole bring-up, on ${which}`, () => {
  if (!ready) {
    it('is not run: no docker engine, ansible or terraform here (the warning above says why)', () =>
      expect(ready).toBe(false))
    return
  }
  const work = mkdtempSync(join(tmpdir(), 'elm-infra-bring-up-'))
  let world: BringUpWorld
  let reports: StepReport[] = []
  let failure: unknown

  beforeAll(async () => {
    world = await startWorld(work)
    try {
      reports = await bringUp({
        world,
        work,
        logger: quiet,
        cli: async argv => {
          const { cli } = await import('../../../cli/test-support/run-cli.js')
          return cli(argv)
        },
        patienceMs: which === 'releases' ? 5 * 60_000 : 30_000
      })
    } catch (error) {
      failure = error
      if (error instanceof BringUpError) reports = [...error.reports]
    }
    const table = reportMarkdown(world, reports)
    process.stdout.write(table)
    // On GitHub (bring-up.yml, ci.yml) the table is the job's step summary.
    const summary = process.env['GITHUB_STEP_SUMMARY']
    if (summary !== undefined && summary !== '') appendFileSync(summary, table)
  }, 3_600_000)

  afterAll(async () => {
    await world?.close()
    rmSync(work, { recursive: true, force: true })
  }, 120_000)

  it('runs every step, in order, to the end', () => {
    if (failure !== undefined) throw failure
    expect(reports.map(r => r.id)).toEqual(BRING_UP_STEPS.map(s => s.id))
  })

  it("gives every node's Docker driver the GHCR pull credentials of ANSIBLE_EXTRA_VARS (group_vars/cluster.yml)", async () => {
    // Every node but the one the bring-up powered off.
    const lost = reports.find(r => r.id === 'lose-host')?.detail.split(' ')[0]
    const up = world.hosts.filter(h => h.name !== lost)
    expect(up).toHaveLength(2)
    for (const h of up) {
      const auth = JSON.parse(await exec(h.name, ['cat', '/etc/nomad.d/docker-auth.json'])) as {
        auths: Record<string, { auth: string }>
      }
      expect(Buffer.from(auth.auths['ghcr.io']?.auth ?? '', 'base64').toString()).toBe(
        'elm-infra-bring-up:bring-up-pull-token'
      )
    }
  })

  it('deploys every job of the catalog through nomad-deploy, each a success', () => {
    const deployed = reports
      .filter(r => r.id === 'csi-plugins' || r.id === 'jobs')
      .flatMap(r => (r.outcome === 'done' ? r.detail.split('; ') : []))
    expect(deployed.length).toBeGreaterThanOrEqual(4)
    for (const line of deployed)
      expect(line).toMatch(/^nomad\/.+\.nomad\.hcl: success, job version 0$/)
  })

  it('every site answers through every node before the loss, and through the others after it', () => {
    const before = reports.find(r => r.id === 'serving')?.detail ?? ''
    const after = reports.find(r => r.id === 'serving-after-loss')?.detail ?? ''
    // The node lost is the package site's: its volume's one writer has to move.
    const lost = /^(\S+) stopped: it ran package-site/.exec(
      reports.find(r => r.id === 'lose-host')?.detail ?? ''
    )?.[1]
    expect(world.hosts.map(h => h.name)).toContain(lost)
    const others = world.hosts.filter(h => h.name !== lost)
    expect(others).toHaveLength(2)
    for (const host of ['elm-lang.org', 'www.elm-lang.org', 'package.elm-lang.org']) {
      for (const h of world.hosts) expect(before).toContain(`${host} via ${h.name}:`)
      for (const h of others) expect(after).toContain(`${host} via ${h.name}:`)
      expect(after).not.toContain(lost)
    }
  })
})
