import { randomUUID } from 'node:crypto'
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A stand-in for the Consul and Nomad HTTP APIs the playbook calls, on 127.0.0.1 (port 0), with
 * one shared state for the three test hosts. Shapes and status codes follow the sources:
 * - Consul: agent/acl_endpoint.go (policies, tokens by AccessorID, token/self), agent/http.go wrap
 *   (acl.ErrNotFound → 403 "ACL not found"), agent/operator_endpoint.go OperatorServerHealth and
 *   api/operator_autopilot.go OperatorHealthReply (429 while unhealthy), /v1/status/leader "ip:port".
 * - Nomad: command/agent/acl_endpoint.go (bootstrap 400 "ACL bootstrap already done", token/self),
 *   nomad/acl_endpoint.go upsertTokens (uploads with AccessorID+SecretID), api/nodes.go (NodeListStub,
 *   drain NodeUpdateDrainRequest, eligibility), api/variables.go, api/operator.go
 *   (SchedulerConfiguration + cas), command/agent/http.go (403 "Permission denied").
 * An agent joins when its config is validated on a host (the stand-in binary calls /_standin/configured),
 * as a real agent joins once systemd starts it with that config; a cluster has a leader at 3.
 */
export interface StandInCluster {
  readonly consulUrl: string
  readonly nomadUrl: string
  readonly requests: Array<{ product: 'consul' | 'nomad'; method: string; path: string }>
  readonly consul: ConsulState
  readonly nomad: NomadState
  /** Nomad's autopilot answers healthy this many more times, then 429 unhealthy. */
  nomadHealthyAnswers: number
  close(): Promise<void>
}

interface ConsulState {
  configured: string[]
  policies: Map<string, { ID: string; Name: string; Description: string; Rules: string }>
  tokens: Map<
    string,
    { AccessorID: string; SecretID: string; Description: string; Policies: Array<{ Name: string }> }
  >
  authMethods: Map<string, unknown>
  roles: Map<string, unknown>
  bindingRules: Array<{
    ID: string
    AuthMethod: string
    BindType: string
    BindName: string
    Selector: string
  }>
}

interface NomadNode {
  ID: string
  Name: string
  Status: string
  SchedulingEligibility: string
  Drain: boolean
  DrainStrategy: unknown
  LastDrain: { Meta: Record<string, string> } | null
}

interface NomadState {
  configured: string[]
  bootstrapSecret?: string
  policies: Map<string, { Name: string; Description: string; Rules: string }>
  tokens: Map<
    string,
    { AccessorID: string; SecretID: string; Name: string; Type: string; Policies: string[] }
  >
  nodes: Map<string, NomadNode>
  variables: Map<string, { Namespace: string; Path: string; Items: Record<string, string> }>
  scheduler: Record<string, unknown> & {
    MemoryOversubscriptionEnabled: boolean
    ModifyIndex: number
  }
  jobs: Set<string>
}

const SERVERS = 3

async function body(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const text = Buffer.concat(chunks).toString('utf8')
  return text === '' ? {} : JSON.parse(text)
}

function send(res: ServerResponse, status: number, payload: unknown): void {
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload)
  res.writeHead(status, {
    'Content-Type': typeof payload === 'string' ? 'text/plain' : 'application/json'
  })
  res.end(text)
}

/** A JSON value, even a bare string (GET /v1/status/leader answers "ip:port" as JSON). */
function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify(value))
}

function health(names: readonly string[], healthy: boolean): unknown {
  return {
    Healthy: healthy,
    FailureTolerance: healthy ? 1 : 0,
    Servers: names.map((Name, i) => ({
      ID: `id-${Name}`,
      Name,
      Address: `10.10.0.${i + 2}:8300`,
      SerfStatus: 'alive',
      Leader: i === names.length - 1,
      LastIndex: 100,
      LastTerm: 2,
      Healthy: healthy || i !== 1,
      Voter: true
    }))
  }
}

export async function startStandInCluster(leaderIp: string): Promise<StandInCluster> {
  const consul: ConsulState = {
    configured: [],
    policies: new Map(),
    tokens: new Map(),
    authMethods: new Map(),
    roles: new Map(),
    bindingRules: []
  }
  const nomad: NomadState = {
    configured: [],
    policies: new Map(),
    tokens: new Map(),
    nodes: new Map(),
    variables: new Map(),
    scheduler: {
      SchedulerAlgorithm: 'binpack',
      MemoryOversubscriptionEnabled: false,
      ModifyIndex: 5
    },
    jobs: new Set()
  }
  const requests: StandInCluster['requests'] = []
  const state = { nomadHealthyAnswers: Number.POSITIVE_INFINITY }
  let managementConsul: string | undefined

  const consulHandler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://x')
    const path = url.pathname
    const method = req.method ?? 'GET'
    requests.push({ product: 'consul', method, path })
    if (path === '/_standin/configured') {
      const host = url.searchParams.get('host') ?? ''
      if (!consul.configured.includes(host)) consul.configured.push(host)
      managementConsul = url.searchParams.get('management') ?? managementConsul
      return send(res, 200, {})
    }
    const formed = consul.configured.length >= SERVERS
    if (path === '/v1/status/leader') return sendJson(res, 200, formed ? `${leaderIp}:8300` : '')
    if (!formed) return send(res, 500, 'No cluster leader')
    if (path === '/v1/operator/autopilot/health')
      return send(res, 200, health(consul.configured, true))
    const token = req.headers['x-consul-token']
    if (managementConsul === undefined || token !== managementConsul)
      return send(res, 403, 'Permission denied')
    const notFound = (): void => send(res, 403, 'ACL not found')
    if (path === '/v1/acl/token/self')
      return send(res, 200, { SecretID: token, Policies: [{ Name: 'global-management' }] })
    let m = /^\/v1\/acl\/policy\/name\/(.+)$/.exec(path)
    if (m) {
      const p = consul.policies.get(m[1] ?? '')
      return p ? send(res, 200, p) : notFound()
    }
    if ((m = /^\/v1\/acl\/policy(?:\/(.+))?$/.exec(path)) && method === 'PUT') {
      const b = (await body(req)) as { Name: string; Description: string; Rules: string }
      const ID = m[1] ?? randomUUID()
      consul.policies.set(b.Name, { ID, ...b })
      return send(res, 200, { ID, ...b })
    }
    if ((m = /^\/v1\/acl\/token\/(.+)$/.exec(path)) && method === 'GET') {
      const t = consul.tokens.get(m[1] ?? '')
      return t ? send(res, 200, t) : notFound()
    }
    if ((m = /^\/v1\/acl\/token(?:\/(.+))?$/.exec(path)) && method === 'PUT') {
      const b = (await body(req)) as ConsulState['tokens'] extends Map<string, infer T> ? T : never
      for (const p of b.Policies)
        if (!consul.policies.has(p.Name)) return send(res, 500, `ACL policy ${p.Name} not found`)
      consul.tokens.set(b.AccessorID, b)
      return send(res, 200, b)
    }
    if ((m = /^\/v1\/acl\/auth-method(?:\/(.+))?$/.exec(path))) {
      if (method === 'GET')
        return consul.authMethods.has(m[1] ?? '')
          ? send(res, 200, consul.authMethods.get(m[1] ?? ''))
          : notFound()
      const b = (await body(req)) as { Name: string }
      consul.authMethods.set(b.Name, b)
      return send(res, 200, b)
    }
    if ((m = /^\/v1\/acl\/role\/name\/(.+)$/.exec(path)))
      return consul.roles.has(m[1] ?? '')
        ? send(res, 200, consul.roles.get(m[1] ?? ''))
        : notFound()
    if (path === '/v1/acl/role' && method === 'PUT') {
      const b = (await body(req)) as { Name: string }
      consul.roles.set(b.Name, { ID: randomUUID(), ...b })
      return send(res, 200, b)
    }
    if (path === '/v1/acl/binding-rules')
      return send(
        res,
        200,
        consul.bindingRules.filter(r => r.AuthMethod === url.searchParams.get('authmethod'))
      )
    if (path === '/v1/acl/binding-rule' && method === 'PUT') {
      const b = (await body(req)) as ConsulState['bindingRules'][number]
      const rule = { ...b, ID: randomUUID() }
      consul.bindingRules.push(rule)
      return send(res, 200, rule)
    }
    send(res, 404, `stand-in Consul: no route ${method} ${path}`)
  }

  const nomadToken = (
    req: IncomingMessage
  ): { management: boolean; policies: string[] } | undefined => {
    const secret = req.headers['x-nomad-token']
    if (nomad.bootstrapSecret !== undefined && secret === nomad.bootstrapSecret)
      return { management: true, policies: [] }
    const t = [...nomad.tokens.values()].find(x => x.SecretID === secret)
    return t ? { management: false, policies: t.Policies } : undefined
  }

  const nomadHandler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://x')
    const path = url.pathname
    const method = req.method ?? 'GET'
    requests.push({ product: 'nomad', method, path })
    if (path === '/_standin/configured') {
      const host = url.searchParams.get('host') ?? ''
      if (!nomad.configured.includes(host)) nomad.configured.push(host)
      if (!nomad.nodes.has(host))
        nomad.nodes.set(host, {
          ID: randomUUID(),
          Name: host,
          Status: 'ready',
          SchedulingEligibility: 'eligible',
          Drain: false,
          DrainStrategy: null,
          LastDrain: null
        })
      return send(res, 200, {})
    }
    const formed = nomad.configured.length >= SERVERS
    if (path === '/v1/status/leader') return sendJson(res, 200, formed ? `${leaderIp}:4647` : '')
    if (!formed) return send(res, 500, 'No cluster leader')
    if (path === '/v1/acl/bootstrap') {
      if (nomad.bootstrapSecret !== undefined)
        return send(res, 400, 'ACL bootstrap already done (reset index: 7)')
      const b = (await body(req)) as { BootstrapSecret: string }
      nomad.bootstrapSecret = b.BootstrapSecret
      return send(res, 200, {
        AccessorID: randomUUID(),
        SecretID: b.BootstrapSecret,
        Name: 'Bootstrap Token',
        Type: 'management'
      })
    }
    const who = nomadToken(req)
    if (who === undefined) return send(res, 403, 'Permission denied')
    const may = (policy: string): boolean => who.management || who.policies.includes(policy)
    if (path === '/v1/acl/token/self')
      return send(res, 200, { Type: who.management ? 'management' : 'client' })
    if (path === '/v1/operator/autopilot/health') {
      const healthy = state.nomadHealthyAnswers > 0
      state.nomadHealthyAnswers -= 1
      return send(res, healthy ? 200 : 429, health(nomad.configured, healthy))
    }
    if (path === '/v1/nodes' && may('drain')) return send(res, 200, [...nomad.nodes.values()])
    let m = /^\/v1\/node\/([^/]+)(\/drain|\/eligibility|\/allocations)?$/.exec(path)
    if (m && may('drain')) {
      const node = [...nomad.nodes.values()].find(n => n.ID === m?.[1])
      if (!node) return send(res, 404, 'node not found')
      if (m[2] === '/drain') {
        const b = (await body(req)) as {
          DrainSpec: { Deadline: number; IgnoreSystemJobs: boolean }
          Meta: Record<string, string>
        }
        if (typeof b.DrainSpec.Deadline !== 'number' || b.DrainSpec.IgnoreSystemJobs !== true)
          return send(res, 400, `stand-in: unexpected DrainSpec ${JSON.stringify(b.DrainSpec)}`)
        // The drain finishes at once: no DrainStrategy left, the node ineligible (nodeToggleDrain).
        Object.assign(node, {
          SchedulingEligibility: 'ineligible',
          Drain: false,
          DrainStrategy: null,
          LastDrain: { Meta: b.Meta }
        })
        return send(res, 200, { Index: 10 })
      }
      if (m[2] === '/eligibility') {
        const b = (await body(req)) as { Eligibility: string }
        node.SchedulingEligibility = b.Eligibility
        return send(res, 200, { Index: 11 })
      }
      if (m[2] === '/allocations')
        return send(
          res,
          200,
          nomad.jobs.has('traefik') ? [{ JobID: 'traefik', ClientStatus: 'running' }] : []
        )
      return send(res, 200, node)
    }
    if ((m = /^\/v1\/job\/(.+)$/.exec(path)))
      return nomad.jobs.has(m[1] ?? '')
        ? send(res, 200, { ID: m[1] })
        : send(res, 404, 'job not found')
    if (!who.management) return send(res, 403, 'Permission denied')
    if ((m = /^\/v1\/acl\/policy\/(.+)$/.exec(path))) {
      if (method === 'GET')
        return nomad.policies.has(m[1] ?? '')
          ? send(res, 200, nomad.policies.get(m[1] ?? ''))
          : send(res, 404, 'ACL policy not found')
      const b = (await body(req)) as { Name: string; Description: string; Rules: string }
      if (b.Name !== m[1]) return send(res, 400, 'ACL policy name does not match request path')
      nomad.policies.set(b.Name, b)
      return send(res, 200, {})
    }
    if ((m = /^\/v1\/acl\/token\/(.+)$/.exec(path)) && method === 'GET')
      return nomad.tokens.has(m[1] ?? '')
        ? send(res, 200, nomad.tokens.get(m[1] ?? ''))
        : send(res, 404, 'ACL token not found')
    if (/^\/v1\/acl\/token(\/.+)?$/.test(path) && method === 'POST') {
      const b = (await body(req)) as NomadState['tokens'] extends Map<string, infer T> ? T : never
      if (b.Type !== 'client') return send(res, 400, `cannot find token ${b.AccessorID}`)
      nomad.tokens.set(b.AccessorID, b)
      return send(res, 200, b)
    }
    if ((m = /^\/v1\/var\/(.+)$/.exec(path))) {
      if (method === 'GET')
        return nomad.variables.has(m[1] ?? '')
          ? send(res, 200, nomad.variables.get(m[1] ?? ''))
          : send(res, 404, 'variable not found')
      const b = (await body(req)) as {
        Namespace: string
        Path: string
        Items: Record<string, string>
      }
      nomad.variables.set(m[1] ?? '', b)
      return send(res, 200, b)
    }
    if (path === '/v1/operator/scheduler/configuration') {
      if (method === 'GET') return send(res, 200, { SchedulerConfig: nomad.scheduler })
      if (url.searchParams.get('cas') !== String(nomad.scheduler.ModifyIndex))
        return send(res, 200, { Updated: false })
      const b = (await body(req)) as NomadState['scheduler']
      Object.assign(nomad.scheduler, b, { ModifyIndex: nomad.scheduler.ModifyIndex + 1 })
      return send(res, 200, { Updated: true })
    }
    send(res, 404, `stand-in Nomad: no route ${method} ${path}`)
  }

  const listen = async (handler: typeof consulHandler): Promise<Server> => {
    const server = createServer((req, res) => {
      handler(req, res).catch((error: unknown) => send(res, 500, String(error)))
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    return server
  }
  const [c, n] = await Promise.all([listen(consulHandler), listen(nomadHandler)])
  const url = (s: Server): string => `http://127.0.0.1:${(s.address() as AddressInfo).port}`
  return {
    consulUrl: url(c),
    nomadUrl: url(n),
    requests,
    consul,
    nomad,
    get nomadHealthyAnswers() {
      return state.nomadHealthyAnswers
    },
    set nomadHealthyAnswers(v: number) {
      state.nomadHealthyAnswers = v
    },
    close: async () => {
      await Promise.all([c, n].map(s => new Promise(resolve => s.close(resolve))))
    }
  }
}
