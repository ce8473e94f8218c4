import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRegistryClient } from './registry-client.js'
import { copyTag, listTags, readImageSize } from './registry-ops.js'
import { RegistryAuthError, RegistryUnreachableError } from './registry-errors.js'

/**
 * A loopback registry that behaves like GHCR: every /v2 call without a bearer token gets a
 * `WWW-Authenticate: Bearer realm=…` challenge; /token trades Basic credentials for a token.
 */
const manifest = JSON.stringify({
  schemaVersion: 2,
  mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
  config: { size: 100, digest: 'sha256:c' },
  layers: [
    { size: 2000, digest: 'sha256:l1' },
    { size: 30, digest: 'sha256:l2' }
  ]
})
const tags = new Map<string, string>([['content-abc', manifest]])
const seen: string[] = []
let server: Server
let registry = ''

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    seen.push(`${req.method} ${url.pathname}${url.search}`)
    if (url.pathname === '/token') {
      const ok = req.headers.authorization === `Basic ${Buffer.from('bot:good').toString('base64')}`
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' })
      return res.end(ok ? JSON.stringify({ token: `t:${url.searchParams.get('scope')}` }) : '{}')
    }
    const scope =
      url.pathname.includes('/manifests/') && req.method === 'PUT' ? 'pull,push' : 'pull'
    if (req.headers.authorization !== `Bearer t:repository:elm/site:${scope}`) {
      res.writeHead(401, {
        'www-authenticate': `Bearer realm="http://${registry}/token",service="test",scope="repository:elm/site:${scope}"`
      })
      return res.end()
    }
    const m = /^\/v2\/elm\/site\/manifests\/(.+)$/.exec(url.pathname)
    if (m?.[1] !== undefined) {
      if (req.method === 'PUT') {
        let body = ''
        req.on('data', c => (body += String(c)))
        req.on('end', () => {
          tags.set(m[1] ?? '', body)
          res.writeHead(201, { 'docker-content-digest': 'sha256:d' }).end()
        })
        return
      }
      const body = tags.get(m[1])
      if (body === undefined) return res.writeHead(404).end()
      res.writeHead(200, {
        'content-type': 'application/vnd.docker.distribution.manifest.v2+json',
        'docker-content-digest': 'sha256:d'
      })
      return res.end(req.method === 'HEAD' ? undefined : body)
    }
    if (url.pathname === '/v2/elm/site/tags/list') {
      const last = url.searchParams.get('last')
      const page = last === null ? ['1.2', '1.3'] : ['content-abc']
      const headers: Record<string, string> = { 'content-type': 'application/json' }
      if (last === null) headers['link'] = '</v2/elm/site/tags/list?last=1.3&n=1000>; rel="next"'
      res.writeHead(200, headers)
      return res.end(JSON.stringify({ name: 'elm/site', tags: page }))
    }
    res.writeHead(404).end()
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  registry = `127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => new Promise<void>(resolve => server.close(() => resolve())))

const good = { username: 'bot', password: 'good' }

describe('registry client with bearer-token auth', () => {
  test('answers the challenge, reads a digest, caches the token per scope', async () => {
    const client = createRegistryClient({ registry, credentials: good })
    seen.length = 0
    expect(await client.readDigest('elm/site', 'content-abc')).toBe('sha256:d')
    expect(await client.readDigest('elm/site', 'missing')).toBeUndefined()
    expect(seen.filter(s => s.startsWith('GET /token'))).toHaveLength(1)
  })
  test('re-tags by manifest copy and reads the size from the manifest', async () => {
    const client = createRegistryClient({ registry, credentials: good })
    expect(await copyTag(client, 'elm/site', 'content-abc', '1.4')).toBe('sha256:d')
    expect(tags.get('1.4')).toBe(manifest)
    expect(await readImageSize(client, 'elm/site', '1.4')).toBe(2130)
  })
  test('lists tags across pages', async () => {
    expect(await listTags(`${registry}/elm/site`, { credentials: good })).toEqual([
      '1.2',
      '1.3',
      'content-abc'
    ])
  })
  test('bad credentials are a clear auth failure, never a "not found"', async () => {
    const client = createRegistryClient({
      registry,
      credentials: { username: 'bot', password: 'bad' }
    })
    const error = await client.readDigest('elm/site', 'content-abc').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RegistryAuthError)
    expect(String(error)).toMatch(
      /Registry auth failure: .* refused access as 'bot' .*HTTP 401.*github-token/
    )
    expect(String(error)).not.toContain('bad')
  })
})

describe('an unreachable registry', () => {
  test('is a RegistryUnreachableError naming the address', async () => {
    const closed = createServer()
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>(resolve => closed.close(() => resolve()))
    const client = createRegistryClient({ registry: `127.0.0.1:${port}` })
    const error = await client.readDigest('elm/site', 'x').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RegistryUnreachableError)
    expect(String(error)).toMatch(
      /Cannot reach the registry at http:\/\/127\.0\.0\.1:\d+: fetch failed \(.*ECONNREFUSED/
    )
  })
})
