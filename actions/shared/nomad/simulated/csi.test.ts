import { describe, expect, it, jest } from '@jest/globals'
import {
  clientFor,
  deploy,
  e2eSingleWriterJobHcl,
  repoJob,
  withUpdate
} from '../deploy/test-kit.js'
import { parseJobHcl } from '../job-diff/json.js'
import { SimulatedCluster, TestClock } from './cluster.js'
import { claimBackoffs, claimTimeMs } from './csi.js'
import { serveSimulatedNomad } from './http.js'

/**
 * CSI volumes on the simulated cluster, as Nomad 2.0.5 treats a single-node-writer volume: the
 * client's claim retries with backoff while another allocation holds the write claim
 * (client/allocrunner/csi_hook.go `claimWithRetry`; nomad/structs/csi.go `claimWrite` →
 * ErrCSIVolumeMaxClaims), a stopped claimant frees it only after the detach.
 */
jest.setTimeout(30_000)

describe('the claim backoff (csi_hook.go claimWithRetry: 1 s doubled before each wait, max 1 min)', () => {
  it('waits 2, 4, 8, 16, 32, 60, 60 s between attempts', () => {
    expect(claimBackoffs(8).map(ms => ms / 1000)).toEqual([2, 4, 8, 16, 32, 60, 60, 60])
  })
  it.each([
    [0, 0],
    [1_000, 2_000],
    [20_000, 30_000],
    [30_000, 30_000],
    [62_000, 62_000],
    [63_000, 122_000]
  ])('a claim free at %d ms is taken at %d ms', (free, taken) => {
    expect(claimTimeMs(free)).toBe(taken)
  })
})

const v1 = { image: 'ghcr.io/elm/package-site@sha256:1111', version: '1' }
const v2 = { image: 'ghcr.io/elm/package-site@sha256:2222', version: '2' }

async function packageSite(options: { readonly volume: boolean; readonly nodes?: number }) {
  const clock = new TestClock({ autoAdvanceAfterMs: 10 })
  const lines: string[] = []
  const cluster = new SimulatedCluster({
    clock,
    nodes: Array.from({ length: options.nodes ?? 1 }, () => ({ cpu: 8000, memoryMB: 8192 })),
    health: { healthyAfterMs: 5_000 },
    volumes: options.volume ? [{ id: 'package-site-data' }] : [],
    csi: { detachMs: 20_000, attachMs: 15_000 },
    onLog: line => lines.push(line)
  })
  const server = await serveSimulatedNomad(cluster)
  const client = clientFor(server.url, clock)
  const close = async (): Promise<void> => {
    client.close()
    await server.close()
    cluster.close()
  }
  return { clock, cluster, client, lines, close }
}

describe('the package site on its single-node-writer volume', () => {
  it('an update waits for the detach and the claim backoff, attaches, and is healthy within its deadline', async () => {
    const { clock, cluster, client, lines, close } = await packageSite({ volume: true })
    try {
      const hcl = repoJob('package-site')
      expect((await deploy(client, hcl, v1, { clock, timeoutMs: 600_000 })).status).toBe('success')
      const before = clock.now()
      const result = await deploy(client, hcl, v2, { clock, timeoutMs: 600_000 })
      expect(result).toMatchObject({ status: 'success', jobVersion: 1 })
      const [fresh] = cluster.allocations(a => a.JobVersion === 1)
      expect(cluster.volume('package-site-data')?.writer).toBe(fresh?.ID)
      const waits = lines.filter(l => l.includes('could not be claimed because it is in use'))
      expect(waits.map(l => /retry_in=(\d+)s/.exec(l)?.[1])).toEqual(['2'])
      // Detach 20 s: attempts at 0, 2, 6, 14 s fail, the fifth, at 30 s, claims.
      expect(
        lines.some(l => /claimed volume package-site-data after 30 s \(attempt 5\)/.test(l))
      ).toBe(true)
      const startedAt = Date.parse(
        Object.values(fresh?.TaskStates ?? {})[0]?.StartedAt ?? '1970-01-01T00:00:00Z'
      )
      // Tasks start only after claim (30 s) + attach (15 s).
      expect(startedAt - before).toBeGreaterThanOrEqual(45_000)
    } finally {
      await close()
    }
  })

  it('a canary (a second writer while the first runs) is placed but never runs, until its deadline fails the deployment', async () => {
    const { clock, cluster, client, lines, close } = await packageSite({ volume: true })
    try {
      const canary = withUpdate(
        withUpdate(repoJob('package-site'), 'canary', '1'),
        'auto_revert',
        'false'
      )
      expect((await deploy(client, canary, v1, { clock, timeoutMs: 600_000 })).status).toBe(
        'success'
      )
      const result = await deploy(client, canary, v2, { clock, timeoutMs: 900_000 })
      expect(result.status).toBe('failure')
      const [second] = cluster.allocations(a => a.JobVersion === 1)
      expect(second?.DeploymentStatus?.Canary).toBe(true)
      expect(Object.values(second?.TaskStates ?? {})[0]?.StartedAt ?? null).toBeNull()
      expect(
        lines.filter(l => l.includes(`allocation ${second?.ID.slice(0, 8)}: volume`))
      ).not.toEqual([])
      expect(lines.some(l => l.includes(`${second?.ID.slice(0, 8)} claimed`))).toBe(false)
      const [first] = cluster.allocations(a => a.JobVersion === 0 && a.DesiredStatus === 'run')
      expect(cluster.volume('package-site-data')?.writer).toBe(first?.ID)
    } finally {
      await close()
    }
  })

  it("losing the writer's node frees its claim after the detach: the replacement claims the volume and runs on the other node", async () => {
    const { clock, cluster, client, close } = await packageSite({ volume: true, nodes: 2 })
    try {
      expect(
        (await deploy(client, repoJob('package-site'), v1, { clock, timeoutMs: 600_000 })).status
      ).toBe('success')
      const [first] = cluster.allocations(a => a.ClientStatus === 'running')
      if (!first) throw new Error('no running allocation')
      expect(cluster.volume('package-site-data')?.writer).toBe(first.ID)
      const lostAt = clock.now()
      cluster.removeNode(first.NodeID)
      // The claim is free once the device has detached (20 s), not before.
      expect(cluster.volume('package-site-data')).toMatchObject({
        writer: undefined,
        releasedAt: lostAt + 20_000
      })
      await clock.sleep(120_000)
      const [next] = cluster.allocations(a => a.ClientStatus === 'running')
      expect(next?.NodeID).not.toBe(first.NodeID)
      expect(cluster.volume('package-site-data')?.writer).toBe(next?.ID)
    } finally {
      await close()
    }
  })

  it('a missing volume cannot be placed, as Nomad says it', async () => {
    const { clock, client, close } = await packageSite({ volume: false })
    try {
      const result = await deploy(client, repoJob('package-site'), v1, { clock })
      expect(result.status).toBe('failure')
      expect(result.reason).toMatch(/missing CSI volume\(s\) package-site-data/)
    } finally {
      await close()
    }
  })
})

describe('the e2e single-writer job (run on a real agent by single-writer.test.ts)', () => {
  it('parses to a count-1 group with a single-node-single-writer host volume mounted by its task', async () => {
    const job = await parseJobHcl({
      hcl: e2eSingleWriterJobHcl('w', 'e2e-single-writer', { canary: 1 }),
      variables: '',
      canonicalize: true
    })
    const [group] = (job['TaskGroups'] ?? []) as {
      Count: number
      Volumes: Record<string, unknown>
      Update: { Canary: number }
    }[]
    expect(group?.Count).toBe(1)
    expect(group?.Update.Canary).toBe(1)
    expect(group?.Volumes).toEqual({
      data: expect.objectContaining({
        Type: 'host',
        Source: 'e2e-single-writer',
        AccessMode: 'single-node-single-writer',
        AttachmentMode: 'file-system'
      })
    })
  })
})
