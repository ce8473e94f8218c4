import { type IncomingMessage, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { SimulatedCluster } from './cluster.js'
import { NomadError } from './errors.js'
import { FaultInjector, type FaultRule, faultBody } from './fault-injector.js'
import { parseQuery, requestToken } from './http-request.js'
import { blockingRead, bodySecretId, readBody, send, sendError } from './http-respond.js'
import { routeRequest } from './http-routes.js'

export type { FaultRule } from './fault-injector.js'

/** One request the simulated agent received. */
export interface RequestLogEntry {
  readonly method: string
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  /** HTTP status sent, or `reset` when the connection was dropped. */
  status: number | 'reset'
  /** Cluster-clock time the request arrived (epoch ms). */
  readonly timestamp: number
  /** Whether an injected fault hit this request. */
  faulted: boolean
}

/** Options of the HTTP layer over a simulated cluster. */
export interface SimulatedNomadHttpOptions {
  /** ACLs on: requests need this token (`X-Nomad-Token` or `Authorization: Bearer`). */
  readonly aclToken?: string
  readonly faults?: readonly FaultRule[]
  /** Seed of the RNG behind fault probabilities (default 1). */
  readonly seed?: number
  /** Cap on a blocking query's wait (default 300 000 ms, Nomad's MaxBlockingRPCQueryTime). */
  readonly maxWaitMs?: number
}

/** A running simulated Nomad agent. */
export interface SimulatedNomadServer {
  /** Base address, e.g. `http://127.0.0.1:43121`. */
  readonly url: string
  /** Every request so far, in arrival order. */
  readonly requests: RequestLogEntry[]
  readonly faults: FaultInjector
  /** Turns ACLs on (a token) or off (undefined). */
  setAclToken(token: string | undefined): void
  close(): Promise<void>
}

/** Serves the simulated cluster's Nomad HTTP API on 127.0.0.1 (a free port). */
export async function serveSimulatedNomad(
  cluster: SimulatedCluster,
  options: SimulatedNomadHttpOptions = {}
): Promise<SimulatedNomadServer> {
  const requests: RequestLogEntry[] = []
  const faults = new FaultInjector(options.faults ?? [], options.seed ?? 1)
  let aclToken = options.aclToken
  const maxWaitMs = options.maxWaitMs ?? 300_000

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const method = (req.method ?? 'GET').toUpperCase()
    const entry: RequestLogEntry = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      timestamp: cluster.clock.now(),
      faulted: false
    }
    requests.push(entry)
    const closed = new Promise<void>(resolve => res.on('close', () => resolve()))
    const bodyText = await readBody(req)
    const fault = faults.pick(method, url.pathname)
    if (fault) entry.faulted = true
    if (fault && fault.delayMs > 0) await new Promise(resolve => setTimeout(resolve, fault.delayMs))
    const applyFault = (): boolean => {
      if (!fault || (fault.rule.status === undefined && !fault.rule.reset)) return false
      if (fault.rule.reset) {
        entry.status = 'reset'
        req.socket.destroy()
      } else {
        entry.status = fault.rule.status ?? 500
        send(res, entry.status, faultBody(fault.rule), 'text/plain; charset=utf-8')
      }
      return true
    }
    if (fault?.when === 'before' && applyFault()) return
    try {
      if (aclToken !== undefined && url.pathname !== '/v1/status/leader') {
        const token = requestToken(req.headers) || bodySecretId(method, url.pathname, bodyText)
        if (token === '') throw new NomadError(403, 'Permission denied')
        if (token !== aclToken) throw new NomadError(403, 'ACL token not found')
      }
      const q = parseQuery(url.searchParams)
      if (q.region && q.region !== cluster.engine.settings.region)
        throw new NomadError(500, 'No path to region')
      const route = routeRequest(cluster.engine, method, url.pathname, q, bodyText)
      let body: unknown
      let headers: Record<string, string>
      if (route.kind === 'read') {
        const waitMs = Math.min(q.waitMs ?? maxWaitMs, maxWaitMs)
        const result = await blockingRead(cluster.engine, route.read, q.index, waitMs, closed)
        body = result.body
        headers = {
          'X-Nomad-Index': String(result.index),
          'X-Nomad-LastContact': '0',
          'X-Nomad-KnownLeader': 'true'
        }
      } else {
        body = await route.run()
        headers = { 'X-Nomad-Index': String(cluster.engine.store.index) }
      }
      if (fault?.when === 'after' && applyFault()) return
      entry.status = 200
      send(
        res,
        200,
        JSON.stringify(body, null, q.pretty ? 4 : undefined),
        'application/json',
        headers
      )
    } catch (error) {
      if (fault?.when === 'after' && applyFault()) return
      entry.status = sendError(res, error)
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, error)
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    faults,
    setAclToken: token => {
      aclToken = token
    },
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
