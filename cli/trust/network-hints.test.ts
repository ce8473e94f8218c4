/**
 * Issue #17 item 7: a hint per network error class, each produced by a real loopback server (TLS
 * certificates made with the openssl CLI), never by a made-up error object.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { type Server, createServer as createHttps } from 'node:https'
import { type AddressInfo, createServer as createTcp } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { NomadNetworkError } from '../../actions/shared/nomad/client/errors.js'
import { networkHint, tlsHint } from '../output/network-hints.js'
import { EXIT } from '../program.js'
import { cli } from '../test-support/run-cli.js'

jest.setTimeout(60_000)
const repoRoot = join(import.meta.dirname, '..', '..')
const dir = mkdtempSync(join(tmpdir(), '17b-hints-'))
const file = (name: string): string => join(dir, name)
const openssl = (...args: string[]): void => void execFileSync('openssl', args, { stdio: 'pipe' })
const servers: { close(done: () => void): unknown }[] = []

/** An HTTPS server on loopback with a certificate for `san`, signed by our test CA. */
async function httpsServer(san: string): Promise<string> {
  const name = san.replace(/[^a-z0-9]/gi, '_')
  writeFileSync(file(`${name}.ext`), `subjectAltName=${san}\n`)
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=nomad',
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
  const server: Server = createHttps(
    { key: await readFile(file(`${name}.key`)), cert: await readFile(file(`${name}.pem`)) },
    (_req, res) => res.writeHead(500).end('{}')
  )
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done))
  servers.push(server)
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`
}

beforeAll(() => {
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=17b Test CA',
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.pem')
  )
})
afterAll(async () => {
  for (const s of servers) await new Promise<void>(done => s.close(() => done()))
  rmSync(dir, { recursive: true, force: true })
})

const deploy = (url: string, env: Record<string, string> = {}) =>
  cli(
    ['deploy', 'website', '1.3', '--target', url, '--yes', '--request-timeout', '2s'],
    env,
    repoRoot
    // The progress is on stderr, the report (the closing paragraph and its hint) on stdout.
  ).then(r => ({ ...r, err: `${r.err}${r.out}` }))

describe('a hint for each way of not reaching Nomad', () => {
  it('a certificate from a CA this machine does not trust (UNABLE_TO_VERIFY_LEAF_SIGNATURE): set NOMAD_CACERT', async () => {
    const url = await httpsServer('IP:127.0.0.1')
    const { code, err } = await deploy(url)
    expect(code).toBe(EXIT.failure)
    expect(err).toContain('(UNABLE_TO_VERIFY_LEAF_SIGNATURE)')
    expect(err).toContain(
      `Hint: ${url} presented a certificate from a CA this machine does not trust: set NOMAD_CACERT`
    )
  })

  it('a certificate for server.global.nomad reached by address (ERR_TLS_CERT_ALTNAME_INVALID): set NOMAD_TLS_SERVER_NAME', async () => {
    const url = await httpsServer('DNS:server.global.nomad')
    const { code, err } = await deploy(url, { NOMAD_CACERT: file('ca.pem') })
    expect(code).toBe(EXIT.failure)
    expect(err).toContain('(ERR_TLS_CERT_ALTNAME_INVALID)')
    expect(err).toContain('NOMAD_TLS_SERVER_NAME=server.global.nomad')
    // And with it, the handshake passes: Nomad's 500 is another story (no TLS hint).
    const named = await deploy(url, {
      NOMAD_CACERT: file('ca.pem'),
      NOMAD_TLS_SERVER_NAME: 'server.global.nomad'
    })
    expect(named.err).not.toContain('TLS')
  })

  it('a server that closes every connection (ECONNRESET): is it Nomad, does it speak HTTPS', async () => {
    const tcp = createTcp(socket => socket.destroy())
    await new Promise<void>(done => tcp.listen(0, '127.0.0.1', done))
    servers.push(tcp)
    const url = `http://127.0.0.1:${(tcp.address() as AddressInfo).port}`
    const { code, err } = await deploy(url)
    expect(code).toBe(EXIT.failure)
    expect(err).toMatch(/\((ECONNRESET|EPIPE)\)/)
    expect(err).toContain(`Hint: ${url} closed the connection: is it a Nomad agent`)
  })

  // No test may send a DNS query off this machine: the codes below are mapped, not provoked.
  it.each([
    ['ENOTFOUND', 'does not resolve'],
    ['EAI_AGAIN', 'does not resolve'],
    ['EHOSTUNREACH', 'no route to'],
    ['ECONNREFUSED', 'nothing listens at']
  ])('%s → "%s"', (code, words) => {
    expect(
      networkHint(new NomadNetworkError(`GET /v1/jobs failed (${code})`, code), 'http://n:4646')
    ).toContain(words)
  })

  it.each([
    ['CERT_HAS_EXPIRED', 'has expired'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'set NOMAD_CACERT'],
    ['HOSTNAME_MISMATCH', 'NOMAD_TLS_SERVER_NAME'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'NOMAD_CLIENT_CERT']
  ])('TLS %s → "%s"', (code, words) => {
    expect(
      tlsHint(`GET /v1/jobs: TLS verification failed: x (${code})`, 'https://n:4646')
    ).toContain(words)
  })
})
