import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { driftFromReport } from '../ansible/check-drift.js'
import { parsePlaybookReport } from '../ansible/report.js'
import { ansibleLayer } from './ansible-drift.js'

/** Recorded check-mode runs from actions/shared/ansible/fixtures, through the ansible module's own parser. */
function recorded(name: string) {
  const parsed = parsePlaybookReport(
    readFileSync(new URL(`../ansible/fixtures/${name}`, import.meta.url), 'utf8')
  )
  if (!parsed.ok) throw new Error(parsed.reason)
  return driftFromReport(parsed.report)
}

describe('ansibleLayer', () => {
  test.each([
    {
      name: 'in sync',
      drift: { status: 'checked' as const, drift: false, hosts: [] },
      status: 'in-sync',
      items: 0
    },
    {
      name: 'a changed task is drift on that host',
      drift: {
        status: 'checked' as const,
        drift: true,
        hosts: [{ host: 'node1', changedTasks: ['Install Nomad'] }]
      },
      status: 'drift',
      items: 1
    },
    {
      name: 'an unreachable host is unknown',
      drift: {
        status: 'unknown' as const,
        reason: 'node1 unreachable: ssh: connect refused',
        hosts: []
      },
      status: 'unknown',
      items: 0
    },
    {
      name: 'drift wins over an unreachable host',
      drift: {
        status: 'unknown' as const,
        reason: 'node2 unreachable',
        hosts: [{ host: 'node1', changedTasks: ['Template nomad.hcl'] }]
      },
      status: 'drift',
      items: 1
    }
  ])('$name', ({ drift, status, items }) => {
    const layer = ansibleLayer(drift)
    expect(layer.status).toBe(status)
    expect(layer.items).toHaveLength(items)
    if (drift.status === 'unknown') expect(layer.reason).toBe(drift.reason)
  })

  test('lists the changed tasks per host', () => {
    const layer = ansibleLayer({
      status: 'checked',
      drift: true,
      hosts: [{ host: 'node1', changedTasks: ['Install Nomad', 'Template nomad.hcl'] }]
    })
    expect(layer.items).toEqual([
      { subject: 'node1', detail: '2 changed tasks: Install Nomad; Template nomad.hcl' }
    ])
    expect(layer.summary).toBe('1 host differs')
  })

  test.each([
    ['check-drift.json', 'drift'],
    ['unreachable-loops.json', 'drift'],
    ['serial-check-failed.json', 'drift']
  ])('recorded run %s → %s (failed and unreachable hosts in the reason)', (fixture, status) => {
    const layer = ansibleLayer(recorded(fixture))
    expect(layer.status).toBe(status)
    if (fixture !== 'check-drift.json') expect(layer.reason).toMatch(/failed at/)
    if (fixture !== 'check-drift.json') expect(layer.reason).toMatch(/failed at/)
  })
})
