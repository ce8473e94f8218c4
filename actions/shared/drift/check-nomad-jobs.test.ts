import { describe, expect, test } from '@jest/globals'
import type { JobEntry } from '../catalog/catalog.js'
import { type NomadDriftApi, checkNomadJobs } from './check-nomad-jobs.js'
import type { LiveJob } from './nomad-drift.js'

const jobs = (n: number): JobEntry[] =>
  Array.from({ length: n }, (_, i) => ({
    jobId: `job-${i}`,
    jobFile: `nomad/job-${i}.nomad.hcl`,
    type: 'service'
  }))

/** An in-memory cluster whose every call takes `delayMs` and records how many run at once. */
function fakeCluster(live: LiveJob[], edited: Set<string>, delayMs = 2) {
  let inFlight = 0
  const stats = { maxInFlight: 0, calls: 0, variables: [] as string[] }
  const call = async <T>(fn: () => T): Promise<T> => {
    stats.calls++
    inFlight++
    stats.maxInFlight = Math.max(stats.maxInFlight, inFlight)
    await new Promise(resolve => setTimeout(resolve, delayMs))
    inFlight--
    return fn()
  }
  const running = (id: string) => ({ ID: id, Priority: 50, Version: 4 })
  const api: NomadDriftApi = {
    listJobs: () => call(() => live),
    jobVersions: id =>
      call(() => {
        if (id === 'job-13') throw new Error('Unexpected response code: 500 (rpc error)')
        return [{ version: 4, raw: running(id) }]
      }),
    submittedVariables: (id, version) => call(() => `version = "v-${id}@${version}"\n`),
    jobDeployments: () => call(() => []),
    parseJob: (hcl, variables) =>
      call(() => {
        stats.variables.push(variables)
        const id = hcl.replace('job ', '')
        return { id, type: 'service', raw: { ID: id, Priority: edited.has(id) ? 70 : 50 } }
      })
  }
  return { api, stats }
}

describe('checkNomadJobs', () => {
  test('compares 100 jobs at most 8 at a time, and reports each kind of difference', async () => {
    const live: LiveJob[] = jobs(100)
      .filter(j => j.jobId !== 'job-7')
      .map(j => ({ id: j.jobId, status: 'running' }))
    live.push({ id: 'rogue', status: 'running' })
    const { api, stats } = fakeCluster(live, new Set(['job-42']))
    const layer = await checkNomadJobs({
      api,
      jobs: jobs(100),
      readJobFile: async file => `job ${file.slice('nomad/'.length, -'.nomad.hcl'.length)}`,
      concurrency: 8
    })
    // Each job makes 4 calls in sequence (versions, submission, parse, deployments), so the bound
    // on jobs is the bound on requests; job-13 stops at its first.
    expect(stats.maxInFlight).toBe(8)
    expect(stats.calls).toBe(1 + 98 * 4 + 1)
    expect(stats.variables[0]).toMatch(/^version = "v-job-\d+@4"/)
    expect(layer.status).toBe('drift')
    expect(layer.items).toEqual([
      { subject: 'job-7', detail: 'missing from the cluster' },
      { subject: 'job-42', detail: 'edited: Priority: 50 → 70' },
      { subject: 'rogue', detail: 'running in the cluster, but no job file in nomad/' }
    ])
    expect(layer.reason).toContain('job-13: Unexpected response code: 500')
  })

  test('an unreachable cluster is unknown, and nothing else is tried', async () => {
    let asked = 0
    const api: NomadDriftApi = {
      listJobs: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:4646')
      },
      jobVersions: async () => (asked++, []),
      submittedVariables: async () => (asked++, undefined),
      jobDeployments: async () => (asked++, []),
      parseJob: async () => (asked++, { id: 'x', type: 'service', raw: {} })
    }
    const layer = await checkNomadJobs({ api, jobs: jobs(3), readJobFile: async () => '' })
    expect(layer).toMatchObject({ status: 'unknown', items: [] })
    expect(layer.reason).toContain('ECONNREFUSED')
    expect(asked).toBe(0)
  })

  test('variables come from the newest version that kept a submission', async () => {
    const seen: string[] = []
    const api: NomadDriftApi = {
      listJobs: async () => [{ id: 'web', status: 'running' }],
      jobVersions: async () => [
        { version: 5, raw: { ID: 'web', Priority: 50 } },
        { version: 7, raw: { ID: 'web', Priority: 70 } },
        { version: 6, raw: { ID: 'web', Priority: 60 } }
      ],
      submittedVariables: async (_id, version) => (
        seen.push(`v${version}`),
        version === 5 ? 'image = "a"\n' : undefined
      ),
      jobDeployments: async () => [],
      parseJob: async (_hcl, variables) => (
        seen.push(variables),
        { id: 'web', type: 'service', raw: { ID: 'web', Priority: 70 } }
      )
    }
    const layer = await checkNomadJobs({
      api,
      jobs: [{ jobId: 'web', jobFile: 'nomad/web.nomad.hcl', type: 'service' }],
      readJobFile: async () => 'job web'
    })
    expect(seen).toEqual(['v7', 'v6', 'v5', 'image = "a"\n'])
    expect(layer.status).toBe('in-sync')
  })
})
