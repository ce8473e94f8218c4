import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { inputsFrom } from '../../shared/inputs.js'
import { readInputs } from './inputs.js'
import { pullRequestFromEvent } from './pull-request.js'

const actionYml = parse(readFileSync(join(import.meta.dirname, '..', 'action.yml'), 'utf8')) as {
  inputs: Record<string, { description: string; default?: string }>
  outputs: Record<string, { description: string }>
  runs: { using: string; main: string }
}

const KEY = 'k'.repeat(32)

describe('readInputs', () => {
  it('reads every input action.yml declares, with its defaults', () => {
    const read: string[] = []
    const defaults = Object.fromEntries(
      Object.entries(actionYml.inputs).map(([k, v]) => [k, v.default ?? ''])
    )
    const source = inputsFrom({
      ...defaults,
      command: 'plan',
      'github-token': 't',
      'plan-record-key': KEY
    })
    readInputs(name => {
      read.push(name)
      return source(name)
    })
    expect([...new Set(read)].sort()).toEqual(Object.keys(actionYml.inputs).sort())
    expect(readInputs(source)).toEqual({
      command: 'plan',
      workingDirectory: 'terraform',
      githubToken: 't',
      trustedBot: 'github-actions[bot]',
      planRecordKey: KEY,
      backendConfig: {},
      backendConfigFile: 'state.s3.tfbackend',
      terraformVersion: undefined,
      pullRequest: undefined,
      uploadArtifact: true,
      artifactRetentionDays: 5
    })
    expect(actionYml.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
    for (const [name, value] of [
      ...Object.entries(actionYml.inputs),
      ...Object.entries(actionYml.outputs)
    ]) {
      expect([name, /^[a-z]+(-[a-z]+)*$/.test(name), value.description.length > 10]).toEqual([
        name,
        true,
        true
      ])
    }
  })

  it.each([
    [
      { command: 'destroy' },
      "Input 'command' is 'destroy': expected one of 'plan', 'apply', 'output'."
    ],
    [{ command: 'plan', 'github-token': '' }, "Input 'github-token' is missing"],
    [
      { 'working-directory': '../etc' },
      "Input 'working-directory' is '../etc': expected a path inside the repository."
    ],
    [
      { 'terraform-version': 'latest' },
      "Input 'terraform-version' is 'latest': expected an exact version"
    ],
    [{ 'plan-record-key': '' }, "Input 'plan-record-key' is missing"],
    [{ command: 'apply', 'plan-record-key': '' }, "Input 'plan-record-key' is missing"],
    [
      { 'plan-record-key': 'short' },
      "Input 'plan-record-key' is 5 characters long: expected a random secret of at least 32 characters"
    ],
    [
      { 'backend-config': 'bucket' },
      "Input 'backend-config' is 'bucket': expected one KEY=VALUE pair per line."
    ]
  ])('rejects %p', (bad, message) => {
    expect(() =>
      readInputs(
        inputsFrom({ command: 'plan', 'github-token': 't', 'plan-record-key': KEY, ...bad })
      )
    ).toThrow(message)
  })
})

it('needs no plan-record-key to read the outputs', () => {
  const inputs = readInputs(inputsFrom({ command: 'output', 'github-token': 't' }))
  expect([inputs.command, inputs.planRecordKey]).toEqual(['output', ''])
})

describe('pullRequestFromEvent', () => {
  it('finds the number of a pull_request or issue_comment event', () => {
    expect(pullRequestFromEvent({ pull_request: { number: 4 } })).toBe(4)
    expect(pullRequestFromEvent({ issue: { number: 5 } })).toBe(5)
    expect(pullRequestFromEvent({ ref: 'refs/heads/main' })).toBeUndefined()
    expect(pullRequestFromEvent(null)).toBeUndefined()
  })
})
