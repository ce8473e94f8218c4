import { describe, expect, it } from '@jest/globals'
import { renderVariables } from '../nomad/deploy/variables.js'
import { submissionVariables } from './nomad-live.js'

const base = { source: 'job "web" {}', format: 'hcl2', variableFlags: {}, variables: '' }

describe('submissionVariables', () => {
  it.each([
    ['no variables at all', {}, '', undefined],
    [
      'flags only, rendered as the deploy renders them',
      { image: 'a:1', version: '${x}' },
      '',
      renderVariables({ image: 'a:1', version: '${x}' })
    ],
    ['a var file only', {}, 'replicas = 2\n', 'replicas = 2\n'],
    [
      'a flag overrides the var file’s line',
      { image: 'b' },
      'image = "a"\nreplicas = 2\n',
      'replicas = 2\nimage = "b"\n'
    ],
    [
      'a flag that is not an HCL identifier is ignored',
      { 'bad name': 'x', ok: 'y' },
      '',
      'ok = "y"\n'
    ]
  ])('%s', (_name, variableFlags, variables, expected) => {
    expect(submissionVariables({ ...base, variableFlags, variables })).toBe(expected)
  })
})
