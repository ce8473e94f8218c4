import { afterEach, describe, expect, it } from '@jest/globals'
import { type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createConsulChecks } from './consul.js'

/**
 * The Consul reader of the system-job gate against a loopback stand-in answering as Consul's
 * `GET /v1/health/state/:state` does (its documented sample shape: Node, CheckID, Name, Status,
 * Notes, Output, ServiceID, ServiceName, ServiceTags, Namespace), service IDs as Nomad's
 * client/serviceregistration/id.go `MakeAllocServiceID` writes them.
 */
let server: Server | undefined
afterEach(async () => {
  await new Promise<void>(resolve => (server ? server.close(() => resolve()) : resolve()))
  server = undefined
})

const A = '5b2f8b1e-7c3c-4f5e-9d6a-000000000001'
const B = '5b2f8b1e-7c3c-4f5e-9d6a-000000000002'
const check = (alloc: string, status: string, name = 'ping'): Record<string, unknown> => ({
  Node: 'node-1',
  CheckID: `_nomad-check-${alloc}`,
  Name: `service: "traefik" check`,
  Status: status,
  Notes: '',
  Output:
    status === 'passing' ? 'HTTP GET http://127.0.0.1:8082/ping: 200 OK' : 'connection refused',
  ServiceID: `_nomad-task-${alloc}-group-traefik-traefik-${name}`,
  ServiceName: 'traefik',
  ServiceTags: ['traefik.enable=false'],
  Namespace: 'default'
})

async function consul(checks: Record<string, unknown>[], seen: string[]): Promise<string> {
  server = createServer((req, res) => {
    seen.push(`${req.url} token=${req.headers['x-consul-token'] ?? ''}`)
    const filter = new URL(req.url ?? '/', 'http://x').searchParams.get('filter') ?? ''
    const id = /ServiceID contains "([^"]+)"/.exec(filter)?.[1] ?? ''
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify(checks.filter(c => String(c['ServiceID']).includes(id))))
  })
  await new Promise<void>(resolve => server?.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server?.address() as AddressInfo).port}`
}

describe('createConsulChecks', () => {
  it('reads each allocation’s checks with one filtered query, worst status wins, token sent', async () => {
    const seen: string[] = []
    const address = await consul(
      [check(A, 'passing'), check(B, 'passing'), check(B, 'critical', 'http')],
      seen
    )
    const statuses = await createConsulChecks({ address, token: 's3cret' }).statuses([
      A,
      B,
      'c0ffee'
    ])
    expect(statuses.get(A)).toBe('passing')
    expect(statuses.get(B)).toBe('critical')
    expect(statuses.has('c0ffee')).toBe(false)
    expect(seen[0]).toBe(
      `/v1/health/state/any?filter=${encodeURIComponent(`ServiceID contains "${A}"`)} token=s3cret`
    )
  })

  it('says what Consul answered when it refuses', async () => {
    server = createServer((_req, res) => {
      res.statusCode = 403
      res.end('ACL not found')
    })
    await new Promise<void>(resolve => server?.listen(0, '127.0.0.1', resolve))
    const address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    await expect(createConsulChecks({ address }).statuses([A])).rejects.toThrow(
      /Consul answered 403 to GET \/v1\/health\/state\/any: ACL not found/
    )
  })
})
