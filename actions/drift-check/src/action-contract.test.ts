import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { readInputs } from './inputs.js'

const action = parse(readFileSync(join(import.meta.dirname, '..', 'action.yml'), 'utf8')) as {
  inputs: Record<string, { description?: string; default?: string }>
  outputs: Record<string, { description?: string }>
  runs: { using: string; main: string }
}

const only = (values: Record<string, string>) => (name: string) => values[name] ?? ''

describe('drift-check action.yml', () => {
  test('declares, describes and kebab-cases every input readInputs reads', () => {
    const read = new Set<string>()
    readInputs(name => {
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

  test('the defaults in action.yml are the defaults readInputs applies', () => {
    const fromYaml = readInputs(
      name => action.inputs[name]?.default?.replace('${{ github.token }}', 't') ?? ''
    )
    expect(fromYaml).toEqual(readInputs(only({ 'github-token': 't' })))
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
    [{ 'github-token': '' }, /Input 'github-token' is missing/]
  ])('rejects %j', (values, message) => {
    expect(() => readInputs(only({ 'github-token': 't', ...values }))).toThrow(message)
  })

  test('layers are deduplicated, case-insensitive, in any order', () => {
    expect(
      readInputs(only({ 'github-token': 't', layers: 'Nomad, terraform,nomad' })).layers
    ).toEqual(['nomad', 'terraform'])
  })
})
