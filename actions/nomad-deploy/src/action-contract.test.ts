import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { readInputs } from './inputs.js'

const action = parse(readFileSync(join(import.meta.dirname, '..', 'action.yml'), 'utf8')) as {
  inputs: Record<string, { description?: string }>
  outputs: Record<string, { description?: string }>
  runs: { using: string; main: string }
}

describe('nomad-deploy action.yml', () => {
  test('declares, describes and kebab-cases every input readInputs reads', () => {
    const read = new Set<string>()
    readInputs(name => {
      read.add(name)
      return name === 'service' ? 'website' : ''
    })
    expect([...read].sort()).toEqual(Object.keys(action.inputs).sort())
    for (const [name, spec] of Object.entries({ ...action.inputs, ...action.outputs })) {
      expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/)
      expect(spec.description).toBeTruthy()
    }
    expect(Object.keys(action.outputs).sort()).toEqual(
      [
        'deployment-id',
        'github-deployment-id',
        'job-version',
        'promoted',
        'reason',
        'reverted-app-version',
        'reverted-to',
        'status'
      ].sort()
    )
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  test.each([
    [{}, /exactly one of inputs 'service' and 'job-file' \(got neither\)/],
    [{ service: 'website', 'job-file': 'nomad/website.nomad.hcl' }, /got both/],
    [{ service: 'website', timeout: 'soon' }, /Input 'timeout' is 'soon'/],
    [{ service: 'website', 'nomad-skip-verify': 'yes' }, /Input 'nomad-skip-verify' is 'yes'/],
    [{ service: 'website', variables: 'nope' }, /one KEY=VALUE pair per line/]
  ])('rejects %j', (values, message) => {
    expect(() => readInputs(name => (values as Record<string, string>)[name] ?? '')).toThrow(
      message
    )
  })

  test('image and version become job variables beside the others', () => {
    const inputs = readInputs(
      name =>
        ({
          'job-file': 'nomad/www.nomad.hcl',
          image: 'ghcr.io/elm/www@sha256:ab',
          version: '7',
          variables: 'region = ams3'
        })[name] ?? ''
    )
    expect(inputs.variables).toEqual({
      region: 'ams3',
      image: 'ghcr.io/elm/www@sha256:ab',
      version: '7'
    })
    expect(inputs.target).toEqual({ kind: 'file', path: 'nomad/www.nomad.hcl' })
    expect(inputs.timeoutMs).toBe(15 * 60_000)
  })
})
