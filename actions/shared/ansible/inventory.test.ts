import { describe, expect, it } from '@jest/globals'
import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { requireEngine } from '../testing/engines.js'

const run = promisify(execFile)
const script = join(import.meta.dirname, '..', '..', '..', 'ansible', 'inventory', 'terraform.py')
const PYTHON = '/usr/bin/python3'

function probePython(): { available: boolean; reason: string } {
  try {
    execFileSync(PYTHON, ['--version'], { stdio: 'pipe' })
    return { available: true, reason: '' }
  } catch (error) {
    return { available: false, reason: String(error) }
  }
}

const ready = requireEngine('python3 (for ansible/inventory/terraform.py)', probePython())
const dir = mkdtempSync(join(tmpdir(), 'elm-infra-inventory-'))

/** Runs the inventory script on a `terraform output -json` document. */
async function inventoryOf(outputs: unknown): Promise<{ code: number; out: unknown; err: string }> {
  const file = join(dir, `outputs-${Math.random().toString(36).slice(2)}.json`)
  writeFileSync(file, typeof outputs === 'string' ? outputs : JSON.stringify(outputs))
  try {
    const { stdout } = await run(PYTHON, [script, '--list'], {
      env: { ...process.env, ELM_INFRA_TERRAFORM_OUTPUTS: file }
    })
    return { code: 0, out: JSON.parse(stdout), err: '' }
  } catch (error) {
    const e = error as { code?: number; stderr?: string }
    return { code: e.code ?? -1, out: undefined, err: e.stderr ?? '' }
  }
}

const nodes = [
  { name: 'elm-1', public_ip: '203.0.113.1', private_ip: '10.10.0.2' },
  { name: 'elm-2', public_ip: '203.0.113.2', private_ip: '10.10.0.3' }
]
const expected = (cidrs: string[]): unknown => ({
  cluster: { hosts: ['elm-1', 'elm-2'], vars: { base_firewall_trusted_cidrs: cidrs } },
  _meta: {
    hostvars: {
      'elm-1': { ansible_host: '203.0.113.1', public_ip: '203.0.113.1', private_ip: '10.10.0.2' },
      'elm-2': { ansible_host: '203.0.113.2', public_ip: '203.0.113.2', private_ip: '10.10.0.3' }
    }
  }
})

describe('ansible/inventory/terraform.py', () => {
  if (!ready) {
    it('is not run: no python3 here (the warning above says why)', () => expect(ready).toBe(false))
    return
  }
  it.each([
    [
      'the whole `terraform output -json` document (terraform/outputs.tf)',
      {
        nodes: { sensitive: false, type: ['tuple', []], value: nodes },
        vpc_ip_range: { sensitive: false, type: 'string', value: '10.10.0.0/16' }
      },
      ['10.10.0.0/16']
    ],
    ['the bare `nodes` list: each private IP is trusted', nodes, ['10.10.0.2/32', '10.10.0.3/32']],
    [
      'a map from name to addresses',
      {
        nodes: { 'elm-2': { public_ip: '203.0.113.2', private_ip: '10.10.0.3' }, 'elm-1': nodes[0] }
      },
      ['10.10.0.2/32', '10.10.0.3/32']
    ]
  ])('reads %s', async (_name, outputs, cidrs) => {
    const { code, out } = await inventoryOf(outputs)
    expect(code).toBe(0)
    expect(out).toEqual(expected(cidrs))
  })

  it.each([
    ['no nodes', { nodes: { value: [] } }, /non-empty `nodes` list/],
    [
      'a node without a private IP',
      [{ name: 'elm-1', public_ip: '203.0.113.1' }],
      /lacks private_ip/
    ],
    ['not JSON', '{nodes', /cannot read/]
  ])('refuses %s with a clear message', async (_name, outputs, message) => {
    const { code, err } = await inventoryOf(outputs)
    expect(code).toBe(1)
    expect(err).toMatch(message)
  })
})
