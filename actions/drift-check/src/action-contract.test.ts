import { describe, expect, test } from '@jest/globals'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { readInputs } from './inputs.js'
import { caFile } from './probes.js'

const action = parse(readFileSync(join(import.meta.dirname, '..', 'action.yml'), 'utf8')) as {
  inputs: Record<string, { description?: string; default?: string }>
  outputs: Record<string, { description?: string }>
  runs: { using: string; main: string }
}

const only = (values: Record<string, string>) => (name: string) => values[name] ?? ''

describe('drift-check action.yml', () => {
  test('declares, describes and kebab-cases every input readInputs reads', async () => {
    const read = new Set<string>()
    await readInputs(name => {
      read.add(name)
      return name === 'github-token' ? 't' : ''
    })
    expect([...read].sort()).toEqual(Object.keys(action.inputs).sort())
    for (const [name, spec] of Object.entries({ ...action.inputs, ...action.outputs })) {
      expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/)
      expect(spec.description).toBeTruthy()
    }
    expect(Object.keys(action.outputs).sort()).toEqual(['drift', 'issue-number'])
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  test('the defaults in action.yml are the defaults readInputs applies', async () => {
    const fromYaml = await readInputs(
      name => action.inputs[name]?.default?.replace('${{ github.token }}', 't') ?? ''
    )
    expect(fromYaml).toEqual(await readInputs(only({ 'github-token': 't' })))
    expect(fromYaml).toMatchObject({
      layers: ['terraform', 'nomad', 'ansible'],
      nomadConcurrency: 8,
      failOnDrift: true,
      terraformDir: 'terraform',
      ansibleDir: 'ansible',
      ansiblePlaybook: 'playbooks/main.yaml'
    })
  })

  test.each([
    [{ layers: 'nomad,kubernetes' }, /Input 'layers' has 'kubernetes'/],
    [{ 'nomad-concurrency': '0' }, /Input 'nomad-concurrency' is '0'/],
    [{ 'fail-on-drift': 'yes' }, /Input 'fail-on-drift' is 'yes'/],
    [
      { 'nomad-ca-cert': '-----BEGIN CERTIFICATE-----\nMIIB' },
      /Input 'nomad-ca-cert' starts like PEM but holds no complete CERTIFICATE block/
    ],
    [{ 'github-token': '' }, /Input 'github-token' is missing/],
    [
      { 'ansible-known-hosts': 'host-without-key' },
      /Input 'ansible-known-hosts' is 'host-without-key'/
    ]
  ])('rejects %j', async (values, message) => {
    await expect(readInputs(only({ 'github-token': 't', ...values }))).rejects.toThrow(message)
  })

  test.each([
    [
      { 'ansible-ssh-private-key': 'hunter2' },
      /Input 'ansible-ssh-private-key' is not valid \(value hidden/
    ],
    [
      { 'ansible-extra-vars': '- hunter2' },
      /Input 'ansible-extra-vars' is not valid \(value hidden/
    ],
    [
      { 'terraform-outputs': '{"hunter2"' },
      /Input 'terraform-outputs' is not JSON \(value not shown/
    ]
  ])('rejects %j without echoing the secret', async (values, message) => {
    const read = () => readInputs(only({ 'github-token': 't', ...values }))
    await expect(read()).rejects.toThrow(message)
    await expect(read()).rejects.not.toThrow(/hunter2/)
  })

  test('the Ansible secrets are read for the layer: extra vars with every value to mask', async () => {
    const inputs = await readInputs(
      only({
        'github-token': 't',
        'ansible-extra-vars': 'consul_gossip_key: c2VjcmV0\nports: [8500]',
        'terraform-outputs': '{"token": {"sensitive": true, "value": "tf-secret"}}',
        'ansible-ssh-user': 'deploy'
      })
    )
    expect(inputs).toMatchObject({
      ansibleExtraVars: { secrets: ['c2VjcmV0'] },
      terraformOutputs: { secrets: ['tf-secret'] },
      ansibleSshUser: 'deploy'
    })
  })

  test('layers are deduplicated, case-insensitive, in any order', async () => {
    expect(
      (await readInputs(only({ 'github-token': 't', layers: 'Nomad, terraform,nomad' }))).layers
    ).toEqual(['nomad', 'terraform'])
  })

  test('a CA given as PEM text is written to a private 0600 file, removed on close; a path is kept', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----'
    const parent = mkdtempSync(join(tmpdir(), 'i21-ca-'))
    const written = caFile(pem, parent)
    expect(written.path?.startsWith(parent)).toBe(true)
    expect(readFileSync(written.path ?? '', 'utf8')).toBe(`${pem}\n`)
    expect(statSync(written.path ?? '').mode & 0o777).toBe(0o600)
    written.remove()
    expect(existsSync(written.path ?? '')).toBe(false)
    expect(caFile('/etc/nomad/ca.pem', parent).path).toBe('/etc/nomad/ca.pem')
    rmSync(parent, { recursive: true, force: true })
  })
})
