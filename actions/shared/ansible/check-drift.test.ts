import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CommandRunner } from '../ports.js'
import { checkAnsibleDrift, driftFromReport } from './check-drift.js'
import { parsePlaybookReport } from './report.js'

const fixture = (name: string): string =>
  readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8')

function runnerPrinting(stdout: string, exitCode = 0): CommandRunner & { args: string[][] } {
  const args: string[][] = []
  return {
    args,
    async run(_command, a) {
      args.push([...a])
      return { exitCode, stdout, stderr: 'boom' }
    }
  }
}

describe('checkAnsibleDrift', () => {
  it('runs check mode and lists the changed tasks per host', async () => {
    const runner = runnerPrinting(fixture('check-drift.json'))
    const drift = await checkAnsibleDrift(runner, { directory: '/a', playbook: 'p.yaml' })
    expect(runner.args[0]).toEqual(expect.arrayContaining(['--check', '--diff']))
    expect(drift).toEqual({
      status: 'checked',
      drift: true,
      hosts: [{ host: 'e-h1', changedTasks: ['base : Write the fail2ban jails'] }]
    })
  })

  it('a failed or unreachable host makes it unknown, never "no drift"', async () => {
    const drift = await checkAnsibleDrift(runnerPrinting(fixture('unreachable-loops.json'), 4), {
      directory: '/a',
      playbook: 'p.yaml'
    })
    expect(drift.status).toBe('unknown')
    if (drift.status === 'unknown')
      expect(drift.reason).toMatch(/c unreachable at 'Loop over items'/)
  })

  it('no report at all is unknown with the reason', async () => {
    const drift = await checkAnsibleDrift(runnerPrinting('', 1), {
      directory: '/a',
      playbook: 'p.yaml'
    })
    expect(drift).toEqual({ status: 'unknown', reason: expect.stringMatching(/boom/), hosts: [] })
  })

  it('a clean report is checked with no drift', () => {
    const parsed = parsePlaybookReport(fixture('check-drift.json'))
    if (!parsed.ok) throw new Error(parsed.reason)
    expect(driftFromReport({ ...parsed.report, changes: [] })).toEqual({
      status: 'checked',
      drift: false,
      hosts: []
    })
  })
})
