import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { systemClock } from '../../ports.js'
import { NOMAD_FIXTURES_DIR } from '../../versions.js'
import { clientFor, deploy, repoJob, withUpdate } from '../deploy/test-kit.js'
import { parseDeployment, parseAllocations, parseDeployments } from './parse-deployment.js'
import {
  parseDeploymentUpdate,
  parseEvaluation,
  parseJobInfo,
  parsePlan,
  parseRegister
} from './parse-job.js'
import { SimulatedCluster } from '../simulated/cluster.js'
import { type SimulatedNomadServer, serveSimulatedNomad } from '../simulated/http.js'

/**
 * Contract fixtures: Nomad's own answers, parsed by our client and compared field by field with
 * the simulated cluster's answers to the same requests. `fixtures/nomad-<version>/` holds, per
 * endpoint, `{ _source, response }`; `_source` says where it came from: the e2e-nomad workflow
 * records them from a real agent (artifact `nomad-fixtures`), and until one is committed the
 * set is taken from hashicorp/nomad's own API docs at that tag (website/content/api-docs).
 */
jest.setTimeout(60_000)

const FIXTURES = join(import.meta.dirname, '..', 'fixtures')
type Json = Record<string, unknown>

function load(version: string, name: string): { source: string; response: unknown } {
  const raw = JSON.parse(readFileSync(join(FIXTURES, version, `${name}.json`), 'utf8')) as Json
  return { source: String(raw['_source']), response: raw['response'] }
}

/** Object keys that are names (groups, tasks, datacenters), not fields: compare their values. */
const MAPS = new Set([
  'TaskGroups',
  'TaskStates',
  'DesiredTGUpdates',
  'FailedTGAllocs',
  'QueuedAllocations',
  'Meta',
  'Env',
  'NodesAvailable',
  'ClassFiltered',
  'ConstraintFiltered',
  'ClassExhausted',
  'DimensionExhausted',
  'Updates',
  'ScoreMetaData',
  'Scores',
  'Config',
  'Labels',
  'JobSummary',
  'Summary',
  'ResourcesExhausted',
  'AllocatedResources',
  'Children'
])

function kind(v: unknown): string {
  if (v === null || v === undefined) return 'null'
  if (Array.isArray(v)) return 'array'
  return typeof v
}

/**
 * Every field of Nomad's answer must exist in the double's with the same JSON type (recursively;
 * arrays by their first element). `null` stands for Go's nil pointer, map or slice, so it matches
 * an object or array; a number where Nomad sends a string (or the reverse) is a mismatch.
 */
export function compareFields(real: unknown, double: unknown, path = '$'): string[] {
  const a = kind(real)
  const b = kind(double)
  // The api-docs samples abbreviate with "...": a placeholder, not a value.
  if (real === '...') return []
  if (a === 'null' || b === 'null') {
    const other = a === 'null' ? b : a
    return ['null', 'object', 'array'].includes(other) ? [] : [`${path}: Nomad ${a}, double ${b}`]
  }
  if (a !== b) return [`${path}: Nomad ${a}, double ${b}`]
  if (a === 'array') {
    const [r] = real as unknown[]
    const [d] = double as unknown[]
    return r === undefined || d === undefined ? [] : compareFields(r, d, `${path}[0]`)
  }
  if (a !== 'object') return []
  const ro = real as Json
  const dobj = double as Json
  const out: string[] = []
  for (const key of Object.keys(ro)) {
    const here = `${path}.${key}`
    if (!(key in dobj)) {
      out.push(`${here}: missing in the double`)
      continue
    }
    if (MAPS.has(key) && kind(ro[key]) === 'object' && kind(dobj[key]) === 'object') {
      const rv = Object.values(ro[key] as Json)[0]
      const dv = Object.values(dobj[key] as Json)[0]
      if (rv !== undefined && dv !== undefined) out.push(...compareFields(rv, dv, `${here}[*]`))
      continue
    }
    out.push(...compareFields(ro[key], dobj[key], here))
  }
  return out
}

describe('compareFields', () => {
  it('catches a missing field, a wrong type, and accepts nil for objects', () => {
    expect(
      compareFields({ A: 1, B: 's', C: null, D: [{ E: 1 }] }, { A: 1, B: 2, C: {}, D: [{}] })
    ).toEqual(['$.B: Nomad string, double number', '$.D[0].E: missing in the double'])
    expect(
      compareFields({ TaskGroups: { web: { X: 1 } } }, { TaskGroups: { www: { X: 'a' } } })
    ).toEqual(['$.TaskGroups.[*].X: Nomad number, double string'.replace('.[*]', '[*]')])
  })
})

// The pinned version's folder only (versions.test.ts: no other `nomad-*` folder exists).
const VERSIONS = readdirSync(FIXTURES).filter(d => d === NOMAD_FIXTURES_DIR)

describe.each(VERSIONS)('%s fixtures', version => {
  let cluster: SimulatedCluster
  let server: SimulatedNomadServer
  const answers = new Map<string, unknown>()

  beforeAll(async () => {
    cluster = new SimulatedCluster({ nodes: [{}, {}], health: { healthyAfterMs: 20 } })
    server = await serveSimulatedNomad(cluster)
    const client = clientFor(server.url, systemClock)
    const get = async (path: string, init?: RequestInit): Promise<unknown> =>
      (await fetch(`${server.url}${path}`, init)).json()
    const hcl = withUpdate(repoJob('website'), 'min_healthy_time', '"10ms"')
    const v1 = { image: 'ghcr.io/elm/website@sha256:1111', version: '1' }
    await deploy(client, hcl, v1, { clock: systemClock })
    const [d] = cluster.deployments('website')
    const ev = cluster.evaluations().at(-1)
    const job = await client.parseJob(hcl, 'image = "ghcr.io/elm/website@sha256:2222"\n')
    answers.set('deployment', await get(`/v1/deployment/${d?.ID}`))
    answers.set('deployment-allocations', await get(`/v1/deployment/allocations/${d?.ID}`))
    answers.set('evaluation', await get(`/v1/evaluation/${ev?.ID}`))
    answers.set('job', await get('/v1/job/website'))
    answers.set('job-allocations', await get('/v1/job/website/allocations'))
    answers.set('job-deployments', await get('/v1/job/website/deployments'))
    const post = (body: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(body) })
    answers.set('job-plan', await get('/v1/job/website/plan', post({ Job: job.raw, Diff: true })))
    cluster.setHealthPolicy('manual')
    answers.set('job-register', await get('/v1/jobs', post({ Job: job.raw })))
    await cluster.settle()
    const [running] = cluster.deployments('website')
    answers.set(
      'deployment-fail',
      await get(`/v1/deployment/fail/${running?.ID}`, post({ DeploymentID: running?.ID }))
    )
    client.close()
  })
  afterAll(async () => {
    await server.close()
    cluster.close()
  })

  const parsers: Record<string, (v: unknown) => unknown> = {
    deployment: parseDeployment,
    'deployment-allocations': parseAllocations,
    evaluation: parseEvaluation,
    job: parseJobInfo,
    'job-allocations': parseAllocations,
    'job-deployments': parseDeployments,
    'job-plan': parsePlan,
    'job-register': parseRegister,
    'deployment-fail': parseDeploymentUpdate
  }

  it.each(Object.keys(parsers))('%s: our client parses Nomad’s answer', name => {
    const { source, response } = load(version, name)
    expect(source).toMatch(/hashicorp\/nomad|recorded/)
    const parsed = parsers[name]?.(response)
    expect(parsed).toBeDefined()
    const first = (Array.isArray(response) ? response[0] : response) as Json
    const value = (Array.isArray(parsed) ? parsed[0] : parsed) as Json
    if (typeof first['ID'] === 'string' && 'id' in value) expect(value['id']).toBe(first['ID'])
    if (typeof first['Status'] === 'string' && 'status' in value)
      expect(value['status']).toBe(first['Status'])
    if (typeof first['JobVersion'] === 'number' && 'jobVersion' in value)
      expect(value['jobVersion']).toBe(first['JobVersion'])
  })

  it.each(Object.keys(parsers))(
    '%s: the double answers every field Nomad does, typed alike',
    name => {
      const { response } = load(version, name)
      expect(compareFields(response, answers.get(name))).toEqual([])
    }
  )
})
