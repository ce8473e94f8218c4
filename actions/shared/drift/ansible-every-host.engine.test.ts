import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execRunner } from '../adapters/exec-runner.js'
import { engines, requireEngine } from '../testing/engines.js'
import { probeAnsible } from './ansible-probe.js'

/**
 * #21: one unreachable host must not hide the others. Real ansible-playbook, `serial: 1` and
 * `max_fail_percentage: 0` as in the repository's playbooks; the first host is SSH to a loopback
 * port nobody listens on, the other two are this machine (connection local).
 */
const FIXTURES = new URL('./fixtures/ansible/', import.meta.url).pathname
const run = requireEngine('ansible', engines.ansible())

async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  await new Promise<void>(resolve => server.close(() => resolve()))
  return port
}

;(run ? describe : describe.skip)('probeAnsible covers every host (real ansible-playbook)', () => {
  let dir = ''
  let inventory = ''
  const local = 'ansible_connection=local ansible_python_interpreter=/usr/bin/python3'

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'i21-ansible-'))
    inventory = join(dir, 'hosts.ini')
    const port = await closedPort()
    writeFileSync(
      inventory,
      [
        `i21-gone ansible_host=127.0.0.1 ansible_port=${port} ansible_user=nobody ansible_connection=ssh managed_file=${join(dir, 'gone.txt')}`,
        `i21-b ${local} managed_file=${join(dir, 'b.txt')}`,
        `i21-c ${local} managed_file=${join(dir, 'c.txt')}`,
        ''
      ].join('\n')
    )
    writeFileSync(join(dir, 'c.txt'), 'managed by elm-infra\n', { mode: 0o644 })
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const probe = () =>
    probeAnsible({
      runner: execRunner,
      directory: FIXTURES,
      playbook: 'check-serial.yaml',
      inventory
    })

  test('Ansible alone stops at the unreachable first host: the others are never looked at', () => {
    const out = (() => {
      try {
        return execFileSync('ansible-playbook', ['--check', '-i', inventory, 'check-serial.yaml'], {
          cwd: FIXTURES,
          encoding: 'utf8',
          stdio: 'pipe'
        })
      } catch (error) {
        return String((error as { stdout?: string }).stdout)
      }
    })()
    expect(out).toMatch(/i21-gone\s+: .*unreachable=1/)
    expect(out).not.toMatch(/i21-b\s+:/)
  }, 120_000)

  test('the probe checks the others: drift on i21-b is reported, i21-gone named as not checked', async () => {
    const layer = await probe()
    expect(layer.status).toBe('drift')
    expect(layer.items).toEqual([
      { subject: 'i21-b', detail: '1 changed task: Write the managed file' }
    ])
    expect(layer.summary).toBe('1 host differs, 1 not checked')
    expect(layer.reason).toMatch(/^not checked: i21-gone unreachable at /)
  }, 120_000)

  test('with i21-b in sync too, the layer is unknown for the unreachable host only', async () => {
    writeFileSync(join(dir, 'b.txt'), 'managed by elm-infra\n', { mode: 0o644 })
    const layer = await probe()
    expect(layer.status).toBe('unknown')
    expect(layer.summary).toBe('2 hosts in sync, 1 not checked')
    expect(layer.reason).toMatch(/^not checked: i21-gone unreachable/)
    expect(layer.reason).not.toMatch(/i21-[bc]/)
  }, 120_000)
})
