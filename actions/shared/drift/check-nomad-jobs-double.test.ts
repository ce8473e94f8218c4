import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { loadCatalog } from '../catalog/load-catalog.js'
import { nomadConfigFromEnv } from '../nomad/client/config.js'
import { type NomadTransport, createHttpTransport } from '../nomad/client/http.js'
import { systemClock } from '../ports.js'
import { checkNomadJobs } from './check-nomad-jobs.js'
import { createNomadDriftApi } from './nomad-drift-api.js'
import { manyJobIds, writeManyJobs } from './testing/many-jobs.js'
import { type RepoCluster, startRepoCluster } from './testing/repo-cluster.js'

/** Counts requests in flight at once on their way to the simulated agent. */
function observed(inner: NomadTransport) {
  const stats = { inFlight: 0, maxInFlight: 0, requests: 0 }
  const transport: NomadTransport = {
    request: async request => {
      stats.requests++
      stats.maxInFlight = Math.max(stats.maxInFlight, ++stats.inFlight)
      try {
        return await inner.request(request)
      } finally {
        stats.inFlight--
      }
    },
    close: () => inner.close()
  }
  return { transport, stats }
}

describe('checkNomadJobs against the simulated Nomad agent', () => {
  let root = ''
  let nomad: RepoCluster

  beforeAll(async () => {
    root = await writeManyJobs(100)
    nomad = await startRepoCluster(root, { delayMs: 5 })
    await nomad.register('nomad/job-042.nomad.hcl', 'image = "ghcr.io/elm/job-042:hotfix"\n')
  }, 60_000)
  afterAll(async () => {
    await nomad.close()
    await rm(root, { recursive: true, force: true })
  })

  test('100 jobs are compared concurrently, never more than the bound at once', async () => {
    const { transport, stats } = observed(
      createHttpTransport(nomadConfigFromEnv({ NOMAD_ADDR: nomad.url }))
    )
    const api = createNomadDriftApi({ transport, clock: systemClock })
    const catalog = await loadCatalog(root)
    const layer = await checkNomadJobs({
      api,
      jobs: catalog.jobs,
      readJobFile: file => readFile(join(root, file), 'utf8'),
      concurrency: 8
    })
    transport.close()
    expect(catalog.jobs.map(j => j.jobId)).toEqual(manyJobIds(100))
    expect(stats.maxInFlight).toBe(8)
    // The list, then per job: its versions, a submission per version until one is found (none
    // here: the jobs were registered without), parse, and its deployments (is it a revert?).
    // job-042 has two versions. No plan.
    expect(stats.requests).toBe(1 + 100 * 4 + 1)
    expect(layer.status).toBe('drift')
    expect(layer.items).toEqual([
      {
        subject: 'job-042',
        detail: expect.stringMatching(
          /^edited: group \S+ › task app › Config\.image: "ghcr\.io\/elm\/job-042:hotfix" → "[^"]+" — on deploy: group \S+: destructive update \(task config\)/
        )
      }
    ])
    expect(layer.summary).toBe('1 of 100 jobs differ')
  }, 60_000)
})
