import { describe, expect, test } from '@jest/globals'
import { InputError } from '../../shared/errors.js'
import { inputsFrom } from '../../shared/inputs.js'
import { readInputs } from './inputs.js'

const base = { services: 'all', sha: 'a'.repeat(40) }

describe('readInputs', () => {
  test('defaults', () => {
    expect(readInputs(inputsFrom(base))).toEqual({
      services: { kind: 'all' },
      version: undefined,
      releaseVersions: false,
      sha: 'a'.repeat(40),
      registry: 'ghcr.io',
      token: undefined,
      username: 'github-actions',
      push: true,
      builder: 'auto',
      buildArgs: {}
    })
  })
  test.each([
    [
      'changed with base',
      { services: 'changed', base: 'b'.repeat(40) },
      { kind: 'changed', base: 'b'.repeat(40) }
    ],
    ['a list', { services: 'website,\nwww' }, { kind: 'list', names: ['website', 'www'] }]
  ])('services: %s', (_name, values, expected) => {
    expect(readInputs(inputsFrom({ ...base, ...values })).services).toEqual(expected)
  })
  test.each([
    ['services missing', { services: '' }, /Input 'services' is missing/],
    ['changed without base', { services: 'changed' }, /Input 'base' is missing/],
    ['bad service name', { services: 'Web Site' }, /Input 'services' has 'Web Site'/],
    ['bad version', { version: 'v 1' }, /Input 'version' is 'v 1'/],
    ['version posing as a content tag', { version: 'content-1' }, /not starting with 'content-'/],
    ['bad sha', { sha: 'main' }, /Input 'sha' is 'main'/],
    ['bad registry', { registry: 'https://ghcr.io' }, /Input 'registry'/],
    ['bad push', { push: 'yes' }, /Input 'push' is 'yes'/],
    ['bad builder', { builder: 'kaniko' }, /Input 'builder' is 'kaniko'/],
    ['bad build arg', { 'build-args': 'NOEQUALS' }, /Input 'build-args'/]
  ])('%s', (_name, values, message) => {
    const read = (): unknown => readInputs(inputsFrom({ ...base, ...values }))
    expect(read).toThrow(InputError)
    expect(read).toThrow(message)
  })
})
