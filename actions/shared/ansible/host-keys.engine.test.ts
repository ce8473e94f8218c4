import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { parse } from 'yaml'
import { execRunner } from '../adapters/exec-runner.js'
import { runPlaybookWithSecrets } from './run-with-secrets.js'
import { ensureHostImage } from './testing/host-image.js'
import { DOCKER, engines, requireEngine } from '../testing/engines.js'

/**
 * The first deploy's SSH seam, end to end, with nothing learnt by hand:
 *
 *   terraform/cloud-init.yaml.tftpl rendered by the real Terraform CLI (templatefile) with a host
 *   key → the private key cloud-init would write to /etc/ssh/ssh_host_ed25519_key → a real sshd
 *   (Debian's openssh-server, in a container on 127.0.0.1) serving exactly that key;
 *   the public key in a `nodes` output → a real `terraform output -json` → ansible/inventory/
 *   terraform.py and the known_hosts the ansible action writes → a real ansible-playbook over ssh
 *   with StrictHostKeyChecking=yes.
 *
 * The key is made by ssh-keygen: the hashicorp/tls provider (tls_private_key, whose
 * private_key_openssh is the same "OPENSSH PRIVATE KEY" PEM, golang.org/x/crypto/ssh
 * MarshalPrivateKey) cannot be downloaded here. Everything else is the real file or program.
 */
const exec = promisify(execFile)
const ROOT = join(import.meta.dirname, '..', '..', '..')
const ready =
  requireEngine('docker', engines.docker()) &&
  requireEngine('ansible', engines.ansible()) &&
  requireEngine('terraform', engines.terraform())

const NAME = `elm-infra-host-keys-${process.pid}-${Math.random().toString(36).slice(2, 7)}`
const PORT = 20000 + Math.floor(Math.random() * 20000)

describe('host keys from Terraform to known_hosts, verified by a real ssh against a real sshd', () => {
  if (!ready) {
    it('is not run: no docker, ansible or terraform here (the warning above says why)', () =>
      expect(ready).toBe(false))
    return
  }
  const work = mkdtempSync(join(tmpdir(), 'elm-infra-host-keys-'))
  const tf = join(work, 'tf')
  let clientKey = ''
  let userData: Record<string, unknown> = {}
  let outputsText = ''
  let otherOutputsText = ''

  const terraform = (...args: string[]) =>
    exec('terraform', [...args, '-no-color'], {
      cwd: tf,
      env: { ...process.env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: join(work, 'empty.tfrc') }
    })

  /** A real `terraform output -json`: the module's nodes output shape, pinned to this sshd. */
  async function outputsFor(publicKeyFile: string, template: string): Promise<string> {
    writeFileSync(
      join(tf, 'main.tf'),
      `
output "user_data" {
  value = templatefile("${template}", {
    host_private_key = file("${join(work, 'host')}")
    host_public_key  = file("${join(work, 'host.pub')}")
  })
}
output "nodes" {
  value = [{
    name         = "elm-node-1"
    public_ip    = "127.0.0.1"
    private_ip   = "127.0.0.1"
    ssh_host_key = trimspace(file("${publicKeyFile}"))
    ssh_port     = ${PORT}
  }]
}
`
    )
    await terraform('apply', '-input=false', '-auto-approve')
    return (await terraform('output', '-json')).stdout
  }

  beforeAll(async () => {
    const image = await ensureHostImage()
    mkdirSync(tf)
    writeFileSync(join(work, 'empty.tfrc'), '')
    for (const [file, comment] of [
      ['host', 'host'],
      ['other', 'other'],
      ['client', 'ci']
    ] as const)
      await exec('ssh-keygen', [
        '-q',
        '-t',
        'ed25519',
        '-N',
        '',
        '-C',
        comment,
        '-f',
        join(work, file)
      ])
    clientKey = readFileSync(join(work, 'client'), 'utf8')
    const template = join(ROOT, 'terraform', 'cloud-init.yaml.tftpl')
    await terraform('init', '-input=false')
    outputsText = await outputsFor(join(work, 'host.pub'), template)
    userData = parse(
      (JSON.parse(outputsText) as { user_data: { value: string } }).user_data.value
    ) as Record<string, unknown>
    otherOutputsText = await outputsFor(join(work, 'other.pub'), template)

    // What cloud-init's ssh module writes on first boot (cc_ssh.py: ssh_keys.ed25519_private →
    // /etc/ssh/ssh_host_ed25519_key, 0600), and nothing else: sshd serves only that key (-h).
    const keys = join(work, 'etc-ssh')
    mkdirSync(keys, { mode: 0o700 })
    const sshKeys = userData['ssh_keys'] as Record<string, string>
    writeFileSync(join(keys, 'ssh_host_ed25519_key'), sshKeys['ed25519_private'] ?? '', {
      mode: 0o600
    })
    const publicKey = readFileSync(join(work, 'client.pub'), 'utf8').trim()
    await exec(DOCKER, ['rm', '-f', NAME]).catch(() => undefined)
    await exec(DOCKER, [
      'run',
      '-d',
      '--name',
      NAME,
      '--network',
      'host',
      '--label',
      'elm-infra-test=host-keys',
      '-v',
      `${keys}:/cloud-init-keys:ro`,
      '-e',
      `PUB=${publicKey}`,
      image,
      'sh',
      '-c',
      'mkdir -p /root/.ssh /run/sshd && printf "%s\\n" "$PUB" > /root/.ssh/authorized_keys && ' +
        'chmod 700 /root/.ssh && chmod 600 /root/.ssh/authorized_keys && ' +
        'cp /cloud-init-keys/ssh_host_ed25519_key /etc/ssh/ssh_host_ed25519_key && ' +
        'chmod 600 /etc/ssh/ssh_host_ed25519_key && ' +
        `exec /usr/sbin/sshd -D -e -p ${PORT} -o ListenAddress=127.0.0.1 ` +
        '-h /etc/ssh/ssh_host_ed25519_key -o PermitRootLogin=prohibit-password -o PasswordAuthentication=no'
    ])
    for (let i = 0; i < 50; i++) {
      const up = await exec('ssh-keyscan', ['-p', String(PORT), '127.0.0.1']).catch(() => undefined)
      if (up?.stdout.includes('ssh-ed25519')) return
      await new Promise(resolve => setTimeout(resolve, 200))
    }
    throw new Error('sshd never answered')
  }, 600_000)

  afterAll(async () => {
    await exec(DOCKER, ['rm', '-f', NAME]).catch(() => undefined)
    rmSync(work, { recursive: true, force: true })
  }, 60_000)

  /** The playbook run the ansible action makes, with no known-hosts input at all. */
  function ping(terraformOutputs: string) {
    const playbook = join(work, 'ping.yaml')
    copyFileSync(join(ROOT, 'actions', 'ansible', 'fixtures', 'ping.yaml'), playbook)
    return runPlaybookWithSecrets(execRunner, {
      directory: join(ROOT, 'ansible'),
      playbook,
      mode: 'apply',
      user: 'root',
      privateKey: clientKey,
      terraformOutputs: { text: terraformOutputs, secrets: [] },
      secretsParent: work
    })
  }

  it('the rendered cloud-config gives cloud-init exactly the key pair the output publishes', async () => {
    expect(userData['ssh_deletekeys']).toBe(true)
    const sshKeys = userData['ssh_keys'] as Record<string, string>
    expect(Object.keys(sshKeys).sort()).toEqual(['ed25519_private', 'ed25519_public'])
    expect(sshKeys['ed25519_private']).toBe(readFileSync(join(work, 'host'), 'utf8'))
    const published = (JSON.parse(outputsText) as { nodes: { value: { ssh_host_key: string }[] } })
      .nodes.value[0]?.ssh_host_key
    // The public half ssh-keygen derives from the private key cloud-init writes is the published one.
    const derived = await exec('ssh-keygen', [
      '-y',
      '-f',
      join(work, 'etc-ssh', 'ssh_host_ed25519_key')
    ])
    expect(published).toBe(derived.stdout.trim())
    expect(sshKeys['ed25519_public']).toBe(published)
  })

  it('ansible reaches the never-seen host, its key verified from the outputs alone', async () => {
    const outcome = await ping(outputsText)
    if (!outcome.ok) throw new Error(outcome.reason)
    expect(outcome.exitCode).toBe(0)
    expect(outcome.report.recap).toEqual([
      expect.objectContaining({ host: 'elm-node-1', ok: 1, unreachable: 0, failed: 0 })
    ])
  }, 180_000)

  it('refuses the host when the outputs publish another key (a replaced or impostor host)', async () => {
    const outcome = await ping(otherOutputsText)
    expect(outcome.ok && outcome.exitCode).not.toBe(0)
    const text = outcome.ok ? JSON.stringify(outcome.report) : outcome.reason
    expect(text).toMatch(/elm-node-1/)
    expect(text).toMatch(/Host key verification failed/)
  }, 180_000)
})
