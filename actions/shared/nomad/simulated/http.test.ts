import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals'
import { parseJobHcl } from '../job-diff/json.js'
import { type Harness, fixtureJobHcl, startHarness } from './harness.js'
import type { Deployment } from './types.js'

// Parsing loads a WASM HCL parser; on a loaded CI machine that alone can take seconds.
jest.setTimeout(30_000)

type Loose = Record<string, unknown>

let h: Harness
let job: Loose
let deploymentId: string
let evalId: string

beforeAll(async () => {
  job = await parseJobHcl({ hcl: fixtureJobHcl() })
  h = await startHarness()
  const reg = (await h.call('POST', '/v1/jobs', { Job: job })).json as Loose
  evalId = String(reg.EvalID)
  await h.cluster.settle()
  deploymentId = ((await h.call('GET', '/v1/job/web/deployment')).json as Deployment).ID
})

afterAll(async () => {
  await h.close()
})

const text = 'text/plain; charset=utf-8'

interface ErrorCase {
  readonly name: string
  readonly method: string
  readonly path: string | (() => string)
  readonly body?: unknown
  readonly status: number
  readonly message: string | RegExp
}

const withJob =
  (edit: (j: Loose) => Loose): (() => Loose) =>
  () =>
    edit(structuredClone(job))
const groupUpdate = (u: Loose): (() => Loose) =>
  withJob(j => {
    const g = (j.TaskGroups as Loose[])[0] as Loose
    g.Update = { ...(g.Update as Loose), ...u }
    return j
  })

const cases: ErrorCase[] = [
  {
    name: 'wrong method',
    method: 'DELETE',
    path: '/v1/jobs',
    status: 405,
    message: 'Invalid method'
  },
  {
    name: 'GET on a write endpoint',
    method: 'GET',
    path: '/v1/jobs/parse',
    status: 405,
    message: 'Invalid method'
  },
  {
    name: 'POST on a read endpoint',
    method: 'POST',
    path: '/v1/job/web/versions',
    body: {},
    status: 405,
    message: 'Invalid method'
  },
  {
    name: 'empty body',
    method: 'POST',
    path: '/v1/jobs',
    status: 400,
    message: 'Request body is empty'
  },
  {
    name: 'JSON syntax error',
    method: 'POST',
    path: '/v1/jobs',
    body: '{"Job": x}',
    status: 400,
    message: "invalid character 'x' looking for beginning of value"
  },
  {
    name: 'bad index',
    method: 'GET',
    path: '/v1/job/web?index=abc',
    status: 400,
    message: 'Invalid index'
  },
  {
    name: 'bad wait',
    method: 'GET',
    path: '/v1/job/web?index=1&wait=soon',
    status: 400,
    message: 'Invalid wait time'
  },
  {
    name: 'bad stale',
    method: 'GET',
    path: '/v1/job/web?stale=maybe',
    status: 400,
    message: 'Expect `true` or `false` for `stale` query string parameter'
  },
  {
    name: 'unknown region',
    method: 'GET',
    path: '/v1/job/web?region=mars',
    status: 500,
    message: 'No path to region'
  },
  {
    name: 'unknown job',
    method: 'GET',
    path: '/v1/job/nope',
    status: 404,
    message: 'job not found'
  },
  {
    name: 'unknown job versions',
    method: 'GET',
    path: '/v1/job/nope/versions',
    status: 404,
    message: 'job versions not found'
  },
  {
    name: 'unknown eval',
    method: 'GET',
    path: '/v1/evaluation/0000',
    status: 404,
    message: 'eval not found'
  },
  {
    name: 'GET unknown deployment',
    method: 'GET',
    path: '/v1/deployment/0000',
    status: 404,
    message: 'deployment not found'
  },
  {
    name: 'promote unknown deployment',
    method: 'POST',
    path: '/v1/deployment/promote/0000',
    body: { DeploymentID: '0000', All: true },
    status: 500,
    message: 'deployment not found'
  },
  {
    name: 'fail unknown deployment',
    method: 'POST',
    path: '/v1/deployment/fail/0000',
    status: 500,
    message: 'deployment not found'
  },
  {
    name: 'promote without body',
    method: 'POST',
    path: () => `/v1/deployment/promote/${deploymentId}`,
    status: 400,
    message: 'Request body is empty'
  },
  {
    name: 'promote without DeploymentID',
    method: 'POST',
    path: () => `/v1/deployment/promote/${deploymentId}`,
    body: { All: true },
    status: 400,
    message: 'DeploymentID must be specified'
  },
  {
    name: 'promote other ID',
    method: 'POST',
    path: () => `/v1/deployment/promote/${deploymentId}`,
    body: { DeploymentID: 'x', All: true },
    status: 400,
    message: 'Deployment ID does not match'
  },
  {
    name: 'register without job',
    method: 'POST',
    path: '/v1/jobs',
    body: {},
    status: 400,
    message: 'Job must be specified'
  },
  {
    name: 'register without ID',
    method: 'POST',
    path: '/v1/jobs',
    body: { Job: { Name: 'x' } },
    status: 400,
    message: "Job ID hasn't been provided"
  },
  {
    name: 'register path mismatch',
    method: 'POST',
    path: '/v1/job/other',
    body: () => ({ Job: job }),
    status: 400,
    message: 'Job ID does not match name'
  },
  {
    name: 'plan without job',
    method: 'POST',
    path: '/v1/job/web/plan',
    body: {},
    status: 400,
    message: 'Job must be specified'
  },
  {
    name: 'plan without ID',
    method: 'POST',
    path: '/v1/job/web/plan',
    body: { Job: { Name: 'x' } },
    status: 400,
    message: 'Job must have a valid ID'
  },
  {
    name: 'plan path mismatch',
    method: 'POST',
    path: '/v1/job/other/plan',
    body: () => ({ Job: job }),
    status: 400,
    message: 'Job ID does not match'
  },
  {
    name: 'EnforceIndex 0 on an existing job',
    method: 'POST',
    path: '/v1/jobs',
    body: () => ({ Job: job, EnforceIndex: true, JobModifyIndex: 0 }),
    status: 500,
    message: 'Enforcing job modify index 0: job already exists'
  },
  {
    name: 'EnforceIndex stale',
    method: 'POST',
    path: '/v1/jobs',
    body: () => ({ Job: job, EnforceIndex: true, JobModifyIndex: 5 }),
    status: 500,
    message: /^Enforcing job modify index 5: job exists with conflicting job modify index: \d+$/
  },
  {
    name: 'EnforceIndex on a missing job',
    method: 'POST',
    path: '/v1/jobs',
    body: () => ({
      Job: { ...job, ID: 'fresh', Name: 'fresh' },
      EnforceIndex: true,
      JobModifyIndex: 7
    }),
    status: 500,
    message: 'Enforcing job modify index 7: job does not exist'
  },
  {
    name: 'auto_promote without canary',
    method: 'POST',
    path: '/v1/jobs',
    body: () => ({ Job: groupUpdate({ Canary: 0, AutoPromote: true })() }),
    status: 500,
    message:
      '1 error occurred:\n\t* Task group web validation failed: 1 error occurred:\n\t* Task group update validation failed: 1 error occurred:\n\t* Auto Promote requires a Canary count greater than zero\n\n\n\n\n\n'
  },
  {
    name: 'healthy deadline above progress deadline',
    method: 'POST',
    path: '/v1/jobs',
    body: () => ({ Job: groupUpdate({ HealthyDeadline: 900e9 })() }),
    status: 500,
    message: /Healthy deadline must be less than progress deadline: 15m0s > 10m0s/
  },
  {
    name: 'nonexistent namespace',
    method: 'POST',
    path: '/v1/jobs?namespace=team',
    body: () => ({ Job: job }),
    status: 500,
    message: 'job "web" is in nonexistent namespace "team"'
  },
  {
    name: 'type change',
    method: 'POST',
    path: '/v1/jobs',
    body: () => ({ Job: { ...job, Type: 'batch' } }),
    status: 500,
    message: 'cannot update job from type "service" to "batch"'
  },
  {
    name: 'parse: empty spec',
    method: 'POST',
    path: '/v1/jobs/parse',
    body: { JobHCL: ' ' },
    status: 400,
    message: 'Job spec is empty'
  },
  {
    name: 'parse: HCL error',
    method: 'POST',
    path: '/v1/jobs/parse',
    body: { JobHCL: 'job "x" {' },
    status: 400,
    message: /^Failed to parse job: /
  },
  {
    name: 'unknown route',
    method: 'GET',
    path: '/v1/nothing',
    status: 404,
    message: '404 page not found'
  }
]

describe("errors are plain text with Nomad's codes and messages", () => {
  test.each(cases)('$name → $status', async c => {
    const path = typeof c.path === 'function' ? c.path() : c.path
    const body = typeof c.body === 'function' ? (c.body as () => unknown)() : c.body
    const res = await h.call(c.method, path, body)
    expect(res.status).toBe(c.status)
    expect(res.contentType).toBe(text)
    if (typeof c.message === 'string') expect(res.text).toBe(c.message)
    else expect(res.text).toMatch(c.message)
  })
})

describe('successful answers', () => {
  test('reads send X-Nomad-Index, KnownLeader and LastContact; writes send X-Nomad-Index', async () => {
    const res = await fetch(`${h.server.url}/v1/deployment/${deploymentId}`)
    expect(res.headers.get('x-nomad-knownleader')).toBe('true')
    expect(res.headers.get('x-nomad-lastcontact')).toBe('0')
    const d = (await res.json()) as Deployment
    expect(Number(res.headers.get('x-nomad-index'))).toBe(d.ModifyIndex)
    const w = await h.call('POST', '/v1/validate/job', { Job: job })
    expect(w.index).toBeGreaterThan(0)
  })

  test('a job without a deployment answers 200 null; unknown deployment allocations answer []', async () => {
    const none = await h.call('GET', '/v1/job/unknown/deployment')
    expect([none.status, none.text]).toEqual([200, 'null'])
    expect((await h.call('GET', '/v1/deployment/allocations/0000')).json).toEqual([])
    expect((await h.call('GET', '/v1/job/unknown/deployments')).json).toEqual([])
  })

  test('durations are integer nanoseconds and times RFC 3339 or null', async () => {
    const d = (await h.call('GET', `/v1/deployment/${deploymentId}`)).json as Deployment
    expect(d.TaskGroups.web?.ProgressDeadline).toBe(600_000_000_000)
    expect(d.TaskGroups.web?.RequireProgressBy).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/)
    const j = (await h.call('GET', '/v1/job/web')).json as { TaskGroups: { Update: Loose }[] }
    expect(j.TaskGroups[0]?.Update).toMatchObject({
      MinHealthyTime: 10e9,
      HealthyDeadline: 180e9,
      ProgressDeadline: 600e9
    })
  })

  test('an eval answers with its ModifyIndex; validate answers 200 with the error text', async () => {
    const ev = await h.call('GET', `/v1/evaluation/${evalId}`)
    expect(ev.index).toBe((ev.json as Loose).ModifyIndex)
    const bad = await h.call('POST', '/v1/validate/job', {
      Job: groupUpdate({ Canary: 0, AutoPromote: true })()
    })
    expect(bad.status).toBe(200)
    expect((bad.json as Loose).Error).toMatch(
      /Auto Promote requires a Canary count greater than zero/
    )
  })

  test('request bodies match field names case-insensitively', async () => {
    const res = await h.call('POST', '/v1/job/web/plan', { job: job, diff: true })
    expect(res.status).toBe(200)
    expect((res.json as Loose).Diff).toMatchObject({ Type: 'None', ID: 'web' })
  })

  test('the request log records method, path, query and status', async () => {
    await h.call('GET', '/v1/job/web?namespace=default')
    expect(h.server.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: '/v1/job/web',
      query: { namespace: 'default' },
      status: 200,
      faulted: false
    })
  })
})

interface AclCase {
  readonly name: string
  readonly headers: Record<string, string>
  readonly status: number
  readonly body: string
}

describe('ACLs', () => {
  test.each<AclCase>([
    { name: 'no token', headers: {}, status: 403, body: 'Permission denied' },
    {
      name: 'wrong token',
      headers: { 'X-Nomad-Token': 'wrong' },
      status: 403,
      body: 'ACL token not found'
    },
    { name: 'X-Nomad-Token', headers: { 'X-Nomad-Token': ' s3cret ' }, status: 200, body: 'null' },
    {
      name: 'Authorization: Bearer',
      headers: { Authorization: 'bearer s3cret' },
      status: 200,
      body: 'null'
    }
  ])('$name → $status', async c => {
    const acl = await startHarness({ aclToken: 's3cret' })
    try {
      const res = await acl.call('GET', '/v1/job/web/deployment', undefined, c.headers)
      expect([res.status, res.text]).toEqual([c.status, c.body])
    } finally {
      await acl.close()
    }
  })
})

test('with ACLs on, a register body may carry the token as SecretID; the header wins', async () => {
  const acl = await startHarness({ aclToken: 's3cret' })
  try {
    expect((await acl.call('POST', '/v1/jobs', { Job: job, SecretID: 's3cret' })).status).toBe(200)
    const header = await acl.call(
      'POST',
      '/v1/jobs',
      { Job: job, SecretID: 's3cret' },
      { 'X-Nomad-Token': 'other' }
    )
    expect([header.status, header.text]).toEqual([403, 'ACL token not found'])
  } finally {
    await acl.close()
  }
})

describe('blocking queries', () => {
  test('wake within milliseconds of a change with a higher index', async () => {
    const b = await startHarness({ health: 'manual' })
    try {
      await b.call('POST', '/v1/jobs', { Job: job })
      await b.cluster.settle()
      const first = await b.call('GET', '/v1/job/web/deployment')
      const d = first.json as Deployment
      const started = Date.now()
      const pending = b.call('GET', `/v1/deployment/${d.ID}?index=${d.ModifyIndex}&wait=5m`)
      await new Promise(resolve => setTimeout(resolve, 30))
      const changedAt = Date.now()
      b.cluster.setAllocHealth(a => a.DeploymentID === d.ID, 'healthy')
      const woke = await pending
      const reaction = Date.now() - changedAt
      expect(reaction).toBeLessThan(1000)
      expect(Date.now() - started).toBeGreaterThanOrEqual(30)
      expect(woke.index).toBeGreaterThan(d.ModifyIndex)
      expect((woke.json as Deployment).TaskGroups.web?.HealthyAllocs).toBeGreaterThan(0)
    } finally {
      await b.close()
    }
  })

  test('time out on the cluster clock with 200 and the same index; wait is capped', async () => {
    const b = await startHarness({ maxWaitMs: 60_000 })
    try {
      await b.call('POST', '/v1/jobs', { Job: job })
      await b.cluster.settle()
      const d = (await b.call('GET', '/v1/job/web/deployment')).json as Deployment
      const timersBefore = b.clock.pendingTimers
      const pending = b.call('GET', `/v1/deployment/${d.ID}?index=${d.ModifyIndex}&wait=10m`)
      while (b.clock.pendingTimers === timersBefore)
        await new Promise(resolve => setTimeout(resolve, 5))
      await b.clock.advance(59_999)
      let settled = false
      void pending.then(() => (settled = true))
      await b.cluster.settle()
      expect(settled).toBe(false)
      await b.clock.advance(1)
      const res = await pending
      expect([res.status, res.index]).toEqual([200, d.ModifyIndex])
      expect(res.json).toEqual(d)
    } finally {
      await b.close()
    }
  })

  test('table-indexed endpoints answer at once when the table is past the index', async () => {
    const b = await startHarness()
    try {
      await b.call('POST', '/v1/jobs', { Job: job })
      await b.cluster.settle()
      const d = (await b.call('GET', '/v1/job/web/deployment')).json as Deployment
      const allocs = await b.call('GET', `/v1/deployment/allocations/${d.ID}?index=1&wait=1m`)
      expect(allocs.index).toBe(b.cluster.engine.store.tables.allocs)
      const latestDeployment = await b.call('GET', `/v1/job/web/deployment?index=1`)
      expect(latestDeployment.index).toBe(b.cluster.engine.store.tables.deployment)
    } finally {
      await b.close()
    }
  })
})

describe('fault injection', () => {
  test('status, reset, times and when=after', async () => {
    const f = await startHarness({
      faults: [
        { path: '/v1/job/web/deployment', status: 503, times: 1 },
        { path: /^\/v1\/evaluation\//, reset: true, times: 1 },
        { path: '/v1/jobs', method: 'POST', status: 502, when: 'after', times: 1 }
      ]
    })
    try {
      expect((await f.call('GET', '/v1/job/web/deployment')).status).toBe(503)
      expect((await f.call('GET', '/v1/job/web/deployment')).status).toBe(200)
      await expect(f.call('GET', '/v1/evaluation/x')).rejects.toThrow()
      expect((await f.call('GET', '/v1/evaluation/x')).status).toBe(404)
      const lost = await f.call('POST', '/v1/jobs', { Job: job })
      expect([lost.status, lost.text]).toEqual([502, 'Bad Gateway'])
      expect(f.cluster.job('web')?.Version).toBe(0)
      expect(f.server.requests.filter(r => r.faulted).map(r => r.status)).toEqual([
        503,
        'reset',
        502
      ])
    } finally {
      await f.close()
    }
  })

  test('probability draws from a seeded RNG: the same seed hits the same requests', async () => {
    const hits = async (): Promise<boolean[]> => {
      const f = await startHarness({
        faults: [{ path: '/v1/', status: 500, probability: 0.2 }],
        seed: 42
      })
      try {
        const out: boolean[] = []
        for (let i = 0; i < 40; i++)
          out.push((await f.call('GET', '/v1/job/web/deployment')).status === 500)
        return out
      } finally {
        await f.close()
      }
    }
    const a = await hits()
    expect(await hits()).toEqual(a)
    const rate = a.filter(Boolean).length / a.length
    expect(rate).toBeGreaterThan(0.05)
    expect(rate).toBeLessThan(0.45)
  })
})
