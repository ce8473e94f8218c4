import { readFileSync } from 'node:fs'
import * as http from 'node:http'
import * as https from 'node:https'
import { ConfigError, describeError } from '../../errors.js'
import type { NomadConfig } from './config.js'
import { NomadApiError, NomadNetworkError, NomadProtocolError, NomadTlsError } from './errors.js'

/** Certificate problems: permanent, never retried. */
const TLS_FAILURE =
  /^(ERR_TLS_|ERR_SSL_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO_SELF_SIGNED|CERT_|HOSTNAME_MISMATCH)/

/** One HTTP exchange with Nomad; the typed client builds on this, tests can wrap it. */
export interface NomadRequest {
  readonly method: 'GET' | 'POST'
  /** Path under the address, e.g. /v1/job/web/plan. */
  readonly path: string
  readonly query?: Readonly<Record<string, string>>
  readonly body?: unknown
  readonly timeoutMs: number
  readonly signal?: AbortSignal | undefined
}

export interface NomadResponse {
  readonly status: number
  readonly json: unknown
  /** X-Nomad-Index, undefined when absent. */
  readonly index: number | undefined
}

export interface NomadTransport {
  /** Resolves with a 2xx answer; rejects with NomadApiError, NomadNetworkError or the abort reason. */
  request(request: NomadRequest): Promise<NomadResponse>
  close(): void
}

/** A PEM file named by a setting; an unreadable one is the user's to fix (one line, no stack). */
function readPem(setting: string, path: string | undefined): Buffer | undefined {
  if (path === undefined) return undefined
  try {
    return readFileSync(path)
  } catch (error) {
    const code = (error as { code?: string }).code ?? describeError(error)
    throw new ConfigError(
      `${setting} is '${path}', which cannot be read (${code}): expected a readable PEM file.`
    )
  }
}

/** HTTP(S) transport over node:http/https with keep-alive; TLS verification unless skipVerify. */
export function createHttpTransport(config: NomadConfig): NomadTransport {
  const base = new URL(config.address)
  const secure = base.protocol === 'https:'
  const agent = secure
    ? new https.Agent({
        keepAlive: true,
        minVersion: 'TLSv1.2',
        ca: readPem('NOMAD_CACERT', config.tls.caCert),
        cert: readPem('NOMAD_CLIENT_CERT', config.tls.clientCert),
        key: readPem('NOMAD_CLIENT_KEY', config.tls.clientKey),
        servername: config.tls.serverName,
        rejectUnauthorized: !config.tls.skipVerify
      })
    : new http.Agent({ keepAlive: true })
  const defaults: Record<string, string> = {}
  if (config.namespace) defaults['namespace'] = config.namespace
  if (config.region) defaults['region'] = config.region

  return {
    request: request =>
      new Promise<NomadResponse>((resolve, reject) => {
        const url = new URL(base.pathname.replace(/\/$/, '') + request.path, base)
        for (const [k, v] of Object.entries({ ...defaults, ...request.query }))
          url.searchParams.set(k, v)
        const payload = request.body === undefined ? undefined : JSON.stringify(request.body)
        const headers: Record<string, string> = { Accept: 'application/json' }
        if (config.token) headers['X-Nomad-Token'] = config.token
        if (payload !== undefined) {
          headers['Content-Type'] = 'application/json'
          headers['Content-Length'] = String(Buffer.byteLength(payload))
        }
        const what = `${request.method} ${request.path}`
        const req = (secure ? https : http).request(url, {
          method: request.method,
          headers,
          agent,
          timeout: request.timeoutMs,
          signal: request.signal
        })
        req.on('timeout', () =>
          req.destroy(
            new NomadNetworkError(`${what}: no answer within ${request.timeoutMs} ms`, 'ETIMEDOUT')
          )
        )
        req.on('error', error => {
          if (request.signal?.aborted) return reject(request.signal.reason)
          if (error instanceof NomadNetworkError) return reject(error)
          const code = (error as NodeJS.ErrnoException).code ?? 'ERR'
          if (TLS_FAILURE.test(code)) {
            return reject(
              new NomadTlsError(`${what}: TLS verification failed: ${error.message} (${code})`)
            )
          }
          reject(new NomadNetworkError(`${what} failed: ${error.message} (${code})`, code))
        })
        req.on('response', res => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('error', error =>
            reject(new NomadNetworkError(`${what}: ${error.message}`, 'ECONNRESET'))
          )
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8')
            const status = res.statusCode ?? 0
            if (status < 200 || status >= 300) {
              return reject(new NomadApiError(status, text, request.method, request.path))
            }
            const header = res.headers['x-nomad-index']
            const index =
              typeof header === 'string' && /^\d+$/.test(header) ? Number(header) : undefined
            try {
              resolve({ status, json: text === '' ? null : (JSON.parse(text) as unknown), index })
            } catch {
              reject(
                new NomadProtocolError(
                  `${what}: Nomad answered ${status} with a body that is not JSON: ${text.slice(0, 200)}`
                )
              )
            }
          })
        })
        req.end(payload)
      }),
    close: () => agent.destroy()
  }
}
