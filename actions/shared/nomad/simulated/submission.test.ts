import { afterEach, beforeAll, describe, expect, jest, test } from '@jest/globals'
import { parseJobHcl } from '../job-diff/json.js'
import { type Harness, fixtureJobHcl, startHarness } from './harness.js'

// Parsing loads a WASM HCL parser; on a loaded CI machine that alone can take seconds.
jest.setTimeout(30_000)

type Loose = Record<string, unknown>

let baseJob: Loose
let harness: Harness | undefined

beforeAll(async () => {
  baseJob = await parseJobHcl({ hcl: fixtureJobHcl() })
})

afterEach(async () => {
  await harness?.close()
  harness = undefined
})

function webJob(image: string): Loose {
  const job = structuredClone(baseJob)
  const group = (job.TaskGroups as Loose[])[0] as Loose
  const task = (group.Tasks as Loose[])[0] as Loose
  task.Config = { ...(task.Config as Loose), image }
  return job
}

const submission = (image: string): Loose => ({
  Source: fixtureJobHcl(),
  Format: 'hcl2',
  VariableFlags: { image },
  Variables: ''
})

async function register(h: Harness, body: Loose): Promise<number> {
  const res = await h.call('POST', '/v1/jobs', body)
  expect(res.status).toBe(200)
  return (res.json as { JobModifyIndex: number }).JobModifyIndex
}

describe('GET /v1/job/:id/submission on the simulated cluster (jobSubmissionCRUD)', () => {
  test('keeps each version’s submission with its Namespace, JobID, Version and JobModifyIndex', async () => {
    const h = (harness = await startHarness())
    const first = await register(h, { Job: webJob('web:1'), Submission: submission('web:1') })
    const second = await register(h, { Job: webJob('web:2'), Submission: submission('web:2') })
    const v0 = await h.call('GET', '/v1/job/web/submission?version=0')
    expect(v0.status).toBe(200)
    expect(v0.index).toBe(first)
    expect(v0.json).toEqual({
      Source: fixtureJobHcl(),
      Format: 'hcl2',
      VariableFlags: { image: 'web:1' },
      Variables: '',
      Namespace: 'default',
      JobID: 'web',
      Version: 0,
      JobModifyIndex: first
    })
    const v1 = await h.call('GET', '/v1/job/web/submission?version=1')
    expect(v1.json).toMatchObject({
      VariableFlags: { image: 'web:2' },
      Version: 1,
      JobModifyIndex: second
    })
  })

  test('the version parameter is required and parsed before the method is checked (400)', async () => {
    const h = (harness = await startHarness())
    await register(h, { Job: webJob('web:1'), Submission: submission('web:1') })
    for (const query of [
      '',
      '?version=',
      '?version=-1',
      '?version=1.0',
      '?version=x',
      '?version=18446744073709551616'
    ]) {
      const res = await h.call('GET', `/v1/job/web/submission${query}`)
      expect([query, res.status, res.text]).toEqual([
        query,
        400,
        'Unable to parse job submission version parameter'
      ])
    }
    expect((await h.call('POST', '/v1/job/web/submission')).status).toBe(400)
    const wrongMethod = await h.call('POST', '/v1/job/web/submission?version=0')
    expect([wrongMethod.status, wrongMethod.text]).toEqual([405, 'Invalid method'])
  })

  test('404 `job source not found` for a version registered without one, or an unknown job', async () => {
    const h = (harness = await startHarness())
    await register(h, { Job: webJob('web:1') })
    const none = await h.call('GET', '/v1/job/web/submission?version=0')
    expect([none.status, none.text]).toEqual([404, 'job source not found'])
    expect((await h.call('GET', '/v1/job/web/submission?version=7')).status).toBe(404)
    const unknown = await h.call('GET', '/v1/job/nope/submission?version=0')
    expect([unknown.status, unknown.text]).toEqual([404, 'job source not found'])
  })

  test('an unchanged re-register stores nothing; a revert inherits the source of the version it copies', async () => {
    const h = (harness = await startHarness())
    await register(h, { Job: webJob('web:1'), Submission: submission('web:1') })
    await register(h, { Job: webJob('web:2'), Submission: submission('web:2') })
    // Unchanged: no new version, so nothing is stored (version 2 does not exist yet).
    await register(h, { Job: webJob('web:2'), Submission: submission('web:3') })
    expect((await h.call('GET', '/v1/job/web/submission?version=2')).status).toBe(404)
    expect((await h.call('GET', '/v1/job/web/submission?version=1')).json).toMatchObject({
      VariableFlags: { image: 'web:2' }
    })
    // upsertJobImpl: a job arriving without a submission at a Version not above the current one
    // (the revert's copy of version 0) gets the submission of that version.
    const revert = await h.call('POST', '/v1/job/web/revert', { JobID: 'web', JobVersion: 0 })
    expect(revert.status).toBe(200)
    expect((await h.call('GET', '/v1/job/web')).json).toMatchObject({ Version: 2 })
    const reverted = await h.call('GET', '/v1/job/web/submission?version=2')
    expect(reverted.json).toMatchObject({ VariableFlags: { image: 'web:1' }, Version: 2 })
    expect(reverted.index).toBeGreaterThan(
      Number((await h.call('GET', '/v1/job/web/submission?version=0')).index)
    )
  })

  test('the newest 6 submissions are kept (pruneJobSubmissions)', async () => {
    const h = (harness = await startHarness())
    for (let v = 0; v < 8; v++) {
      await register(h, { Job: webJob(`web:${v}`), Submission: submission(`web:${v}`) })
    }
    expect((await h.call('GET', '/v1/job/web/submission?version=1')).status).toBe(404)
    expect((await h.call('GET', '/v1/job/web/submission?version=2')).json).toMatchObject({
      VariableFlags: { image: 'web:2' }
    })
  })
})
