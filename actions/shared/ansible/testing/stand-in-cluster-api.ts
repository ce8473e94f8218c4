import { parse as parseHcl } from '@cdktf/hcl2json'
import { generateKeyPairSync, randomUUID } from 'node:crypto'
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { request as httpRequest } from 'node:http'
import {
  type AddressInfo,
  type Server as NetServer,
  createServer as createNetServer
} from 'node:net'
import { type Server as TlsServer, createServer as createTlsServer } from 'node:tls'

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
 * An agent joins when its config is validated on a host (the stand-in binary posts the config and the
 * TLS files it names to the control URL, plain HTTP, standing in for systemd starting the agent);
 * a cluster has a leader at 3.
 *
 * Each API listens the way the config it was given says (`listenAsConfigured`): nothing answers
 * before an agent is configured; then TLS with the configured certificate, and a client
 * certificate from the configured CA required when the config asks for one:
 * - Nomad: `tls { http = true }` wraps the HTTP listener in TLS (command/agent/http.go
 *   NewHTTPServers: tls.NewListener with tlsConf.IncomingTLSConfig()); `verify_https_client = true`
 *   is helper/tlsutil/config.go IncomingTLSConfig's `tls.RequireAndVerifyClientCert`: the handshake
 *   fails without a client certificate from ca_file, so no HTTP answer at all.
 * - Consul: the HTTPS port (`ports.https`) with `tls.https.verify_incoming` (falling back to
 *   `tls.defaults.verify_incoming`: agent/config/builder.go; tlsutil/config.go IncomingHTTPSConfig).
 * The auth method check is Consul's: PUT /v1/acl/auth-method[/:name] (agent/consul/acl_endpoint.go
 * AuthMethodSet → authmethod.NewValidator → internal/go-sso/oidcauth/config.go Config.Validate)
 * fetches Config.JWKSURL with an HTTP client that trusts Config.JWKSCACert and presents NO client
 * certificate (oidcauth createHTTPClient: only RootCAs), and answers 500 "Invalid Auth Method: error
 * checking JWKSURL: …" (agent/http.go: an RPC error is a 500) when that fetch fails.
 */
export interface StandInCluster {
  readonly consulUrl: string
  readonly nomadUrl: string
  /** Plain HTTP: where the stand-in binaries report a validated config (the stand-in's "systemd"). */
  readonly controlUrl: string
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
  authMethods: Map<string, AuthMethod>
  roles: Map<string, unknown>
  bindingRules: Array<{
    ID: string
    AuthMethod: string
    BindType: string
    BindName: string
    Selector: string
  }>
}

interface AuthMethod {
  Name: string
  Type: string
  MaxTokenTTL?: string
  TokenLocality?: string
  Config: { JWKSURL?: string; JWKSCACert?: string } & Record<string, unknown>
  [key: string]: unknown
}

/** What one agent's rendered config says about its HTTPS listener (parsed with HCL). */
export interface ListenerTls {
  readonly cert: string
  readonly key: string
  readonly ca: string
  readonly requireClientCert: boolean
}

interface NomadNode {
  ID: string
  Name: string
  Status: string
  CreateIndex: number
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

/** Passes a request on to `base` unchanged (method, path, query, body) and its answer back. */
function forward(req: IncomingMessage, res: ServerResponse, base: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const upstream = httpRequest(
      new URL(req.url ?? '/', base),
      { method: req.method ?? 'GET', headers: { 'content-type': 'application/json' } },
      answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
        answer.on('end', resolve)
      }
    )
    upstream.on('error', reject)
    res.on('close', () => upstream.destroy())
    req.pipe(upstream)
  })
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

/**
 * What the stand-in Nomad has no model of itself. `scheduler`: the address of a simulated Nomad
 * (nomad/simulated/http.ts) that answers everything about jobs, evaluations, deployments,
 * allocations and volumes; the stand-in checks TLS and the ACL token first, as the real agent
 * does, and forwards the request unchanged.
 */
export interface StandInOptions {
  readonly scheduler?: string
}

/**
 * Which requests a Nomad token with these policies may make of the scheduler, from the policies
 * the cluster_acl role writes (ansible/roles/cluster_acl/defaults/main.yml): `deploy` has
 * submit-job, `drift` read-job and parse-job, `drain` read-job. Nomad checks them per endpoint
 * (nomad/job_endpoint.go: Register, Plan and deployment fail/promote need submit-job; reads need
 * read-job; nomad/job_endpoint.go Parse needs parse-job).
 */
export function schedulerAllows(
  policies: readonly string[],
  method: string,
  path: string
): boolean {
  if (policies.includes('deploy')) return true
  if (method === 'GET') return policies.includes('drift') || policies.includes('drain')
  return policies.includes('drift') && path === '/v1/jobs/parse'
}

export async function startStandInCluster(
  leaderIp: string,
  options: StandInOptions = {}
): Promise<StandInCluster> {
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
  const tlsOf: { consul?: ListenerTls; nomad?: ListenerTls } = {}
  // Nomad's public signing key, as GET /.well-known/jwks.json lists it (keyring_endpoint.go
  // JWKSRequest: {"keys": [JSONWebKey{kid, alg, use, …}]}).
  const jwk = {
    ...generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' }),
    kid: randomUUID(),
    alg: 'RS256',
    use: 'sig'
  }
  let nextIndex = 100

  const control = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (url.pathname !== '/_standin/configured' || req.method !== 'POST')
      return send(res, 404, 'stand-in control: POST /_standin/configured only')
    const b = (await body(req)) as ConfiguredReport
    const parsed = (await parseHcl(`${b.product}.hcl`, b.config)) as HclDocument
    if (b.product === 'consul') {
      tlsOf.consul ??= consulListenerTls(parsed, b.files)
      if (!consul.configured.includes(b.host)) consul.configured.push(b.host)
      managementConsul = first(first(parsed.acl)?.['tokens'])?.['initial_management'] as string
      return send(res, 200, {})
    }
    tlsOf.nomad ??= nomadListenerTls(parsed, b.files)
    if (!nomad.configured.includes(b.host)) nomad.configured.push(b.host)
    // A replaced host registers a new node record under the same name (a new node ID); the old
    // record stays, down, until Nomad garbage-collects it.
    const known = [...nomad.nodes.values()].find(n => n.Name === b.host && n.Status === 'ready')
    if (!known) {
      const ID = randomUUID()
      nomad.nodes.set(ID, {
        ID,
        Name: b.host,
        Status: 'ready',
        CreateIndex: (nextIndex += 1),
        SchedulingEligibility: 'eligible',
        Drain: false,
        DrainStrategy: null,
        LastDrain: null
      })
    }
    return send(res, 200, {})
  }

  /** Consul's JWT validator fetching the JWKS: the configured CA, no client certificate. */
  const fetchJwks = (config: AuthMethod['Config']): Promise<void> =>
    new Promise((resolve, reject) => {
      if (config.JWKSURL === undefined) return resolve()
      const req = httpsRequest(
        config.JWKSURL,
        {
          method: 'GET',
          timeout: 10_000,
          ...(config.JWKSCACert === undefined ? {} : { ca: config.JWKSCACert })
        },
        res => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => {
            // go-oidc remoteKeySet.updateKeys: a non-200 is "oidc: get keys failed", a body that
            // is no key set "oidc: failed to decode keys".
            if (res.statusCode !== 200)
              return reject(new Error(`oidc: get keys failed: ${res.statusCode}`))
            try {
              const set = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { keys?: unknown }
              if (!Array.isArray(set.keys)) throw new Error('no keys')
              resolve()
            } catch {
              reject(new Error('oidc: failed to decode keys'))
            }
          })
        }
      )
      req.on('timeout', () => req.destroy(new Error('timeout')))
      req.on('error', reject)
      req.end()
    })

  const consulHandler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://x')
    const path = url.pathname
    const method = req.method ?? 'GET'
    requests.push({ product: 'consul', method, path })
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
      // PUT /v1/acl/auth-method creates, PUT /v1/acl/auth-method/:name updates (agent/acl_endpoint.go
      // ACLAuthMethodCreate / ACLAuthMethodUpdate: a body Name must match the path's).
      const b = (await body(req)) as AuthMethod
      if (m[1] !== undefined && b.Name !== m[1])
        return send(res, 400, 'Auth Method Name in URL and payload do not match')
      const existing = consul.authMethods.get(b.Name)
      if (existing && existing.Type !== b.Type)
        return send(res, 500, 'the Type field of an Auth Method is immutable')
      try {
        await fetchJwks(b.Config)
      } catch (error) {
        return send(
          res,
          500,
          `Invalid Auth Method: error checking JWKSURL: fetching keys ${(error as Error).message}`
        )
      }
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
    // PUT /v1/acl/binding-rule/:id updates (ACLBindingRuleUpdate: the ID in the body, if any, must
    // match); DELETE removes.
    if ((m = /^\/v1\/acl\/binding-rule\/(.+)$/.exec(path))) {
      const i = consul.bindingRules.findIndex(r => r.ID === m?.[1])
      if (i < 0) return notFound()
      if (method === 'DELETE') {
        consul.bindingRules.splice(i, 1)
        return send(res, 200, true)
      }
      const b = (await body(req)) as ConsulState['bindingRules'][number]
      const rule = { ...b, ID: m[1] ?? '' }
      consul.bindingRules[i] = rule
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
    // Unauthenticated, like Nomad's (keyring_endpoint.go JWKSRequest: GET only, no ACL check).
    if (path === '/.well-known/jwks.json')
      return method === 'GET' ? send(res, 200, { keys: [jwk] }) : send(res, 405, 'Invalid method')
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
      const node = nomad.nodes.get(m[1] ?? '')
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
    // Everything else of Nomad's API goes to the simulated scheduler, when there is one.
    if (
      options.scheduler !== undefined &&
      !/^\/v1\/(acl|var|operator|nodes?|status)(\/|$)/.test(path)
    ) {
      if (!who.management && !schedulerAllows(who.policies, method, path))
        return send(res, 403, 'Permission denied')
      return forward(req, res, options.scheduler)
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

  const http = (handler: typeof consulHandler): Server =>
    createServer((req, res) => {
      handler(req, res).catch((error: unknown) => send(res, 500, String(error)))
    })
  const listen = async (server: NetServer | Server): Promise<NetServer | Server> => {
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    return server
  }
  const [c, n, k] = await Promise.all([
    listen(listenAsConfigured(http(consulHandler), () => tlsOf.consul)),
    listen(listenAsConfigured(http(nomadHandler), () => tlsOf.nomad)),
    listen(http(control))
  ])
  const port = (s: NetServer | Server): number => (s.address() as AddressInfo).port
  return {
    consulUrl: `https://127.0.0.1:${port(c)}`,
    nomadUrl: `https://127.0.0.1:${port(n)}`,
    controlUrl: `http://127.0.0.1:${port(k)}`,
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
      await Promise.all([c, n, k].map(s => new Promise(resolve => s.close(resolve))))
    }
  }
}

interface ConfiguredReport {
  readonly product: 'consul' | 'nomad'
  readonly host: string
  readonly config: string
  /** The files the config names (ca_file, cert_file, key_file), by path, as read on the host. */
  readonly files: Record<string, string>
}

type HclDocument = Record<string, Array<Record<string, unknown>> | undefined>

function first(blocks: unknown): Record<string, unknown> | undefined {
  return Array.isArray(blocks) ? (blocks[0] as Record<string, unknown> | undefined) : undefined
}

function fileOf(files: Record<string, string>, path: unknown, what: string): string {
  const text = typeof path === 'string' ? files[path] : undefined
  if (text === undefined) throw new Error(`stand-in: the config names no readable ${what}`)
  return text
}

/** Nomad's `tls` block: no `http = true` means no TLS listener, which this stand-in refuses. */
export function nomadListenerTls(config: HclDocument, files: Record<string, string>): ListenerTls {
  const tls = first(config['tls'])
  if (tls?.['http'] !== true) throw new Error('stand-in Nomad: tls.http is not true')
  return {
    ca: fileOf(files, tls['ca_file'], 'ca_file'),
    cert: fileOf(files, tls['cert_file'], 'cert_file'),
    key: fileOf(files, tls['key_file'], 'key_file'),
    requireClientCert: tls['verify_https_client'] === true
  }
}

/** Consul's HTTPS listener: `ports.https`, `tls.defaults` with `tls.https` over it. */
export function consulListenerTls(config: HclDocument, files: Record<string, string>): ListenerTls {
  if (typeof first(config['ports'])?.['https'] !== 'number')
    throw new Error('stand-in Consul: no ports.https')
  const tls = first(config['tls'])
  const defaults = first(tls?.['defaults']) ?? {}
  const https = { ...defaults, ...(first(tls?.['https']) ?? {}) }
  return {
    ca: fileOf(files, https['ca_file'], 'ca_file'),
    cert: fileOf(files, https['cert_file'], 'cert_file'),
    key: fileOf(files, https['key_file'], 'key_file'),
    requireClientCert: https['verify_incoming'] === true
  }
}

/**
 * A TCP listener that, once `tlsNow()` names a configuration, speaks TLS with it and hands the
 * decrypted stream to `server`; before that, it closes every connection (no agent is running yet).
 */
export function listenAsConfigured(
  server: Server,
  tlsNow: () => ListenerTls | undefined
): NetServer {
  let tlsServer: TlsServer | undefined
  return createNetServer(socket => {
    const tls = tlsNow()
    if (tls === undefined) {
      socket.destroy()
      return
    }
    // A tls.Server, as node:https is one: it checks the client certificate after the handshake
    // (requestCert + rejectUnauthorized) and hands only verified connections on.
    tlsServer ??= createTlsServer({
      cert: tls.cert,
      key: tls.key,
      ca: tls.ca,
      requestCert: tls.requireClientCert,
      rejectUnauthorized: tls.requireClientCert
    })
      .on('secureConnection', secure => server.emit('connection', secure))
      .on('tlsClientError', (_error, secure) => secure.destroy())
    tlsServer.emit('connection', socket)
  })
}
