import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EXIT } from '../../program.js'
import { cli } from '../../test-support/run-cli.js'
import { SIMULATED_NODES, readClusterSpec } from './read-cluster.js'
import {
  consulFailureDetectionMs,
  heartbeatDeadlineMs,
  NOMAD_HEARTBEAT,
  quorum
} from './semantics.js'
import { initialPlacement, simulateNodeEvent } from './simulate.js'
import type { ClusterSpec } from './spec.js'
import { traefikSpec } from './spec.js'

// The first HCL parse loads a WebAssembly module; the shared machine can be slow.
jest.setTimeout(120_000)

const repoRoot = join(import.meta.dirname, '..', '..', '..')
let spec: ClusterSpec
const temps: string[] = []
beforeAll(async () => {
  spec = await readClusterSpec(repoRoot)
})
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true })
})

/** A copy of the repository's nomad/, docker/ and terraform/ to edit a job file in. */
async function copyRepo(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), '17-cluster-events-'))
  temps.push(root)
  for (const dir of ['nomad', 'docker', 'terraform'])
    await cp(join(repoRoot, dir), join(root, dir), { recursive: true })
  return root
}

async function editJob(root: string, name: string, edit: (hcl: string) => string): Promise<void> {
  const file = join(root, 'nomad', `${name}.nomad.hcl`)
  const before = await readFile(file, 'utf8')
  const after = edit(before)
  expect(after).not.toBe(before)
  await writeFile(file, after)
}

describe('the spec comes from the real files', () => {
  it('reads count, shutdown_delay, check interval and volumes from the job files, the LB check from terraform/', () => {
    expect(spec.services.map(s => s.name)).toEqual(
      expect.arrayContaining(['package-site', 'website', 'www'])
    )
    for (const s of spec.services) {
      expect(s.shutdownDelayMs).toBe(5_000)
      expect(s.checkIntervalMs).toBe(10_000)
      // The package site is one writer on a CSI volume (issue #15); the others run two instances.
      expect(s.count).toBe(s.volume ? 1 : 2)
      expect(s.recoveryBudgetMs).toBe(s.volume ? 7 * 60_000 : 0)
    }
    expect(spec.services.find(s => s.name === 'package-site')?.volume).toBe(true)
    expect(spec.lb).toMatchObject({ intervalMs: 10_000, unhealthyThreshold: 3, timeoutMs: 5_000 })
    expect(spec.traefik).toMatchObject({ source: 'nomad/traefik.nomad.hcl', watch: true })
  })

  it('reads Traefik flags as Traefik does (case-insensitive names, bare boolean)', () => {
    expect(traefikSpec([], 'x')).toMatchObject({ watch: false, refreshIntervalMs: 15_000 })
    expect(
      traefikSpec(
        ['--providers.consulCatalog.watch', '--providers.consulcatalog.refreshInterval=30s'],
        'x'
      )
    ).toMatchObject({ watch: true, refreshIntervalMs: 30_000 })
  })
})

describe('upstream timings', () => {
  it('Nomad: TTL max(10 s, n/50 s) + 10 s grace; Raft quorum floor(n/2)+1; memberlist suspicion', () => {
    expect(heartbeatDeadlineMs(3)).toBe(20_000)
    expect(heartbeatDeadlineMs(1000)).toBe(30_000)
    expect([quorum(3), quorum(5), quorum(2)]).toEqual([2, 3, 2])
    expect(consulFailureDetectionMs(3)).toBe(5_500)
    expect(consulFailureDetectionMs(100)).toBe(1_500 + 8_000)
  })
})

describe('elm-infra rehearse --lose-node / --drain on the real job files', () => {
  it.each(SIMULATED_NODES.map(n => [n]))(
    '--lose-node %s: quorum kept, every service survives, exit 0',
    async node => {
      const { code, out: err } = await cli(['rehearse', '--lose-node', node])
      expect(err).toContain('Raft: 2 of 3 servers left, quorum is 2 → kept')
      expect(err).toMatch(/Nomad: .* is lost; replacement placed on node-\d/)
      expect(err).toMatch(/Traefik: \S+ routes → /)
      for (const s of spec.services)
        expect(err).toMatch(
          new RegExp(
            s.volume
              ? `${s.name} .* ok (kept a healthy instance|no healthy instance for .* back within its recovery time)`
              : `${s.name} .* ok kept a healthy instance`
          )
        )
      expect(err).toContain(`Rehearsal passed: the cluster survives losing ${node}.`)
      expect(err.split('\n').filter(l => l !== '' && !l.startsWith('[simulated]'))).toEqual([])
      expect(code).toBe(EXIT.ok)
    }
  )

  it.each(SIMULATED_NODES.map(n => [n]))('--drain %s: zero lost requests, exit 0', async node => {
    const { code, out: err } = await cli(['rehearse', '--drain', node])
    const result = simulateNodeEvent(spec, { kind: 'drain', node })
    // Every service with two instances loses nothing; the single writer only if it is elsewhere.
    for (const s of result.services) {
      if (!s.service.volume) expect(s.lost).toBe(0)
      else if (s.lost > 0)
        expect(s.verdict).toMatch(
          /while its one writer's volume moved .*, within the 2 min a drain allows \(README\)/
        )
      else expect(s.before).not.toContain(node)
    }
    expect(result.services.every(s => s.served > 0)).toBe(true)
    expect(err).toContain(`Rehearsal passed: the cluster survives draining ${node}.`)
    expect(code).toBe(EXIT.ok)
  })

  it('losing a node costs requests at the load balancer until its health check drops the node', () => {
    const result = simulateNodeEvent(spec, { kind: 'lose', node: 'node-2' })
    const lbLost = result.services.map(s => s.lostBy["load balancer → node-2's dead Traefik"] ?? 0)
    // 3 failed checks 10 s apart + 5 s timeout ≈ 35 s of one request in three.
    for (const n of lbLost) expect(n).toBeGreaterThan(80)
    for (const n of lbLost) expect(n).toBeLessThan(130)
  })

  it('losing the leader node: the new leader waits the failover heartbeat TTL before rescheduling', () => {
    const leader = simulateNodeEvent(spec, { kind: 'lose', node: 'node-1' })
    const other = simulateNodeEvent(spec, { kind: 'lose', node: 'node-3' })
    const downAt = (r: typeof leader): number =>
      (r.timeline.find(e => / is (now )?down/.test(e.text))?.atMs ?? 0) - r.atMs
    expect(downAt(other)).toBe(heartbeatDeadlineMs(3))
    expect(downAt(leader)).toBeGreaterThanOrEqual(NOMAD_HEARTBEAT.failoverTtlMs)
  })

  it('placement is deterministic and spread: no node holds both instances of a service', () => {
    const a = initialPlacement(spec).map(i => `${i.id}@${i.node}`)
    expect(initialPlacement(spec).map(i => `${i.id}@${i.node}`)).toEqual(a)
    for (const s of spec.services) {
      const nodes = initialPlacement(spec)
        .filter(i => i.service === s.name)
        .map(i => i.node)
      expect(new Set(nodes).size).toBe(nodes.length)
    }
  })

  it('unknown node: a usage error naming the nodes', async () => {
    const { code, err } = await cli(['rehearse', '--lose-node', 'node-9'])
    expect(code).toBe(EXIT.usage)
    expect(err).toContain('expected one of node-1, node-2, node-3')
  })
})

describe('a job-file change the rehearsal must catch', () => {
  it('count = 1: losing the node its instance runs on exits 1 naming the service', async () => {
    const root = await copyRepo()
    await editJob(root, 'website', hcl => hcl.replace(/count\s*=\s*2/, 'count = 1'))
    const edited = await readClusterSpec(root)
    const node = initialPlacement(edited).find(i => i.service === 'website')?.node ?? ''
    expect(node).toMatch(/^node-\d$/)
    const { code, out: err } = await cli(['rehearse', '--lose-node', node, '--root', root])
    expect(code).toBe(EXIT.failure)
    expect(err).toMatch(/website .* FAILED: unavailable for/)
    expect(err).toContain(`Rehearsal failed: website would not survive losing ${node}.`)
    // Another node: website keeps its instance.
    const elsewhere = SIMULATED_NODES.find(n => n !== node) ?? ''
    expect((await cli(['rehearse', '--lose-node', elsewhere, '--root', root])).code).toBe(EXIT.ok)
    // And a drain of its node loses requests (its only instance moves).
    const drained = await cli(['rehearse', '--drain', node, '--root', root])
    expect(drained.code).toBe(EXIT.failure)
    expect(drained.out).toContain('website')
  })

  it('Traefik polling the catalog (the default) makes a drain lose requests', async () => {
    const root = await copyRepo()
    await editJob(root, 'traefik', hcl =>
      hcl.replace('"--providers.consulcatalog.watch=true",', '')
    )
    const { code, out: err } = await cli(['rehearse', '--drain', 'node-2', '--root', root])
    expect(code).toBe(EXIT.failure)
    expect(err).toContain('every 15 s (polling')
    expect(err).toMatch(/FAILED: a drain must lose no request of a replicated service, \d+ lost/)
  })

  it('the single-writer package site may be down for its documented recovery time, no longer', async () => {
    const node = initialPlacement(spec).find(i => i.service === 'package-site')?.node ?? ''
    expect(node).toMatch(/^node-\d$/)
    const within = await cli(['rehearse', '--lose-node', node])
    expect(within.out).toMatch(/waits 60\.0 s for its volume to move/)
    expect(within.out).toMatch(
      /package-site .* ok no healthy instance for .* back within its recovery time \(420\.0 s: default for a single-writer volume/
    )
    expect(within.code).toBe(EXIT.ok)
    const drained = await cli(['rehearse', '--drain', node])
    expect(drained.out).toMatch(/package-site .* within the 2 min a drain allows/)
    expect(drained.code).toBe(EXIT.ok)
    // A swap longer than the README's drain promise (promises.ts) fails the drain.
    const slow = await copyRepo()
    await editJob(slow, 'package-site', hcl =>
      hcl.replace(/(\n\s*count\s*=\s*1\n)/, '$1    meta {\n      volume_reattach = "3m"\n    }\n')
    )
    const slowDrain = await cli(['rehearse', '--drain', node, '--root', slow])
    expect(slowDrain.out).toMatch(/package-site .* FAILED: no answer for .* a drain allows 2 min/)
    expect(slowDrain.code).toBe(EXIT.failure)
    const strict = await copyRepo()
    await editJob(strict, 'package-site', hcl =>
      hcl.replace(/(\n\s*count\s*=\s*1\n)/, '$1    meta {\n      recovery_time = "30s"\n    }\n')
    )
    const late = await cli(['rehearse', '--lose-node', node, '--root', strict])
    expect(late.code).toBe(EXIT.failure)
    expect(late.out).toContain('meta.recovery_time = "30s"')
    expect(late.out).toContain(`Rehearsal failed: package-site would not survive losing ${node}.`)
  })
})
