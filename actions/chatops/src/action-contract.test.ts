import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { readInputs } from './inputs.js'
import { main } from './main.js'
import { commentEvent, fakeDeps } from './test-support/fakes.js'

interface ActionYml {
  inputs: Record<string, { description?: string; required?: boolean; default?: string }>
  outputs: Record<string, { description?: string }>
  runs: { using: string; main: string }
}

const action = parse(
  readFileSync(join(import.meta.dirname, '..', 'action.yml'), 'utf8')
) as ActionYml

/** Every input name readInputs asks for, in both modes, with every value given. */
function inputsRead(): Set<string> {
  const names = new Set<string>()
  const values: Record<string, string> = {
    'github-token': 't',
    'comment-id': '1',
    'started-at': '1',
    'github-deployment-id': '1',
    result: 'success',
    promoted: 'true',
    'spec-sha': 'a'.repeat(40)
  }
  for (const mode of ['command', 'report', 'resolve', 'recheck']) {
    readInputs(name => {
      names.add(name)
      return name === 'mode' ? mode : (values[name] ?? 'x')
    })
  }
  return names
}

describe('action.yml matches the code', () => {
  it('declares exactly the inputs readInputs reads, each kebab-case with a description', () => {
    expect([...inputsRead()].sort()).toEqual(Object.keys(action.inputs).sort())
    for (const [name, spec] of Object.entries(action.inputs)) {
      expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/)
      expect(spec.description?.length ?? 0).toBeGreaterThan(10)
    }
  })

  it('declares every output main sets, and sets every declared output on some path', async () => {
    const set = new Set<string>()
    const runs = [
      fakeDeps(),
      fakeDeps({ event: commentEvent('/deploy nope 1') }),
      fakeDeps({
        inputs: { mode: 'report', 'comment-id': '9', service: 's', version: '1', result: 'success' }
      })
    ]
    for (const { deps, recorded } of runs) {
      await main(deps)
      Object.keys(recorded.outputs).forEach(name => set.add(name))
    }
    expect([...set].sort()).toEqual(Object.keys(action.outputs).sort())
    for (const spec of Object.values(action.outputs)) {
      expect(spec.description?.length ?? 0).toBeGreaterThan(10)
    }
  })

  it('runs the bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })
})
