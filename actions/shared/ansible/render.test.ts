import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  describeFailures,
  renderChanges,
  renderFailures,
  renderPlaybookSummary,
  renderRecapTable
} from './render.js'
import { parsePlaybookReport, type PlaybookReport } from './report.js'

function report(file: string): PlaybookReport {
  const parsed = parsePlaybookReport(
    readFileSync(join(import.meta.dirname, 'fixtures', file), 'utf8')
  )
  if (!parsed.ok) throw new Error(parsed.reason)
  return parsed.report
}

describe('renderRecapTable', () => {
  it('has one row per host with its counts and a result', () => {
    const table = renderRecapTable(report('unreachable-loops.json'))
    expect(table.split('\n')).toEqual([
      '| host | result | ok | changed | failed | unreachable | skipped |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
      '| a | ❌ failed | 2 | 1 | 1 | 0 | 0 |',
      '| b | ❌ failed | 2 | 1 | 1 | 0 | 0 |',
      '| c | ⚠️ unreachable | 0 | 0 | 0 | 1 | 0 |',
      ''
    ])
  })

  it('says so when no host ran', () => {
    expect(renderRecapTable({ recap: [], changes: [], failures: [] })).toMatch(/No host was run/)
  })

  it('escapes pipes in host names', () => {
    const r = {
      host: 'a|b',
      ok: 1,
      changed: 0,
      failed: 0,
      unreachable: 0,
      skipped: 0,
      rescued: 0,
      ignored: 0
    }
    expect(renderRecapTable({ recap: [r], changes: [], failures: [] })).toContain('| a\\|b |')
  })
})

describe('changes and failures', () => {
  it('lists drift per host under the heading', () => {
    expect(renderChanges(report('check-drift.json'), 'Drift')).toBe(
      '### Drift\n\n- **e-h1**\n  - base : Write the fail2ban jails\n'
    )
  })

  it('renders nothing when nothing changed or failed', () => {
    const empty = { recap: [], changes: [], failures: [] }
    expect(renderChanges(empty, 'Drift')).toBe('')
    expect(renderFailures(empty)).toBe('')
  })

  it('names host, task and message of each failure', () => {
    const r = report('serial-check-failed.json')
    expect(renderFailures(r)).toContain('| b | failed | Fail on b | b is broken |')
    expect(describeFailures(r)).toBe("b: failed at task 'Fail on b': b is broken")
  })
})

describe('renderPlaybookSummary', () => {
  it('check mode with drift: title, table and drift section', () => {
    const md = renderPlaybookSummary(report('check-drift.json'), 'check')
    expect(md).toMatch(/^## Ansible check \(--check --diff\)/)
    expect(md).toContain('### Drift: tasks that would change')
    expect(md).not.toContain('No drift')
  })

  it('check mode in sync says no drift', () => {
    const r = report('check-drift.json')
    const md = renderPlaybookSummary({ ...r, changes: [] }, 'check')
    expect(md).toContain('No drift: every host matches the playbook.')
  })

  it('apply mode lists changed tasks, not drift', () => {
    const md = renderPlaybookSummary(report('check-drift.json'), 'apply')
    expect(md).toMatch(/^## Ansible apply/)
    expect(md).toContain('### Changed tasks')
    expect(md).not.toContain('Drift')
  })
})
