import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { type Server, createServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Clock } from '../../ports.js'
import { NomadTlsError } from './errors.js'
import { nomadConfigFromEnv } from './config.js'
import { createHttpTransport } from './http.js'
import { createNomadClient } from './client.js'

/**
 * TLS as Nomad agents use it: a private CA, a server certificate for server.global.nomad (not the
 * address's host name) and mutual TLS. Verification stays on unless NOMAD_SKIP_VERIFY is set.
 */
const dir = mkdtempSync(join(tmpdir(), 'nomad-tls-'))
const file = (name: string): string => join(dir, name)
let server: Server
let address = ''
const clock: Clock = { now: () => Date.now(), sleep: async () => undefined }

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { stdio: 'pipe' })
}

beforeAll(async () => {
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=Nomad Test CA',
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.pem')
  )
  for (const [name, cn] of [
    ['server', 'server.global.nomad'],
    ['client', 'cli.global.nomad']
  ] as const) {
    writeFileSync(file(`${name}.ext`), `subjectAltName=DNS:${cn}\n`)
    openssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      `/CN=${cn}`,
      '-keyout',
      file(`${name}.key`),
      '-out',
      file(`${name}.csr`)
    )
    openssl(
      'x509',
      '-req',
      '-in',
      file(`${name}.csr`),
      '-CA',
      file('ca.pem'),
      '-CAkey',
      file('ca.key'),
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      file(`${name}.ext`),
      '-out',
      file(`${name}.pem`)
    )
  }
  server = createServer(
    {
      key: readFileSync(file('server.key')),
      cert: readFileSync(file('server.pem')),
      ca: readFileSync(file('ca.pem')),
      requestCert: true,
      rejectUnauthorized: true
    },
    (_req, res) =>
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-Nomad-Index': '7' }).end('null')
  )
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
  address = `https://127.0.0.1:${(server.address() as AddressInfo).port}`
}, 30_000)

afterAll(async () => {
  await new Promise(r => server.close(r))
  rmSync(dir, { recursive: true, force: true })
})

function read(env: Record<string, string>): Promise<unknown> {
  const config = nomadConfigFromEnv({ NOMAD_ADDR: address, ...env })
  const retry = { attempts: 1, baseDelayMs: 1, maxDelayMs: 1, random: () => 0 }
  const client = createNomadClient({ transport: createHttpTransport(config), clock, retry })
  return client.readLatestDeployment('web').finally(() => client.close())
}

const mtls = (): Record<string, string> => ({
  NOMAD_CLIENT_CERT: file('client.pem'),
  NOMAD_CLIENT_KEY: file('client.key')
})

describe('Nomad over TLS', () => {
  it('connects with the CA, the server name and a client certificate', async () => {
    await expect(
      read({
        NOMAD_CACERT: file('ca.pem'),
        NOMAD_TLS_SERVER_NAME: 'server.global.nomad',
        ...mtls()
      })
    ).resolves.toEqual({ value: undefined, index: 7 })
  })

  it('refuses a server it cannot verify (no CA given)', async () => {
    const error = await read({ NOMAD_TLS_SERVER_NAME: 'server.global.nomad', ...mtls() }).catch(
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(NomadTlsError)
    expect(String(error)).toMatch(
      /self[- ]signed certificate|unable to verify|UNABLE_TO_GET_ISSUER/i
    )
  })

  it('refuses a certificate for another name', async () => {
    const error = await read({ NOMAD_CACERT: file('ca.pem'), ...mtls() }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NomadTlsError)
    expect(String(error)).toMatch(
      /altnames|Hostname\/IP does not match|ERR_TLS_CERT_ALTNAME_INVALID/i
    )
  })

  it('skips verification only when told to', async () => {
    await expect(read({ NOMAD_SKIP_VERIFY: 'true', ...mtls() })).resolves.toMatchObject({
      index: 7
    })
  })
})
