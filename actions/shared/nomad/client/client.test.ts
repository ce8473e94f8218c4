import { afterEach, describe, expect, it } from '@jest/globals'
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Clock } from '../../ports.js'
import { withOverrides, nomadConfigFromEnv } from './config.js'
import { connectNomad } from './connect.js'
import { NomadApiError, NomadProtocolError } from './errors.js'
import { createHttpTransport } from './http.js'
import { JobChangedError } from './register.js'
import { type NomadClient, createNomadClient } from './client.js'

/** The client against a scripted HTTP server on loopback: headers, errors, retries, register-once. */
type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void
const seen: Array<{ method: string; url: string; token: string | undefined; body: string }> = []
let server: Server | undefined
let client: NomadClient | undefined
const instantClock: Clock = { now: () => Date.now(), sleep: async () => undefined }

async function start(handler: Handler): Promise<NomadClient> {
  seen.length = 0
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        token: req.headers['x-nomad-token'] as string | undefined,
        body
      })
      handler(req, body, res)
    })
  })
  await new Promise<void>(r => server?.listen(0, '127.0.0.1', r))
  const port = (server?.address() as AddressInfo).port
  const config = withOverrides(
    nomadConfigFromEnv({ NOMAD_TOKEN: 's3cret-token', NOMAD_NAMESPACE: 'prod' }),
    {
      address: `http://127.0.0.1:${port}`
    }
  )
  client = createNomadClient({ transport: createHttpTransport(config), clock: instantClock })
  return client
}

function reply(res: ServerResponse, status: number, body: unknown, index?: number): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  const headers: Record<string, string> = {
    'Content-Type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json'
  }
  if (index !== undefined) headers['X-Nomad-Index'] = String(index)
  res.writeHead(status, headers).end(text)
}

afterEach(async () => {
  client?.close()
  await new Promise(r => server?.close(r))
})

const job = { id: 'web', type: 'service', raw: { ID: 'web', Type: 'service' } }

describe('NomadClient', () => {
  it('registers with the job’s source as Submission, as `nomad job run -var` sends it', async () => {
    const c = await start((_req, _b, res) =>
      reply(res, 200, { EvalID: 'e1', JobModifyIndex: 30, Warnings: '' }, 30)
    )
    const submission = {
      source: 'job "web" {}\n',
      format: 'hcl2',
      variableFlags: { image: 'web:1' },
      variables: ''
    }
    await c.registerJob(job, 12, submission)
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({
      Job: job.raw,
      Submission: {
        Source: 'job "web" {}\n',
        Format: 'hcl2',
        VariableFlags: { image: 'web:1' },
        Variables: ''
      },
      EnforceIndex: true,
      JobModifyIndex: 12,
      PolicyOverride: false
    })
  })

  it('reads the submission of the job’s current version, or of a given one; absent is undefined', async () => {
    const c = await start((req, _b, res) => {
      if (req.url?.startsWith('/v1/job/web?'))
        return reply(res, 200, { ID: 'web', Version: 3, JobModifyIndex: 40 }, 41)
      if (req.url?.includes('version=2')) return reply(res, 404, 'job source not found', 0)
      if (req.url?.startsWith('/v1/job/web/submission?')) {
        return reply(
          res,
          200,
          {
            Source: 'x',
            Format: 'hcl2',
            VariableFlags: { image: 'a' },
            Variables: '',
            Namespace: 'prod',
            JobID: 'web',
            Version: 3,
            JobModifyIndex: 40
          },
          40
        )
      }
      reply(res, 404, 'job not found', 0)
    })
    expect(await c.readSubmission('web')).toEqual({
      source: 'x',
      format: 'hcl2',
      variableFlags: { image: 'a' },
      variables: '',
      version: 3,
      jobModifyIndex: 40
    })
    expect(seen.map(s => s.url)).toEqual([
      '/v1/job/web?namespace=prod',
      '/v1/job/web/submission?namespace=prod&version=3'
    ])
    expect(await c.readSubmission('web', 2)).toBeUndefined()
    expect(await c.readSubmission('gone')).toBeUndefined()
  })

  it('lists jobs and reads a job’s versions', async () => {
    const c = await start((req, _b, res) => {
      if (req.url?.startsWith('/v1/jobs?'))
        return reply(
          res,
          200,
          [
            { ID: 'web', Status: 'running', ParentID: '' },
            { ID: 'cron/periodic-1', Status: 'dead', ParentID: 'cron' }
          ],
          9
        )
      if (req.url?.startsWith('/v1/job/web/versions?'))
        return reply(
          res,
          200,
          {
            Versions: [
              { ID: 'web', Version: 1, JobModifyIndex: 20 },
              { ID: 'web', Version: 0, JobModifyIndex: 10 }
            ]
          },
          20
        )
      reply(res, 404, 'job versions not found', 0)
    })
    expect(await c.listJobs()).toEqual([
      { id: 'web', status: 'running' },
      { id: 'cron/periodic-1', status: 'dead', parentId: 'cron' }
    ])
    expect((await c.readJobVersions('web')).map(v => [v.version, v.jobModifyIndex])).toEqual([
      [1, 20],
      [0, 10]
    ])
    expect(await c.readJobVersions('gone')).toEqual([])
  })

  it('sends the token header, namespace and blocking query parameters', async () => {
    const c = await start((_req, _b, res) => reply(res, 200, { ID: 'e1', Status: 'complete' }, 12))
    const read = await c.readEvaluation('e1', { index: 11, waitMs: 5000 })
    expect(read).toMatchObject({ index: 12, value: { id: 'e1', status: 'complete' } })
    expect(seen[0]).toMatchObject({ method: 'GET', token: 's3cret-token' })
    expect(seen[0]?.url).toBe('/v1/evaluation/e1?namespace=prod&index=11&wait=5000ms')
  })

  it('surfaces plain-text errors verbatim and does not retry a 400', async () => {
    const c = await start((_req, _b, res) =>
      reply(res, 400, 'Failed to parse job: bad.hcl:3,1: Unclosed configuration block')
    )
    await expect(c.parseJob('job "x" {', '')).rejects.toThrow(
      'Nomad refused POST /v1/jobs/parse (HTTP 400): Failed to parse job: bad.hcl:3,1: Unclosed configuration block'
    )
    expect(seen).toHaveLength(1)
  })

  it('fails at once on a non-transient 500 (validation) with Nomad’s message', async () => {
    const c = await start((_req, _b, res) =>
      reply(
        res,
        500,
        '1 error occurred:\n\t* Task group web validation failed: Healthy deadline must be less than progress deadline\n\n'
      )
    )
    await expect(c.planJob(job)).rejects.toThrow(
      /Healthy deadline must be less than progress deadline/
    )
    expect(seen).toHaveLength(1)
  })

  it.each([
    [503, 'Service Unavailable'],
    [429, 'Too Many Requests'],
    [500, 'No cluster leader'],
    [500, 'rpc error: Not ready to serve consistent reads']
  ])('retries %s %s, then succeeds', async (status, text) => {
    let calls = 0
    const c = await start((_req, _b, res) =>
      ++calls < 3 ? reply(res, status, text) : reply(res, 200, { ID: 'web', Version: 2 }, 9)
    )
    expect((await c.readJob('web'))?.version).toBe(2)
    expect(seen).toHaveLength(3)
  })

  it('retries a connection reset', async () => {
    let calls = 0
    const c = await start((req, _b, res) =>
      ++calls === 1 ? req.socket.destroy() : reply(res, 200, null, 3)
    )
    expect((await c.readLatestDeployment('web')).value).toBeUndefined()
    expect(calls).toBe(2)
  })

  it('treats a missing X-Nomad-Index as a protocol error', async () => {
    const c = await start((_req, _b, res) => reply(res, 200, { ID: 'd1', Status: 'running' }))
    await expect(c.readDeployment('d1')).rejects.toBeInstanceOf(NomadProtocolError)
  })

  it('reads a 404 job as undefined', async () => {
    const c = await start((_req, _b, res) => reply(res, 404, 'job not found'))
    expect(await c.readJob('nope')).toBeUndefined()
  })

  it('registers with EnforceIndex and reports a conflict as "changed by someone else"', async () => {
    const c = await start((_req, _b, res) =>
      reply(
        res,
        500,
        'Enforcing job modify index 52: job exists with conflicting job modify index: 53'
      )
    )
    const error = await c.registerJob(job, 52).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(JobChangedError)
    expect(String(error)).toMatch(
      /changed by someone else since the plan.*conflicting job modify index: 53/
    )
    expect(JSON.parse(seen[0]?.body ?? '')).toMatchObject({
      EnforceIndex: true,
      JobModifyIndex: 52
    })
    expect(seen).toHaveLength(1)
  })

  it('does not register again when the lost answer’s register had landed', async () => {
    let registers = 0
    const c = await start((req, _b, res) => {
      if (req.method === 'POST') {
        registers++
        return req.socket.destroy() // applied, but the answer is lost
      }
      reply(res, 200, { ID: 'web', Version: 5, JobModifyIndex: 60, ModifyIndex: 60 }, 60)
    })
    expect(await c.registerJob(job, 52)).toMatchObject({
      landedWithoutAnswer: true,
      version: 5,
      jobModifyIndex: 60
    })
    expect(registers).toBe(1)
  })

  it('registers again when the lost register had not landed', async () => {
    let registers = 0
    const c = await start((req, _b, res) => {
      if (req.method === 'POST') {
        return ++registers === 1
          ? reply(res, 503, 'upstream unavailable')
          : reply(
              res,
              200,
              { EvalID: 'ev', JobModifyIndex: 61, EvalCreateIndex: 61, Warnings: '' },
              61
            )
      }
      reply(res, 200, { ID: 'web', Version: 4, JobModifyIndex: 52, ModifyIndex: 55 }, 55)
    })
    expect(await c.registerJob(job, 52)).toMatchObject({ evalId: 'ev', jobModifyIndex: 61 })
    expect(registers).toBe(2)
  })

  it('gives up after the bounded number of attempts with the last error', async () => {
    const c = await start((_req, _b, res) => reply(res, 502, 'Bad Gateway'))
    await expect(c.readJob('web')).rejects.toThrow(
      /HTTP 502\): Bad Gateway \(gave up on read job after 8 attempts\)/
    )
    expect(seen).toHaveLength(8)
  })

  it('never reports a non-2xx as success', async () => {
    const c = await start((_req, _b, res) => reply(res, 500, 'deployment not found'))
    const error = await c.failDeployment('x').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NomadApiError)
    expect((error as NomadApiError).status).toBe(500)
  })
})

describe('connectNomad', () => {
  it('builds a client from the NOMAD_* environment', async () => {
    await start((_req, _b, res) => reply(res, 200, { ID: 'web', Version: 3 }, 5))
    const url = `http://127.0.0.1:${(server?.address() as AddressInfo).port}`
    const c = connectNomad({
      env: { NOMAD_ADDR: url, NOMAD_TOKEN: 'env-token' },
      clock: instantClock
    })
    expect((await c.readJob('web'))?.version).toBe(3)
    c.close()
    expect(seen.at(-1)).toMatchObject({ url: '/v1/job/web', token: 'env-token' })
  })
})

describe('nomadConfigFromEnv', () => {
  it('reads the NOMAD_* conventions; verification stays on unless skipped', () => {
    const config = nomadConfigFromEnv({
      NOMAD_ADDR: 'https://nomad.example:4646/',
      NOMAD_REGION: 'ams3',
      NOMAD_CACERT: '/ca.pem',
      NOMAD_TLS_SERVER_NAME: 'server.global.nomad'
    })
    expect(config).toMatchObject({
      address: 'https://nomad.example:4646',
      region: 'ams3',
      tls: { caCert: '/ca.pem', serverName: 'server.global.nomad', skipVerify: false }
    })
    expect(nomadConfigFromEnv({ NOMAD_SKIP_VERIFY: 'true' }).tls.skipVerify).toBe(true)
    expect(() => nomadConfigFromEnv({ NOMAD_SKIP_VERIFY: 'yes' })).toThrow(/NOMAD_SKIP_VERIFY/)
    expect(() => nomadConfigFromEnv({ NOMAD_CLIENT_CERT: '/c.pem' })).toThrow(/together/)
    expect(() => nomadConfigFromEnv({ NOMAD_ADDR: 'nomad:4646' })).toThrow(/not an http/)
  })
})
