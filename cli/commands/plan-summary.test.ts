import { describe, expect, it } from '@jest/globals'
import { join } from 'node:path'
import { CORPUS } from '../../actions/shared/terraform/testing/corpus.js'
import { EXIT } from '../program.js'
import { cli } from '../test-support/run-cli.js'

const plan = (name: string): string => join(CORPUS, name, 'plan.json')

describe('elm-infra plan-summary', () => {
  it('prints one JSON object with the CLI counts and the extra figures', async () => {
    const run = await cli([
      'plan-summary',
      plan('opentofu/simple_object_replace'),
      '--format',
      'json'
    ])
    expect(run.code).toBe(EXIT.ok)
    expect(JSON.parse(run.out)).toEqual({
      add: 1,
      change: 0,
      destroy: 1,
      replace: 1,
      import: 0,
      move: 0,
      drift: 0,
      outputs: 0,
      hasChanges: true
    })
  })

  it('prints the PR comment body with --format markdown', async () => {
    const run = await cli(
      ['plan-summary', plan('terraform-json/110_sensitive_values'), '--format', 'markdown'],
      { GITHUB_REPOSITORY: 'elm/elm-infra', GITHUB_RUN_ID: '7' }
    )
    expect(run.code).toBe(EXIT.ok)
    expect(run.out).toMatch(/^<!-- elm-infra:terraform-plan terraform -->/)
    expect(run.out).toContain('| `foo` | create |  | `(sensitive)` |')
    expect(run.out).toContain('https://github.com/elm/elm-infra/actions/runs/7')
  })

  it('fails with one line naming the file for a plan that is not valid', async () => {
    const file = plan('terraform-json/invalid')
    const run = await cli(['plan-summary', file])
    expect(run.code).toBe(EXIT.usage)
    expect(run.out).toBe('')
    expect(run.err).toBe(
      `elm-infra: ${file}: not valid JSON at line 676, column 29 (Unexpected non-whitespace character after JSON at position 15543)\n`
    )
  })

  it('fails with one line for a missing file, and exit 2 for a bad --format', async () => {
    const missing = await cli(['plan-summary', '/nonexistent/plan.json'])
    expect(missing.code).toBe(EXIT.usage)
    expect(missing.err).toBe(
      "elm-infra: <plan.json>: '/nonexistent/plan.json' does not exist: expected a readable file. (--help for usage)\n"
    )
    const format = await cli(['plan-summary', plan('opentofu/basic_list'), '--format', 'yaml'])
    expect(format.code).toBe(EXIT.usage)
    expect(format.err).toContain("--format <format>: 'yaml' is not one of text, json, markdown.")
  })
})
