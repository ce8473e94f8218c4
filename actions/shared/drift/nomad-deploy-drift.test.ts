import { afterEach, describe, expect, it } from '@jest/globals'
import { createHttpTransport } from '../nomad/client/http.js'
import { nomadConfigFromEnv } from '../nomad/client/config.js'
import type { NomadClient } from '../nomad/client/client.js'
import {
  type Target,
  clientFor,
  deploy,
  e2eJobHcl,
  repoJob,
  startTarget
} from '../nomad/deploy/test-kit.js'
import { renderVariables } from '../nomad/deploy/variables.js'
import { systemClock } from '../ports.js'
import { checkNomadJobs } from './check-nomad-jobs.js'
import { createNomadDriftApi } from './nomad-drift-api.js'
import type { LayerResult } from './report.js'

/**
 * nomad-deploy then drift-check, end to end over HTTP: the deploy registers the job with its
 * source and variables (`Submission`), and the drift check parses the repo's job file with exactly
 * those variables (`GET /v1/job/:id/submission?version=`), so a deployed service is in sync.
 */
let target: Target | undefined
let client: NomadClient | undefined
afterEach(async () => {
  client?.close()
  await target?.close()
})

const clock = systemClock
const v1 = { image: 'ghcr.io/elm/website@sha256:1111', version: '1.0.0' }
const v2 = { image: 'ghcr.io/elm/website@sha256:2222', version: '1.1.0' }
const jobFile = 'nomad/website.nomad.hcl'

async function driftOf(
  address: string,
  job: { id: string; hcl: string } = { id: 'website', hcl: repoJob('website') }
): Promise<LayerResult> {
  const transport = createHttpTransport(nomadConfigFromEnv({ NOMAD_ADDR: address }))
  try {
    const api = createNomadDriftApi({ transport, clock })
    return await checkNomadJobs({
      api,
      jobs: [{ jobId: job.id, jobFile, type: 'service' }],
      readJobFile: async () => job.hcl
    })
  } finally {
    transport.close()
  }
}

describe('a deployed job, then the drift check', () => {
  it('is in sync after each deploy, with the variables that deploy used', async () => {
    target = await startTarget()
    client = clientFor(target.address, clock)
    expect((await deploy(client, repoJob('website'), v1, { clock })).status).toBe('success')
    const submission = await client.readSubmission('website')
    expect(submission).toMatchObject({
      source: repoJob('website'),
      format: 'hcl2',
      variableFlags: v1,
      variables: '',
      version: 0
    })
    expect(await driftOf(target.address)).toMatchObject({ status: 'in-sync', items: [] })

    expect((await deploy(client, repoJob('website'), v2, { clock })).status).toBe('success')
    expect((await client.readSubmission('website'))?.variableFlags).toEqual(v2)
    expect((await client.readSubmission('website', 0))?.variableFlags).toEqual(v1)
    expect(await driftOf(target.address)).toMatchObject({ status: 'in-sync', items: [] })
  }, 60_000)

  it('reports drift when the running image was changed by hand (a register without a submission)', async () => {
    target = await startTarget()
    client = clientFor(target.address, clock)
    expect((await deploy(client, repoJob('website'), v1, { clock })).status).toBe('success')
    const hotfix = { ...v1, image: 'ghcr.io/elm/website@sha256:9999' }
    const parsed = await client.parseJob(repoJob('website'), renderVariables(hotfix))
    const current = await client.readJob('website')
    await client.registerJob(parsed, current?.jobModifyIndex ?? 0)
    const layer = await driftOf(target.address)
    expect(layer.status).toBe('drift')
    expect(layer.items).toEqual([
      {
        subject: 'website',
        detail: expect.stringMatching(
          /^edited: group website › task server › Config\.image: "ghcr\.io\/elm\/website@sha256:9999" → "ghcr\.io\/elm\/website@sha256:1111" — on deploy: group website: destructive update \(task config\)/
        )
      }
    ])
  }, 60_000)

  it('a failed deploy that Nomad rolled back is reported as that, with the version it runs', async () => {
    const id = 'drift-revert'
    target = await startTarget({
      health: { healthyAfterMs: 30, unhealthy: [{ job: id, version: 1 }] }
    })
    client = clientFor(target.address, clock)
    const hcl = e2eJobHcl(id)
    const timeoutMs = 20_000
    expect(
      (await deploy(client, hcl, { image: 'ok', version: '1' }, { clock, timeoutMs })).status
    ).toBe('success')
    const failed = await deploy(
      client,
      hcl,
      { image: 'failing', version: '2' },
      { clock, timeoutMs }
    )
    expect(failed).toMatchObject({ status: 'failure', revertedTo: 0 })
    const layer = await driftOf(target.address, { id, hcl })
    expect(layer.status).toBe('drift')
    expect(layer.items).toHaveLength(1)
    // Nomad gave the revert's copy version 0's submission (#17097), so the job file parses to what
    // runs: the failed deploy is the news, said in Nomad's words.
    expect(layer.items[0]?.detail).toBe(
      'the deploy of version 1 failed (Failed due to unhealthy allocations - rolling back to job version 0) and Nomad rolled back to version 0; running version 2'
    )
  }, 60_000)
})
