import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execRunner } from '../adapters/exec-runner.js'
import { describeWithEngines } from '../testing/describe-with-engines.js'
import { engines } from '../testing/engines.js'
import { probeAnsible } from './ansible-probe.js'

const FIXTURES = new URL('./fixtures/ansible/', import.meta.url).pathname
const describeAnsible = describeWithEngines({ ansible: engines.ansible() })

describeAnsible('probeAnsible (real ansible-playbook)', () => {
  let dir = ''
  let managed = ''
  let inventory = ''

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'drift-ansible-test-'))
    managed = join(dir, 'managed.txt')
    inventory = join(dir, 'hosts.ini')
    writeFileSync(
      inventory,
      `local1 ansible_connection=local ansible_python_interpreter=/usr/bin/python3 managed_file=${managed}\n`
    )
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const probe = (inv: string) =>
    probeAnsible({
      runner: execRunner,
      directory: FIXTURES,
      playbook: 'check.yaml',
      inventory: inv
    })

  test('a file the playbook would write is drift on that host', async () => {
    const layer = await probe(inventory)
    expect(layer.status).toBe('drift')
    expect(layer.items).toEqual([
      { subject: 'local1', detail: '1 changed task: Write the managed file' }
    ])
  }, 60_000)

  test('once the host matches, the layer is in sync', async () => {
    writeFileSync(managed, 'managed by elm-infra\n', { mode: 0o644 })
    const layer = await probe(inventory)
    expect(layer).toMatchObject({ status: 'in-sync', items: [] })
  }, 60_000)

  test('an inventory that matches no host is unknown, never in sync', async () => {
    const layer = await probe(join(dir, 'missing.ini'))
    expect(layer.status).toBe('unknown')
    expect(layer.reason).toContain('matched no hosts')
  }, 60_000)
})
