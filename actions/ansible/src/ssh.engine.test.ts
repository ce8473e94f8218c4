import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { stringify } from 'yaml'
import { ensureHostImage } from '../../shared/ansible/testing/host-image.js'
import { DOCKER, engines, requireEngine } from '../../shared/testing/engines.js'
import { runActionProcess } from '../../shared/testing/run-action-process.js'

const run = promisify(execFile)
const ready =
  requireEngine('docker', engines.docker()) &&
  requireEngine('ansible', engines.ansible()) &&
  requireEngine('ssh', { ...probeSsh() })

function probeSsh(): { available: boolean; reason: string } {
  try {
    readFileSync('/usr/bin/ssh')
    readFileSync('/usr/bin/ssh-keygen')
    return { available: true, reason: '' }
  } catch {
    return { available: false, reason: 'openssh-client (ssh, ssh-keygen) is not installed' }
  }
}

const NAME = `elm-infra-ansible-ssh-${process.pid}-${Math.random().toString(36).slice(2, 7)}`
const PORT = 20000 + Math.floor(Math.random() * 20000)
const playbook = join(import.meta.dirname, '..', 'fixtures', 'ping.yaml')

describe('the ansible action over real SSH (sshd in a Debian container on 127.0.0.1)', () => {
  if (!ready) {
    it('is not run: no docker, ansible or ssh here (the warning above says why)', () =>
      expect(ready).toBe(false))
    return
  }
  const work = mkdtempSync(join(tmpdir(), 'elm-infra-ansible-ssh-'))
  const inventory = join(work, 'inventory.yml')
  let privateKey = ''
  let hostKeyLine = ''
  let otherKeyLine = ''

  beforeAll(async () => {
    const image = await ensureHostImage()
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ci', '-f', join(work, 'id')])
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'x', '-f', join(work, 'other')])
    privateKey = readFileSync(join(work, 'id'), 'utf8')
    const publicKey = readFileSync(join(work, 'id.pub'), 'utf8').trim()
    await run(DOCKER, ['rm', '-f', NAME]).catch(() => undefined)
    // The only container on the host network: sshd must be reachable from ansible on 127.0.0.1.
    await run(DOCKER, [
      'run',
      '-d',
      '--name',
      NAME,
      '--network',
      'host',
      '--label',
      'elm-infra-test=ansible',
      '-e',
      `PUB=${publicKey}`,
      image,
      'sh',
      '-c',
      'mkdir -p /root/.ssh /run/sshd && printf "%s\\n" "$PUB" > /root/.ssh/authorized_keys && ' +
        'chmod 700 /root/.ssh && chmod 600 /root/.ssh/authorized_keys && ' +
        `exec /usr/sbin/sshd -D -e -p ${PORT} -o ListenAddress=127.0.0.1 ` +
        '-o PermitRootLogin=prohibit-password -o PasswordAuthentication=no'
    ])
    const hostKey = (await run(DOCKER, ['exec', NAME, 'cat', '/etc/ssh/ssh_host_ed25519_key.pub']))
      .stdout
    hostKeyLine = `[127.0.0.1]:${PORT} ${hostKey.trim().split(' ').slice(0, 2).join(' ')}`
    const other = readFileSync(join(work, 'other.pub'), 'utf8')
    otherKeyLine = `[127.0.0.1]:${PORT} ${other.trim().split(' ').slice(0, 2).join(' ')}`
    writeFileSync(
      inventory,
      stringify({
        cluster: {
          hosts: { 'ssh-node': { ansible_host: '127.0.0.1', ansible_port: PORT } },
          vars: { ansible_user: 'root', ansible_python_interpreter: '/usr/bin/python3' }
        }
      })
    )
    for (let i = 0; i < 50; i++) {
      const up = await run('ssh-keyscan', ['-p', String(PORT), '127.0.0.1']).catch(() => undefined)
      if (up && up.stdout.includes('ssh-ed25519')) return
      await new Promise(resolve => setTimeout(resolve, 200))
    }
    throw new Error('sshd never answered')
  }, 600_000)

  afterAll(async () => {
    await run(DOCKER, ['rm', '-f', NAME]).catch(() => undefined)
    rmSync(work, { recursive: true, force: true })
  }, 60_000)

  async function action(knownHosts: string, runnerTemp: string) {
    return runActionProcess('ansible', {
      inputs: {
        mode: 'apply',
        playbook,
        inventory,
        'ssh-private-key': privateKey,
        'known-hosts': knownHosts
      },
      env: { RUNNER_TEMP: runnerTemp },
      timeoutMs: 120_000
    })
  }

  it('logs in with the key and a verified host key, then removes the key files', async () => {
    const temp = mkdtempSync(join(work, 'runner-temp-'))
    const result = await action(hostKeyLine, temp)
    if (result.exitCode !== 0) throw new Error(`action failed:\n${result.stdout}\n${result.stderr}`)
    expect(result.outputs).toEqual({ changed: 'false', failed: 'false', drift: 'false' })
    expect(result.summary).toContain('| ssh-node | ✅ ok | 1 | 0 | 0 | 0 | 0 |')
    expect(readdirSync(temp)).toEqual([])
  }, 180_000)

  it('refuses a host whose key is not the one in known-hosts, naming host and task', async () => {
    const temp = mkdtempSync(join(work, 'runner-temp-'))
    const result = await action(otherKeyLine, temp)
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toMatch(
      /ssh-node: unreachable at task 'Ping the host': .*Host key verification failed/
    )
    expect(result.outputs['failed']).toBe('true')
    expect(readdirSync(temp)).toEqual([])
  }, 180_000)
})
