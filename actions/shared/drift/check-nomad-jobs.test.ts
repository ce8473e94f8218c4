import { describe, expect, test } from '@jest/globals'
import type { JobEntry } from '../catalog/catalog.js'
import { type NomadDriftApi, checkNomadJobs } from './check-nomad-jobs.js'
import type { LiveJob } from './nomad-drift.js'
import { parsePlan } from '../nomad/parse-job.js'

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
  const api: NomadDriftApi = {
    listJobs: () => call(() => live),
    submittedVariables: id => call(() => `version = "v-${id}"\n`),
    parseJob: (hcl, variables) =>
      call(() => {
        stats.variables.push(variables)
        const id = hcl.replace('job ', '')
        return { id, type: 'service', raw: { ID: id } }
      }),
    planJob: job =>
      call(() => {
        if (job.id === 'job-13') throw new Error('Unexpected response code: 500 (rpc error)')
        const diff = edited.has(job.id)
          ? {
              Type: 'Edited',
              Fields: [{ Type: 'Edited', Name: 'Priority' }],
              Objects: null,
              TaskGroups: null
            }
          : { Type: 'None', Fields: null, Objects: null, TaskGroups: null }
        return parsePlan({ Diff: diff, JobModifyIndex: 3 })
      })
  }
  return { api, stats }
}

describe('checkNomadJobs', () => {
  test('plans 100 jobs at most 8 at a time, and reports each kind of difference', async () => {
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
    // Each job makes 3 calls in sequence, so the bound on jobs is the bound on requests.
    expect(stats.maxInFlight).toBe(8)
    expect(stats.calls).toBe(1 + 99 * 3)
    expect(stats.variables[0]).toMatch(/^version = "v-job-\d+"/)
    expect(layer.status).toBe('drift')
    expect(layer.items).toEqual([
      { subject: 'job-7', detail: 'missing from the cluster' },
      { subject: 'job-42', detail: 'edited: Priority' },
      { subject: 'rogue', detail: 'running in the cluster, but no job file in nomad/' }
    ])
    expect(layer.reason).toContain('job-13: Unexpected response code: 500')
  })

  test('an unreachable cluster is unknown, and nothing else is tried', async () => {
    let planned = 0
    const api: NomadDriftApi = {
      listJobs: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:4646')
      },
      submittedVariables: async () => undefined,
      parseJob: async () => ({ id: 'x', type: 'service', raw: {} }),
      planJob: async () => {
        planned++
        return parsePlan({ Diff: { Type: 'None' }, JobModifyIndex: 0 })
      }
    }
    const layer = await checkNomadJobs({ api, jobs: jobs(3), readJobFile: async () => '' })
    expect(layer).toMatchObject({ status: 'unknown', items: [] })
    expect(layer.reason).toContain('ECONNREFUSED')
    expect(planned).toBe(0)
  })
})
