import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { cli } from '../test-support/run-cli.js'

// The real openssl CLI issues the certificates; openssl (not our code) then reads them back.
const openssl = (...args: string[]): string =>
  execFileSync('openssl', args, { encoding: 'utf8', stdio: 'pipe' })

function withDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'i14-secrets-test-'))
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }))
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

describe('elm-infra secrets init', () => {
  it(
    'writes every secret the playbook reads, with certificates openssl verifies and the right SANs',
    () =>
      withDir(async dir => {
        const out = join(dir, 'secrets')
        const result = await cli(['secrets', 'init', '--out-dir', out, '--domain', 'example.org'])
        expect(result).toMatchObject({ code: 0 })
        const file = join(out, 'ansible-extra-vars.yml')
        expect(statSync(file).mode & 0o777).toBe(0o600)
        const vars = parse(readFileSync(file, 'utf8')) as Record<string, string>
        for (const key of [
          'consul_initial_management_token',
          'consul_agent_token',
          'consul_agent_token_accessor',
          'nomad_consul_token',
          'traefik_consul_token',
          'nomad_bootstrap_token',
          'nomad_deploy_token',
          'nomad_read_token',
          'drain_nomad_token',
          'drain_nomad_token_accessor'
        ])
          expect(vars[key]).toMatch(UUID)
        const secrets = Object.entries(vars).filter(([k]) => /token/.test(k))
        expect(new Set(secrets.map(([, v]) => v)).size).toBe(secrets.length)
        for (const key of ['consul_gossip_key', 'nomad_gossip_key'])
          expect(Buffer.from(vars[key] ?? '', 'base64')).toHaveLength(32)

        const pem = (name: string, text: string | undefined): string => {
          const path = join(dir, name)
          writeFileSync(path, text ?? '')
          return path
        }
        const nomadCa = pem('nomad-ca.pem', vars['nomad_tls_ca_cert'])
        const nomadCert = pem('nomad.pem', vars['nomad_tls_cert'])
        const consulCa = pem('consul-ca.pem', vars['consul_tls_ca_cert'])
        const consulCert = pem('consul.pem', vars['consul_tls_cert'])
        expect(openssl('verify', '-CAfile', nomadCa, nomadCert)).toContain(': OK')
        expect(openssl('verify', '-CAfile', consulCa, consulCert)).toContain(': OK')
        expect(() => openssl('verify', '-CAfile', consulCa, nomadCert)).toThrow()
        expect(openssl('verify', '-CAfile', nomadCa, join(out, 'nomad-cli.pem'))).toContain(': OK')

        const nomadSans = openssl(
          'x509',
          '-in',
          nomadCert,
          '-noout',
          '-ext',
          'subjectAltName,extendedKeyUsage'
        )
        for (const san of [
          'DNS:server.global.nomad',
          'DNS:client.global.nomad',
          'DNS:nomad.example.org',
          'DNS:localhost',
          'IP Address:127.0.0.1',
          'TLS Web Server Authentication',
          'TLS Web Client Authentication'
        ])
          expect(nomadSans).toContain(san)
        const consulSans = openssl('x509', '-in', consulCert, '-noout', '-ext', 'subjectAltName')
        expect(consulSans).toContain('DNS:server.elm.consul')
        expect(consulSans).toContain('IP Address:127.0.0.1')
        // The key in the extra vars belongs to the certificate.
        const keyPub = execFileSync('openssl', ['pkey', '-pubout'], {
          input: vars['nomad_tls_key']
        })
        const certPub = execFileSync('openssl', ['x509', '-noout', '-pubkey', '-in', nomadCert])
        expect(keyPub.toString()).toBe(certPub.toString())

        // It says where each thing goes, and prints no secret value.
        expect(result.out).toContain('ANSIBLE_EXTRA_VARS')
        expect(result.out).toContain('NOMAD_TOKEN')
        expect(result.out).toContain('NOMAD_READ_TOKEN')
        for (const value of Object.values(vars))
          expect(`${result.out}${result.err}`).not.toContain(value.trim().split('\n')[1] ?? value)
      }),
    60_000
  )

  it(
    'refuses to overwrite, and leaves the first secrets as they were',
    () =>
      withDir(async dir => {
        expect((await cli(['secrets', 'init', '--out-dir', dir])).code).toBe(0)
        const before = readFileSync(join(dir, 'ansible-extra-vars.yml'), 'utf8')
        const again = await cli(['secrets', 'init', '--out-dir', dir])
        expect(again.code).toBe(2)
        expect(again.err).toMatch(/ansible-extra-vars\.yml.*already exist.*never overwrites/)
        expect(readFileSync(join(dir, 'ansible-extra-vars.yml'), 'utf8')).toBe(before)
      }),
    60_000
  )

  it('rejects a domain that is not a DNS name, with what is accepted', async () => {
    const result = await cli(['secrets', 'init', '--domain', 'Bad Domain!'])
    expect(result.code).toBe(2)
    expect(result.err).toContain(
      "--domain <domain>: 'Bad Domain!' is not a DNS name: expected a DNS name"
    )
  })

  describe('where the secrets go (never into the clone)', () => {
    const git = (cwd: string, ...args: string[]): string =>
      execFileSync('git', args, { cwd, encoding: 'utf8', stdio: 'pipe' })
    /** A real clone: a git repository with this project's .gitignore committed. */
    function clone(dir: string): string {
      const repo = join(dir, 'clone')
      mkdirSync(repo)
      git(repo, 'init', '-q')
      copyFileSync(join(import.meta.dirname, '..', '..', '.gitignore'), join(repo, '.gitignore'))
      git(repo, 'add', '.gitignore')
      git(repo, '-c', 'user.name=t', '-c', 'user.email=t@example.org', 'commit', '-qm', 'first')
      return repo
    }

    it(
      'with no --out-dir writes under ~/.local/state/elm-infra/secrets, and git status stays clean',
      () =>
        withDir(async dir => {
          const repo = clone(dir)
          const home = join(dir, 'home')
          const result = await cli(['secrets', 'init'], { HOME: home }, repo)
          expect(result).toMatchObject({ code: 0 })
          const out = join(home, '.local', 'state', 'elm-infra', 'secrets')
          expect(readdirSync(out).sort()).toEqual([
            'ansible-extra-vars.yml',
            'consul-ca-key.pem',
            'nomad-ca-key.pem',
            'nomad-cli-key.pem',
            'nomad-cli.pem'
          ])
          expect(result.err).toContain(out)
          expect(git(repo, 'status', '--porcelain', '--ignored')).toBe('')
        }),
      60_000
    )

    it(
      'honours XDG_STATE_HOME',
      () =>
        withDir(async dir => {
          const repo = clone(dir)
          const state = join(dir, 'state')
          const result = await cli(
            ['secrets', 'init'],
            { HOME: join(dir, 'home'), XDG_STATE_HOME: state },
            repo
          )
          expect(result).toMatchObject({ code: 0 })
          expect(existsSync(join(state, 'elm-infra', 'secrets', 'ansible-extra-vars.yml'))).toBe(
            true
          )
          expect(existsSync(join(dir, 'home'))).toBe(false)
        }),
      60_000
    )

    it('refuses an --out-dir inside the clone that git would commit, and writes nothing', () =>
      withDir(async dir => {
        const repo = clone(dir)
        const result = await cli(['secrets', 'init', '--out-dir', 'keys'], {}, repo)
        expect(result.code).toBe(2)
        expect(result.err).toContain(
          `--out-dir ${join(repo, 'keys')} is inside the git work tree ${repo} and git does not ignore ${join(repo, 'keys', 'ansible-extra-vars.yml')}`
        )
        expect(existsSync(join(repo, 'keys'))).toBe(false)
        expect(git(repo, 'status', '--porcelain')).toBe('')
      }))

    it(
      "accepts the clone's git-ignored elm-infra-secrets/ (the project's .gitignore names it)",
      () =>
        withDir(async dir => {
          const repo = clone(dir)
          const result = await cli(['secrets', 'init', '--out-dir', 'elm-infra-secrets'], {}, repo)
          expect(result).toMatchObject({ code: 0 })
          expect(existsSync(join(repo, 'elm-infra-secrets', 'nomad-ca-key.pem'))).toBe(true)
          expect(git(repo, 'status', '--porcelain')).toBe('')
        }),
      60_000
    )

    it('without HOME or XDG_STATE_HOME asks for --out-dir', async () => {
      const result = await cli(['secrets', 'init'], {})
      expect(result.code).toBe(2)
      expect(result.err).toContain('give --out-dir <dir>, a folder outside any git clone')
    })
  })
})
