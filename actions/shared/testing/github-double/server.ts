import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { faultResponse, takeFault, type ActiveFault, type FaultSpec } from './faults.js'
import { HttpError, type RouteResult } from './http.js'
import { errorResult, loginOf, rateLimitHeaders, send } from './respond.js'
import { matchRoute } from './router.js'
import { createState, repoId, type DoubleState } from './state.js'

/** One request as the double saw it, for tests to assert on. */
export interface LoggedRequest {
  readonly method: string
  /** The path routed (a `/repositories/{id}/…` request is logged under its `/repos/…` path). */
  readonly path: string
  /** The path exactly as requested. */
  readonly requestedPath: string
  readonly query: Readonly<Record<string, string>>
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
  /** The parsed JSON body (the raw text if it was not JSON). */
  body: unknown
  /** The status answered, or 'reset' when the connection was dropped. */
  status: number | 'reset'
}

export interface DoubleCore {
  readonly state: DoubleState
  readonly requests: LoggedRequest[]
  readonly faults: ActiveFault[]
  api: string
}

const now = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (text += chunk))
    req.on('end', () => resolve(text))
    req.on('error', reject)
  })
}

function parseJson(text: string): Record<string, unknown> {
  if (text.trim() === '') return {}
  const parsed: unknown = JSON.parse(text)
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new SyntaxError()
  return parsed as Record<string, unknown>
}

/** Answers one request: faults first, then authentication, the rate limit, and the route. */
export async function handle(
  core: DoubleCore,
  req: IncomingMessage,
  res: ServerResponse
): Promise<void> {
  const url = new URL(req.url ?? '/', core.api)
  const requestedPath = url.pathname
  // `/repositories/{id}/…` (page links) reaches the same routes as `/repos/{owner}/{repo}/…`.
  const byId = /^\/repositories\/(\d+)(\/.*)?$/.exec(url.pathname)
  const repoById = byId
    ? core.state.repos.find(r => repoId(core.state, r) === Number(byId[1]))
    : undefined
  if (byId && repoById) url.pathname = `/repos/${repoById}${byId[2] ?? ''}`
  const method = (req.method ?? 'GET').toUpperCase()
  const text = await readBody(req)
  const entry: LoggedRequest = {
    method,
    path: url.pathname,
    requestedPath,
    query: Object.fromEntries(url.searchParams),
    headers: { ...req.headers },
    body: text === '' ? undefined : text,
    status: 0
  }
  core.requests.push(entry)
  const fault = takeFault(core.faults, method, url.pathname)
  fault?.spec.effect?.(core.state)
  if (fault?.spec.status === 'reset') {
    entry.status = 'reset'
    req.socket.destroy()
    return
  }
  const matched = matchRoute(method, url.pathname)
  const docs = matched?.route.docs ?? 'https://docs.github.com/rest'
  let result: RouteResult
  let spend = true
  try {
    if (fault && typeof fault.spec.status === 'number') {
      const f = faultResponse(fault.spec, fault.spec.status, Date.now())
      throw new HttpError(f.status, f.message, undefined, f.headers)
    }
    const body = parseBodyOr400(text)
    entry.body = text === '' ? undefined : body
    const login = loginOf(core.state, req.headers.authorization)
    if (core.state.rateLimit.remaining <= 0 && Date.now() < core.state.rateLimit.resetAt * 1000) {
      spend = false
      throw new HttpError(403, `API rate limit exceeded for user ID 1.`)
    }
    if (!matched) throw new HttpError(404, 'Not Found')
    result = matched.route.handle({
      params: matched.params,
      query: url.searchParams,
      body,
      login,
      state: core.state,
      api: core.api,
      path: url.pathname,
      now
    })
  } catch (error) {
    if (!(error instanceof HttpError)) throw error
    result = errorResult(error, docs)
  }
  entry.status = result.status
  send(res, result, rateLimitHeaders(core.state, spend))
}

function parseBodyOr400(text: string): Record<string, unknown> {
  try {
    return parseJson(text)
  } catch {
    throw new HttpError(400, 'Problems parsing JSON')
  }
}

/** Starts the HTTP server on 127.0.0.1 and a random port. */
export async function listen(
  core: DoubleCore
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    handle(core, req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' })
      res.end(JSON.stringify({ message: `double bug: ${String(error)}` }))
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  core.api = `http://127.0.0.1:${port}`
  const close = (): Promise<void> =>
    new Promise((resolve, reject) => {
      server.closeAllConnections()
      server.close(error => (error ? reject(error) : resolve()))
    })
  return { url: core.api, close }
}

export { createState, type FaultSpec }
