import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describeResult, parsePlaybookReport, type PlaybookReport } from './report.js'

const fixture = (name: string): string =>
  readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8')

function parsed(stdout: string): PlaybookReport {
  const result = parsePlaybookReport(stdout)
  if (!result.ok) throw new Error(result.reason)
  return result.report
}

describe('parsePlaybookReport on real json-callback output', () => {
  const cases: Array<{
    name: string
    file: string
    recap: Array<[string, { ok: number; changed: number; failed: number; unreachable: number }]>
    changes: Array<[string, string]>
    failures: Array<[string, string, boolean, RegExp]>
  }> = [
    {
      name: 'check mode of the real playbook after a file was edited by hand',
      file: 'check-drift.json',
      recap: [['e-h1', { ok: 46, changed: 1, failed: 0, unreachable: 0 }]],
      changes: [['e-h1', 'base : Write the fail2ban jails']],
      failures: []
    },
    {
      name: 'serial: 1, the second host fails, the third never runs',
      file: 'serial-check-failed.json',
      recap: [
        ['a', { ok: 1, changed: 1, failed: 0, unreachable: 0 }],
        ['b', { ok: 1, changed: 1, failed: 1, unreachable: 0 }]
      ],
      changes: [
        ['a', 'Write a file'],
        ['b', 'Write a file']
      ],
      failures: [['b', 'Fail on b', false, /^b is broken$/]]
    },
    {
      name: 'loops, an ignored failure, a failing loop item and an unreachable host',
      file: 'unreachable-loops.json',
      recap: [
        ['a', { ok: 2, changed: 1, failed: 1, unreachable: 0 }],
        ['b', { ok: 2, changed: 1, failed: 1, unreachable: 0 }],
        ['c', { ok: 0, changed: 0, failed: 0, unreachable: 1 }]
      ],
      changes: [
        ['a', 'Loop over items'],
        ['b', 'Loop over items']
      ],
      failures: [
        ['a', 'Failing loop', false, /^item z: non-zero return code/],
        ['b', 'Failing loop', false, /^item z: non-zero return code/],
        ['c', 'Loop over items', true, /Failed to connect to the host via ssh/]
      ]
    },
    {
      name: 'the consul role against a mirror whose SHA256SUMS does not match the zip',
      file: 'checksum-mismatch.json',
      recap: [['e-h2', { ok: 5, changed: 3, failed: 1, unreachable: 0 }]],
      changes: [
        ['e-h2', 'consul : Create the consul group'],
        ['e-h2', 'consul : Create the consul user'],
        ['e-h2', 'consul : Create the download directory']
      ],
      failures: [
        [
          'e-h2',
          'consul : Download consul and check it against SHA256SUMS',
          false,
          /^The checksum for .*consul_1\.20\.1_linux_amd64\.zip did not match/
        ]
      ]
    }
  ]

  it.each(cases)('$name', ({ file, recap, changes, failures }) => {
    const report = parsed(fixture(file))
    expect(
      report.recap.map(r => [
        r.host,
        { ok: r.ok, changed: r.changed, failed: r.failed, unreachable: r.unreachable }
      ])
    ).toEqual(recap)
    expect(report.changes.map(c => [c.host, c.task])).toEqual(changes)
    expect(report.failures.map(f => [f.host, f.task, f.unreachable])).toEqual(
      failures.map(([h, t, u]) => [h, t, u])
    )
    report.failures.forEach((f, i) => expect(f.message).toMatch(failures[i]![3]))
  })

  it('does not count the ignored failure (stats say failures are the last ones)', () => {
    const report = parsed(fixture('unreachable-loops.json'))
    expect(report.failures.some(f => f.task === 'Ignored failure')).toBe(false)
    expect(report.recap.find(r => r.host === 'a')?.ignored).toBe(1)
  })

  it('finds the document after stray lines before it', () => {
    const report = parsed(`[WARNING]: something\n${fixture('serial-check-failed.json')}`)
    expect(report.recap).toHaveLength(2)
  })
})

describe('parsePlaybookReport on broken input', () => {
  it.each([
    ['empty stdout', ''],
    ['an error line only', 'ERROR! the playbook: nope.yaml could not be found'],
    ['truncated JSON', '{"plays": [ {"play"'],
    ['JSON without stats', '{"plays": []}']
  ])('%s is not a report', (_name, stdout) => {
    const result = parsePlaybookReport(stdout)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.reason).toMatch(/no JSON report/)
  })

  it('turns odd stats values into zeros instead of NaN', () => {
    const report = parsed('{"plays": [], "stats": {"h": {"ok": "3", "changed": null}}}')
    expect(report.recap).toEqual([
      {
        host: 'h',
        ok: 0,
        changed: 0,
        failed: 0,
        unreachable: 0,
        skipped: 0,
        rescued: 0,
        ignored: 0
      }
    ])
  })
})

describe('describeResult', () => {
  it('keeps the start and the end of a long message (ssh puts its verdict last)', () => {
    const banner =
      '@'.repeat(300) + ' WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED! ' + 'x '.repeat(300)
    const text = describeResult({
      msg: `Data could not be sent: ${banner}\nHost key verification failed.`,
      unreachable: true
    })
    expect(text.length).toBeLessThanOrEqual(400)
    expect(text).toMatch(/^Data could not be sent: @+/)
    expect(text).toMatch(/ … .*Host key verification failed\.$/)
  })

  it('uses the last stderr line when there is one', () => {
    expect(describeResult({ msg: 'non-zero return code', stderr: 'first\nsshd: bad option' })).toBe(
      'non-zero return code: sshd: bad option'
    )
  })
})
