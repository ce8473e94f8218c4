import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { inputsFrom } from '../../shared/inputs.js'
import { readInputs } from './inputs.js'

const KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----'
const KNOWN = '10.0.0.1 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGc4'
const base = { 'ssh-private-key': KEY, 'known-hosts': KNOWN }

describe('readInputs', () => {
  it('defaults: check mode, ansible/, playbooks/main.yaml', async () => {
    const inputs = await readInputs(inputsFrom(base))
    expect(inputs).toMatchObject({
      mode: 'check',
      directory: 'ansible',
      playbook: 'playbooks/main.yaml',
      sshPrivateKey: `${KEY}\n`,
      knownHosts: `${KNOWN}\n`,
      extraVars: undefined,
      terraformOutputs: undefined
    })
  })

  it.each([
    [{ mode: 'destroy' }, /Input 'mode' is 'destroy': expected one of 'apply', 'check'/],
    [{ 'ssh-private-key': '' }, /Input 'ssh-private-key' is missing/],
    [{ 'known-hosts': '# only a comment' }, /Input 'known-hosts' is missing/],
    [{ 'known-hosts': 'host-without-key' }, /Input 'known-hosts' is 'host-without-key'/],
    [{ 'extra-vars': '- a\n- b' }, /Input 'extra-vars' is not valid \(value hidden/],
    [{ 'extra-vars': 'a: [unclosed' }, /Input 'extra-vars' is not valid \(value hidden/],
    [{ 'terraform-outputs': '{nodes' }, /Input 'terraform-outputs' is not JSON/]
  ])('rejects %j', async (override, message) => {
    await expect(readInputs(inputsFrom({ ...base, ...override }))).rejects.toThrow(message)
  })

  it("needs no known-hosts when the terraform outputs carry every node's host key", async () => {
    const outputs = JSON.stringify({
      nodes: {
        sensitive: false,
        value: [{ name: 'elm-node-1', public_ip: '203.0.113.1', ssh_host_key: KNOWN.slice(9) }]
      }
    })
    const inputs = await readInputs(
      inputsFrom({ 'ssh-private-key': KEY, 'terraform-outputs': outputs })
    )
    expect(inputs.knownHosts).toBeUndefined()
    await expect(
      readInputs(
        inputsFrom({
          'ssh-private-key': KEY,
          'terraform-outputs': JSON.stringify({ nodes: { value: [{ name: 'a' }] } })
        })
      )
    ).rejects.toThrow(
      "Input 'known-hosts' is missing and 'terraform-outputs' has no node with an ssh_host_key"
    )
  })

  it('collects every string in extra-vars to mask, nested ones too', async () => {
    const inputs = await readInputs(
      inputsFrom({ ...base, 'extra-vars': '{"a": "one", "b": {"c": ["two", 3, true]}, "d": ""}' })
    )
    expect(inputs.extraVars?.secrets).toEqual(['one', 'two'])
  })

  it('action.yml declares exactly the inputs readInputs reads, each with a description', async () => {
    const action = parse(readFileSync(join(import.meta.dirname, '..', 'action.yml'), 'utf8')) as {
      inputs: Record<string, { description?: string }>
      outputs: Record<string, { description?: string }>
      runs: { using: string; main: string }
    }
    const read: string[] = []
    await readInputs(name => {
      read.push(name)
      return (base as Record<string, string>)[name] ?? ''
    })
    expect(Object.keys(action.inputs).sort()).toEqual([...new Set(read)].sort())
    for (const spec of [...Object.values(action.inputs), ...Object.values(action.outputs)]) {
      expect(spec.description).toBeTruthy()
    }
    expect(Object.keys(action.outputs).sort()).toEqual(['changed', 'drift', 'failed'])
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })
})
