import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { engines, requireEngine } from '../testing/engines.js'
import { publicOutputs } from './public-outputs.js'

/** The installed terraform's own `output -json` is the input: sensitive outputs never pass. */
const available = requireEngine('terraform', engines.terraform())
let dir = ''
const tf = (...args: string[]): string =>
  execFileSync('terraform', args, {
    cwd: dir,
    env: { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe']
  })

const CONFIG = `
resource "terraform_data" "node" {
  count = 2
  input = { name = "node-\${count.index}", public_ip = "192.0.2.\${count.index + 10}" }
}
output "nodes" { value = [for n in terraform_data.node : n.output] }
output "gossip_key" {
  value     = "s3cr3t-gossip"
  sensitive = true
}
`

describe('publicOutputs over real terraform output -json', () => {
  if (!available) {
    it('is not run: no terraform binary (see the warning above)', () =>
      expect(available).toBe(false))
    return
  }
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), '16-tf-outputs-'))
    await writeFile(join(dir, 'main.tf'), CONFIG)
    tf('init', '-input=false', '-no-color')
    tf('apply', '-input=false', '-no-color', '-auto-approve')
  }, 60_000)
  afterAll(async () => rm(dir, { recursive: true, force: true }))

  it('keeps the nodes and drops the sensitive value entirely', () => {
    const raw = tf('output', '-json', '-no-color')
    expect(raw).toContain('s3cr3t-gossip') // terraform prints it in clear: the reason for the filter
    const { outputs, sensitive } = publicOutputs(raw)
    expect(outputs).toEqual({
      nodes: [
        { name: 'node-0', public_ip: '192.0.2.10' },
        { name: 'node-1', public_ip: '192.0.2.11' }
      ]
    })
    expect(sensitive).toEqual(['gossip_key'])
    expect(JSON.stringify(outputs)).not.toContain('s3cr3t')
  })

  it('refuses text that is not the JSON object terraform prints', () => {
    expect(() => publicOutputs('Warning: No outputs found')).toThrow('did not print JSON')
    expect(() => publicOutputs('[]')).toThrow('did not print an object')
  })
})
