import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { parse as parseHcl } from '@cdktf/hcl2json'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stringify } from 'yaml'
import { execRunner } from '../adapters/exec-runner.js'
import type { CommandRunner } from '../ports.js'
import { engines, requireEngine } from '../testing/engines.js'
import { REPO_ROOT, runActionProcess } from '../testing/run-action-process.js'
import { checkAnsibleDrift } from './check-drift.js'
import { runPlaybook, type PlaybookOutcome, type PlaybookRun } from './run-playbook.js'
import { ensureHostImage } from './testing/host-image.js'
import { makeTestSigningKey, writeMirror } from './testing/stand-in-release.js'
import { exec, removeHosts, renderTestInventory, startHost } from './testing/test-hosts.js'
import { CONSUL_VERSION, NOMAD_VERSION } from '../versions.js'

/** Another Consul release in the mirror, whose SHA256SUMS signature is bad (not the pin: versions.test.ts). */
const BAD_SIGNATURE_VERSION = `${CONSUL_VERSION}-badsig`

const ready =
  requireEngine('docker', engines.docker()) && requireEngine('ansible', engines.ansible())

// Unique per run: a concurrent run of the suite (another checkout, another process) must not remove
// this run's hosts.
const RUN_ID = `${process.pid}-${Math.random().toString(36).slice(2, 7)}`
const HOST = `elm-infra-ansible-node-${RUN_ID}`
const BAD_HOST = `elm-infra-ansible-badsum-${RUN_ID}`
const SECRETS = {
  consul_gossip_key: 'Z29zc2lwLWtleS1mb3ItdGVzdHMtb25seS0xMjM0NTY=',
  consul_initial_management_token: 'c0a1f6de-6a55-4d2b-9a1e-management01',
  consul_agent_token: 'agent-token-0b7d6c8e-secret',
  consul_tls_ca_cert: '-----BEGIN CERTIFICATE-----\nY29uc3VsLWNh\n-----END CERTIFICATE-----\n',
  consul_tls_cert: '-----BEGIN CERTIFICATE-----\nY29uc3VsLWNlcnQ=\n-----END CERTIFICATE-----\n',
  consul_tls_key: '-----BEGIN PRIVATE KEY-----\nY29uc3VsLWtleQ==\n-----END PRIVATE KEY-----\n',
  nomad_bootstrap_token: '6f1e2d3c-4b5a-4697-8877-bootstrap001',
  nomad_gossip_key: 'bm9tYWQtZ29zc2lwLWtleS1mb3ItdGVzdHMtMTIzNA==',
  nomad_consul_token: 'nomad-consul-token-5e1f-secret',
  nomad_tls_ca_cert: '-----BEGIN CERTIFICATE-----\nY2EtY2VydA==\n-----END CERTIFICATE-----\n',
  nomad_tls_cert: '-----BEGIN CERTIFICATE-----\nYWdlbnQtY2VydA==\n-----END CERTIFICATE-----\n',
  nomad_tls_key: '-----BEGIN PRIVATE KEY-----\ndGxzLWtleS1zZWNyZXQ=\n-----END PRIVATE KEY-----\n',
  drain_nomad_token: 'drain-token-77c1-secret',
  // group_vars/cluster.yml builds this from ghcr_pull_username/ghcr_pull_token; the test inventory
  // has no group_vars, so the role's variable is given directly.
  nomad_docker_registry_auths: [
    { registry: 'ghcr.io', username: 'elm-pull', password: 'ghcr-pull-token-0c1d-secret' }
  ]
}
const SECRET_VALUES = [
  'Z29zc2lwLWtleS1mb3ItdGVzdHMtb25seS0xMjM0NTY=',
  'agent-token-0b7d6c8e-secret',
  'drain-token-77c1-secret',
  'ghcr-pull-token-0c1d-secret'
]
// The docker connection ignores SSH, but the action still writes, uses and removes these.
const SSH_KEY =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nc3RhbmQtaW4ta2V5\n-----END OPENSSH PRIVATE KEY-----\n'
const KNOWN_HOSTS = `${HOST} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGc4yj6m9tQ2Kk0XKLUrFjLhMBvdl9Gc3bV1k5uZ6W4n`

/** Keeps ansible-playbook's raw stdout, to look at task order and for leaked secrets. */
function recording(): CommandRunner & { stdout: string[] } {
  const stdout: string[] = []
  return {
    stdout,
    async run(command, args, options) {
      const result = await execRunner.run(command, args, options)
      stdout.push(result.stdout)
      return result
    }
  }
}

function splitMaskCommands(text: string): [string[], string] {
  const lines = text.split('\n')
  const masks = lines
    .filter(l => l.startsWith('::add-mask::'))
    .map(l => l.slice('::add-mask::'.length))
  return [masks, lines.filter(l => !l.startsWith('::add-mask::')).join('\n')]
}

/**
 * The tasks (and handlers) that ran on at least one host, in order. Ansible's json callback lists
 * a task skipped on every host too (each host's result then has `skipped: true`).
 */
function taskOrder(stdout: string): string[] {
  const doc = JSON.parse(stdout.slice(stdout.indexOf('{'))) as {
    plays: Array<{
      tasks: Array<{ task: { name: string }; hosts?: Record<string, { skipped?: boolean }> }>
    }>
  }
  return doc.plays.flatMap(p =>
    p.tasks
      .filter(t => Object.values(t.hosts ?? {}).some(result => result.skipped !== true))
      .map(t => t.task.name)
  )
}

describe('the playbook on Debian host containers', () => {
  if (!ready) {
    it('is not run: no docker engine or ansible here (the warning above says why)', () =>
      expect(ready).toBe(false))
    return
  }
  const work = mkdtempSync(join(tmpdir(), 'elm-infra-ansible-engine-'))
  const ansibleDir = join(REPO_ROOT, 'ansible')
  const secretsFile = join(work, 'secrets.yml')
  const inventory = join(work, 'inventory.yml')
  const badInventory = join(work, 'bad-inventory.yml')
  const badSignatureVars = join(work, 'bad-signature.yml')
  const base = (): Omit<PlaybookRun, 'mode'> => ({
    directory: ansibleDir,
    playbook: 'playbooks/main.yaml',
    inventory,
    extraVarsFiles: [secretsFile]
  })
  let badRun: Promise<PlaybookOutcome>
  let badSignatureRun: Promise<PlaybookOutcome>

  beforeAll(async () => {
    const image = await ensureHostImage()
    const good = join(work, 'mirror')
    const bad = join(work, 'bad-mirror')
    mkdirSync(good)
    mkdirSync(bad)
    // The mirror signs its SHA256SUMS with a key made here, given to the roles in place of
    // HashiCorp's (consul_release_keyring / nomad_release_keyring).
    const key = makeTestSigningKey(work)
    const { dockerKeySha256 } = writeMirror(
      good,
      [
        { product: 'consul', version: CONSUL_VERSION },
        { product: 'nomad', version: NOMAD_VERSION }
      ],
      key
    )
    writeMirror(
      bad,
      [
        { product: 'consul', version: CONSUL_VERSION, corruptChecksum: true },
        { product: 'consul', version: BAD_SIGNATURE_VERSION, badSignature: true }
      ],
      key
    )
    // Nomad's certificate and key are real (openssl): the nomad role's nginx -t loads them.
    const pem = (name: string): string => readFileSync(join(work, name), 'utf8')
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=server.global.nomad',
        '-keyout',
        join(work, 'nomad-key.pem'),
        '-out',
        join(work, 'nomad-cert.pem')
      ],
      { stdio: 'ignore' }
    )
    Object.assign(SECRETS, {
      nomad_tls_ca_cert: pem('nomad-cert.pem'),
      nomad_tls_cert: pem('nomad-cert.pem'),
      nomad_tls_key: pem('nomad-key.pem')
    })
    // A line from the middle of the key's body: it must never reach a log either.
    SECRET_VALUES.push(pem('nomad-key.pem').split('\n')[5] ?? '')
    writeFileSync(secretsFile, stringify(SECRETS), { mode: 0o600 })
    writeFileSync(badSignatureVars, stringify({ consul_version: BAD_SIGNATURE_VERSION }))
    const hosts = [{ name: HOST, privateIp: '10.10.0.2' }]
    const options = { dockerKeySha256, releaseKeyring: key.keyring }
    writeFileSync(inventory, renderTestInventory(hosts, options))
    writeFileSync(
      badInventory,
      renderTestInventory([{ name: BAD_HOST, privateIp: '10.10.0.9' }], options)
    )
    await Promise.all([startHost(HOST, image, good), startHost(BAD_HOST, image, bad)])
    // What a DigitalOcean image ships, and the base role must remove (csi-digitalocean #297).
    await exec(HOST, [
      'sh',
      '-c',
      'mkdir -p /etc/udev/rules.d && echo "# DigitalOcean automount" > /etc/udev/rules.d/99-digitalocean-automount.rules'
    ])
    // The checksum and signature cases run alongside the first apply (their own host, the consul
    // role only), one after the other.
    const consulOnly = (extra: string[]): Promise<PlaybookOutcome> =>
      runPlaybook(execRunner, {
        directory: ansibleDir,
        playbook: join(import.meta.dirname, 'fixtures', 'consul-only.yaml'),
        mode: 'apply',
        inventory: badInventory,
        extraVarsFiles: [secretsFile, ...extra]
      })
    badRun = consulOnly([])
    badSignatureRun = badRun.then(() => consulOnly([badSignatureVars]))
  }, 600_000)

  afterAll(async () => {
    await removeHosts([HOST, BAD_HOST])
    rmSync(work, { recursive: true, force: true })
  }, 60_000)

  // Drains, gates and the ACL play need a cluster API: three-hosts.cluster.test.ts runs them on 3 hosts.
  it('first apply on a blank host changes it, as a bootstrap (no gate, no drain)', async () => {
    const runner = recording()
    const outcome = await runPlaybook(runner, { ...base(), mode: 'apply' })
    if (!outcome.ok) throw new Error(outcome.reason)
    expect(outcome.report.failures).toEqual([])
    expect(outcome.exitCode).toBe(0)
    expect(outcome.report.recap[0]?.changed).toBeGreaterThan(20)
    const order = taskOrder(runner.stdout[0] ?? '')
    expect(order).toContain('cluster_gate : Order the nodes, leaders last')
    expect(order).not.toContain('drain : Drain the node in Nomad')
    expect(order).not.toContain('cluster_gate : Stop unless Nomad is healthy')
  }, 600_000)

  it('installs the pinned binaries, units and private files', async () => {
    expect((await exec(HOST, ['/usr/local/bin/consul', 'version'])).trim()).toBe(
      `consul v${CONSUL_VERSION} (stand-in)`
    )
    expect((await exec(HOST, ['readlink', '/usr/local/bin/nomad'])).trim()).toBe(
      `/usr/local/lib/nomad/${NOMAD_VERSION}/nomad`
    )
    expect(await exec(HOST, ['cat', '/etc/systemd/system/nomad.service'])).toContain(
      'ExecStart=/usr/local/bin/nomad agent -config=/etc/nomad.d'
    )
    expect((await exec(HOST, ['stat', '-c', '%a %U', '/etc/nomad.d/tls/key.pem'])).trim()).toBe(
      '600 root'
    )
    expect(await exec(HOST, ['cat', '/etc/ssh/sshd_config.d/00-elm-hardening.conf'])).toMatch(
      /PermitRootLogin no\nPubkeyAuthentication yes\nPasswordAuthentication no/
    )
    expect((await exec(HOST, ['stat', '-c', '%a', '/etc/consul.d/tls/key.pem'])).trim()).toBe('640')
    expect(await exec(HOST, ['cat', '/home/alice/.ssh/authorized_keys'])).toContain('alice@test')
    expect(await exec(HOST, ['ls', '/etc/udev/rules.d'])).not.toContain('digitalocean-automount')
    // The Docker driver's pull credentials: docker's config.json, "auth" = base64("user:password").
    expect(
      (await exec(HOST, ['stat', '-c', '%a %U', '/etc/nomad.d/docker-auth.json'])).trim()
    ).toBe('600 root')
    const auths = JSON.parse(await exec(HOST, ['cat', '/etc/nomad.d/docker-auth.json'])) as {
      auths: Record<string, { auth: string }>
    }
    expect(Object.keys(auths.auths)).toEqual(['ghcr.io'])
    expect(Buffer.from(auths.auths['ghcr.io']?.auth ?? '', 'base64').toString()).toBe(
      'elm-pull:ghcr-pull-token-0c1d-secret'
    )
    // The drift check's user can become root without a password, as Ansible's become needs
    // (sudo -n fails instead of asking).
    expect(await exec(HOST, ['cat', '/home/drift/.ssh/authorized_keys'])).toContain('drift-check')
    expect((await exec(HOST, ['su', '-s', '/bin/sh', 'drift', '-c', 'sudo -n id -u'])).trim()).toBe(
      '0'
    )
    // The JWKS proxy's site passed nginx -t with the real certificates; Debian's default site is gone.
    expect(await exec(HOST, ['cat', '/etc/nginx/conf.d/nomad-jwks-proxy.conf'])).toMatch(
      /listen 127\.0\.0\.1:4650 ssl;[\s\S]*location = \/\.well-known\/jwks\.json[\s\S]*proxy_ssl_verify {14}on;/
    )
    expect(await exec(HOST, ['sh', '-c', 'ls /etc/nginx/sites-enabled'])).toBe('')
    // The host volume's directory (nomad_host_volumes), there before Nomad mounts it.
    expect(
      (await exec(HOST, ['stat', '-c', '%F %a %U', '/opt/nomad-host-volumes/test-data'])).trim()
    ).toBe('directory 755 root')
  }, 60_000)

  it('renders Consul and Nomad configs that parse as HCL and hold the expected values', async () => {
    const consul = await parseHcl(
      'consul.hcl',
      await exec(HOST, ['cat', '/etc/consul.d/consul.hcl'])
    )
    expect(consul).toMatchObject({
      server: true,
      bootstrap_expect: 3,
      retry_join: ['10.10.0.2'],
      bind_addr: '10.10.0.2',
      encrypt: SECRETS.consul_gossip_key,
      acl: [
        { enabled: true, default_policy: 'deny', tokens: [{ agent: SECRETS.consul_agent_token }] }
      ]
    })
    const nomad = await parseHcl('nomad.hcl', await exec(HOST, ['cat', '/etc/nomad.d/nomad.hcl']))
    expect(nomad).toMatchObject({
      server: [
        {
          enabled: true,
          bootstrap_expect: 3,
          encrypt: SECRETS.nomad_gossip_key,
          server_join: [{ retry_join: ['10.10.0.2'] }]
        }
      ],
      client: [
        {
          enabled: true,
          host_volume: {
            'test-data': [{ path: '/opt/nomad-host-volumes/test-data', read_only: false }]
          }
        }
      ],
      plugin: {
        docker: [
          {
            config: [
              { allow_privileged: true, auth: [{ config: '/etc/nomad.d/docker-auth.json' }] }
            ]
          }
        ]
      },
      consul: [{ address: '127.0.0.1:8500', token: SECRETS.nomad_consul_token }],
      acl: [{ enabled: true }],
      tls: [
        {
          http: true,
          rpc: true,
          ca_file: '/etc/nomad.d/tls/ca.pem',
          key_file: '/etc/nomad.d/tls/key.pem'
        }
      ]
    })
  }, 60_000)

  it('a wrong checksum fails the consul role and installs nothing', async () => {
    const outcome = await badRun
    if (!outcome.ok) throw new Error(outcome.reason)
    expect(outcome.report.failures).toEqual([
      {
        host: BAD_HOST,
        task: 'consul : Download consul and check it against the verified SHA256SUMS',
        message: expect.stringMatching(
          /^The checksum for .*consul_1\.20\.1_linux_amd64\.zip did not match/
        ),
        unreachable: false
      }
    ])
    const left = await exec(BAD_HOST, [
      'sh',
      '-c',
      'ls /var/cache/elm-infra/*.zip /usr/local/lib 2>/dev/null; test -e /usr/local/bin/consul && echo LINKED || true'
    ])
    expect(left).not.toMatch(/consul|LINKED/)
  }, 600_000)

  it('a SHA256SUMS that the release key did not sign fails the consul role before any zip is fetched', async () => {
    const outcome = await badSignatureRun
    if (!outcome.ok) throw new Error(outcome.reason)
    expect(outcome.report.failures).toEqual([
      {
        host: BAD_HOST,
        task: "consul : Stop unless HashiCorp's key signed SHA256SUMS",
        message: expect.stringMatching(
          new RegExp(
            `^consul_${BAD_SIGNATURE_VERSION.replaceAll('.', '\\.')}_SHA256SUMS from .* is not signed by the key in .*test-release\\.gpg \\(gpgv: .*BAD signature`
          )
        ),
        unreachable: false
      }
    ])
    const left = await exec(BAD_HOST, [
      'sh',
      '-c',
      'ls /var/cache/elm-infra/*.zip /usr/local/lib 2>/dev/null; test -e /usr/local/bin/consul && echo LINKED || true'
    ])
    expect(left).not.toMatch(/consul|LINKED/)
  }, 600_000)

  it('the action applies again as a process: nothing changes the second time', async () => {
    const result = await runActionProcess('ansible', {
      inputs: {
        mode: 'apply',
        inventory,
        'ssh-private-key': SSH_KEY,
        'known-hosts': KNOWN_HOSTS,
        'extra-vars': stringify(SECRETS)
      },
      timeoutMs: 590_000
    })
    if (result.exitCode !== 0) throw new Error(`action failed:\n${result.stdout}\n${result.stderr}`)
    expect(result.outputs).toEqual({ changed: 'false', failed: 'false', drift: 'false' })
    expect(result.summary).toMatch(
      new RegExp(`\\| ${HOST} \\| ✅ ok \\| \\d+ \\| 0 \\| 0 \\| 0 \\|`)
    )
  }, 600_000)

  it('the action in check mode reports no drift, and no secret reaches its log or summary', async () => {
    const result = await runActionProcess('ansible', {
      inputs: {
        mode: 'check',
        inventory,
        'ssh-private-key': SSH_KEY,
        'known-hosts': KNOWN_HOSTS,
        'extra-vars': stringify(SECRETS)
      },
      timeoutMs: 590_000
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toEqual({ changed: 'false', failed: 'false', drift: 'false' })
    expect(result.summary).toContain('No drift: every host matches the playbook.')
    // The runner swallows ::add-mask:: lines and masks those values everywhere else.
    const [masks, rest] = splitMaskCommands(`${result.stdout}\n${result.stderr}\n${result.summary}`)
    for (const secret of [...SECRET_VALUES, 'c3RhbmQtaW4ta2V5']) {
      expect(masks).toContain(secret)
      expect(rest).not.toContain(secret)
    }
  }, 600_000)

  it('a file changed by hand is drift on that host and task only; --diff leaks no secret', async () => {
    await exec(HOST, [
      'sed',
      '-i',
      's/LimitNOFILE=65536/LimitNOFILE=1024/',
      '/etc/systemd/system/consul.service'
    ])
    await exec(HOST, ['sh', '-c', 'echo "# edited by hand" >> /etc/nomad.d/nomad.hcl'])
    const runner = recording()
    const drift = await checkAnsibleDrift(runner, base())
    expect(drift).toEqual({
      status: 'checked',
      drift: true,
      hosts: [
        {
          host: HOST,
          changedTasks: [
            'consul : Write the consul systemd unit',
            'nomad : Write the nomad configuration'
          ]
        }
      ]
    })
    for (const secret of SECRET_VALUES) expect(runner.stdout.join('')).not.toContain(secret)
  }, 600_000)
})
