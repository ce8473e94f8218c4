import { describe, expect, it } from '@jest/globals'
import { EXIT } from './program.js'
import { cli } from './test-support/run-cli.js'

describe('elm-infra', () => {
  it('prints help with the exit codes', async () => {
    const { code, out } = await cli(['--help'])
    expect(code).toBe(EXIT.ok)
    expect(out).toContain('Exit codes: 0 ok, 1 failure')
    expect(out).toContain('services')
  })

  it('answers --help on every subcommand', async () => {
    const { out } = await cli(['--help'])
    const names = [...out.matchAll(/^ {2}([a-z-]+)(?: \[options\]| <)/gm)].map(m => m[1] ?? '')
    expect(names.length).toBeGreaterThan(0)
    for (const name of names.filter(n => n !== 'help')) {
      const result = await cli([name, '--help'])
      expect(result.code).toBe(EXIT.ok)
      expect(result.out).toContain(`Usage: elm-infra ${name}`)
    }
  })

  it.each([[['nope']], [[]], [['services', '--bogus']]])(
    'exits 2 on a usage error: %j',
    async argv => {
      const { code } = await cli(argv)
      expect(code).toBe(EXIT.usage)
    }
  )
})
