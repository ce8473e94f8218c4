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

describe('action.yml contract', () => {
  test('every input readInputs reads is declared, described and kebab-case', () => {
    const read = new Set<string>()
    readInputs(name => {
      read.add(name)
      return { services: 'changed', base: 'abc1234', sha: 'abc1234' }[name] ?? ''
    })
    expect([...read].sort()).toEqual(Object.keys(action.inputs).sort())
    for (const [name, spec] of Object.entries({ ...action.inputs, ...action.outputs })) {
      expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/)
      expect(spec.description).toBeTruthy()
    }
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })
})
