import { parseJobHcl } from '../job-diff/json.js'
import { allocationHealth, fail, pause, promote } from './api-deployments.js'
import { deregisterJob, revertJob, setStable } from './api-jobs.js'
import * as reads from './api-reads.js'
import { planJob, registerJob, validateJobRequest, type Scope } from './api-writes.js'
import type { Engine } from './engine.js'
import { NomadError, nomadErrors } from './errors.js'
import { decodeBody, type QueryOptions } from './http-request.js'

/** A matched route: a (possibly blocking) read, or a write answered with its body. */
export type Route =
  | { readonly kind: 'read'; readonly read: () => reads.ReadResult }
  | { readonly kind: 'write'; readonly run: () => Promise<unknown> }

type Loose = Record<string, unknown>

const JOB_SUFFIXES = [
  '/evaluate',
  '/allocations',
  '/evaluations',
  '/periodic/force',
  '/plan',
  '/summary',
  '/dispatch',
  '/versions',
  '/revert',
  '/deployments',
  '/deployment',
  '/stable',
  '/scale',
  '/services',
  '/submission',
  '/actions',
  '/action',
  '/tag'
]

function isWrite(method: string): boolean {
  return method === 'PUT' || method === 'POST'
}

function read(method: string, fn: () => reads.ReadResult): Route {
  if (method !== 'GET') throw nomadErrors.invalidMethod()
  return { kind: 'read', read: fn }
}

function write(method: string, fn: () => Promise<unknown> | unknown): Route {
  if (!isWrite(method)) throw nomadErrors.invalidMethod()
  return { kind: 'write', run: async () => fn() }
}

function scopeOf(q: QueryOptions): Scope {
  return {
    ...(q.params.get('namespace') ? { namespace: q.namespace } : {}),
    ...(q.region ? { region: q.region } : {})
  }
}

function jobRoute(
  engine: Engine,
  method: string,
  rest: string,
  q: QueryOptions,
  body: () => Loose
): Route {
  const suffix = JOB_SUFFIXES.find(s => rest.endsWith(s))
  const id = decodeURIComponent(suffix ? rest.slice(0, -suffix.length) : rest)
  const ns = q.namespace
  switch (suffix) {
    case undefined:
      if (method === 'GET') return read(method, () => reads.readJob(engine, ns, id))
      if (method === 'DELETE')
        return {
          kind: 'write',
          run: async () => deregisterJob(engine, ns, id, q.params.get('purge') === 'true')
        }
      return write(method, () => registerJob(engine, body(), scopeOf(q), id))
    case '/plan':
      return write(method, () => planJob(engine, id, body(), scopeOf(q)))
    case '/versions':
      return read(method, () =>
        reads.readVersions(engine, ns, id, q.params.get('diffs') === 'true')
      )
    case '/submission': {
      // `jobSubmissionCRUD` parses the version (a required uint64) before it looks at the method.
      const version = q.params.get('version') ?? ''
      if (!/^\d{1,20}$/.test(version) || BigInt(version) >= 2n ** 64n) {
        throw nomadErrors.badRequest('Unable to parse job submission version parameter')
      }
      return read(method, () => reads.readSubmission(engine, ns, id, Number(version)))
    }
    case '/deployment':
      return read(method, () => reads.readLatestDeployment(engine, ns, id))
    case '/deployments':
      return read(method, () =>
        reads.readJobDeployments(engine, ns, id, q.params.get('all') === 'true')
      )
    case '/allocations':
      return read(method, () => reads.readJobAllocations(engine, ns, id))
    case '/evaluations':
      return read(method, () => reads.readJobEvaluations(engine, ns, id))
    case '/summary':
      return read(method, () => reads.readJobSummary(engine, ns, id))
    case '/revert':
      return write(method, () => revertJob(engine, ns, id, body()))
    case '/stable':
      return write(method, () => setStable(engine, ns, id, body()))
    default:
      throw new NomadError(501, `${suffix} is not implemented by the simulated cluster`)
  }
}

function deploymentRoute(
  engine: Engine,
  method: string,
  rest: string,
  body: (required: boolean) => Loose
): Route {
  const [prefix, ...tail] = rest.split('/')
  const id = tail.join('/')
  switch (prefix) {
    case 'allocations':
      return read(method, () => reads.readDeploymentAllocations(engine, id))
    case 'promote':
      return write(method, () => promote(engine, id, body(true)))
    case 'fail':
      return write(method, () => fail(engine, id))
    case 'pause':
      return write(method, () => pause(engine, id, body(true)))
    case 'allocation-health':
      return write(method, () => allocationHealth(engine, id, body(true)))
    case 'unblock':
      return write(method, () => {
        throw nomadErrors.server('deployment must be multiregion to unblock')
      })
    default:
      return read(method, () => reads.readDeployment(engine, rest))
  }
}

/** Matches a request to the simulated agent's handler (Nomad's mux and suffix dispatch). */
export function routeRequest(
  engine: Engine,
  method: string,
  path: string,
  q: QueryOptions,
  bodyText: string
): Route {
  const body = (required = true): Loose => decodeBody(bodyText, required)
  if (path === '/v1/jobs') {
    if (method === 'GET')
      return read(method, () => reads.listJobs(engine, q.namespace, q.params.get('prefix') ?? ''))
    return write(method, () => registerJob(engine, body(), scopeOf(q)))
  }
  if (path === '/v1/jobs/parse') {
    return write(method, async () => {
      const b = body()
      return parseJobHcl({
        hcl: String(b.JobHCL ?? ''),
        variables: String(b.Variables ?? ''),
        canonicalize: b.Canonicalize === true
      })
    })
  }
  if (path === '/v1/validate/job')
    return write(method, () => validateJobRequest(engine, body(), scopeOf(q)))
  if (path.startsWith('/v1/job/'))
    return jobRoute(engine, method, path.slice('/v1/job/'.length), q, body)
  if (path.startsWith('/v1/evaluation/'))
    return read(method, () => reads.readEvaluation(engine, path.slice('/v1/evaluation/'.length)))
  if (path === '/v1/deployments')
    return read(method, () => reads.listDeployments(engine, q.namespace))
  if (path.startsWith('/v1/deployment/'))
    return deploymentRoute(engine, method, path.slice('/v1/deployment/'.length), body)
  if (path === '/v1/allocations')
    return read(method, () => reads.listAllocations(engine, q.namespace))
  if (path.startsWith('/v1/allocation/'))
    return read(method, () => reads.readAllocation(engine, path.slice('/v1/allocation/'.length)))
  if (path === '/v1/agent/self') return read(method, () => reads.readAgentSelf(engine))
  if (path === '/v1/status/leader')
    return read(method, () => ({ body: '127.0.0.1:4647', index: engine.store.index }))
  throw new NomadError(404, '404 page not found')
}
