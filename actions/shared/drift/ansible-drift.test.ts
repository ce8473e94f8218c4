import { describe, expect, test } from '@jest/globals'
import { ansibleLayer } from './ansible-drift.js'

describe('ansibleLayer', () => {
  test.each([
    {
      name: 'no changes anywhere',
      hosts: [
        { host: 'node1', changed: [] },
        { host: 'node2', changed: [] }
      ],
      status: 'in-sync',
      items: 0
    },
    {
      name: 'a changed task is drift on that host',
      hosts: [
        { host: 'node1', changed: ['Install Nomad'] },
        { host: 'node2', changed: [] }
      ],
      status: 'drift',
      items: 1
    },
    {
      name: 'an unreachable host is unknown',
      hosts: [
        {
          host: 'node1',
          changed: [],
          unreachable: 'ssh: connect to host node1 port 22: Connection refused'
        }
      ],
      status: 'unknown',
      items: 0
    },
    {
      name: 'a failed task is unknown',
      hosts: [{ host: 'node1', changed: [], failed: ['Check docker: no such file'] }],
      status: 'unknown',
      items: 0
    },
    {
      name: 'drift wins over an unreachable host',
      hosts: [
        { host: 'node1', changed: ['Template nomad.hcl'] },
        { host: 'node2', changed: [], unreachable: 'timeout' }
      ],
      status: 'drift',
      items: 1
    },
    { name: 'no hosts is unknown', hosts: [], status: 'unknown', items: 0 }
  ])('$name', ({ hosts, status, items }) => {
    const layer = ansibleLayer(hosts)
    expect(layer.status).toBe(status)
    expect(layer.items).toHaveLength(items)
    if (status === 'unknown') expect(layer.reason).toBeTruthy()
  })

  test('lists the changed tasks per host', () => {
    const layer = ansibleLayer([
      { host: 'node1', changed: ['Install Nomad', 'Template nomad.hcl'] }
    ])
    expect(layer.items).toEqual([
      { subject: 'node1', detail: '2 changed tasks: Install Nomad; Template nomad.hcl' }
    ])
    expect(layer.summary).toBe('1 of 1 hosts differ')
  })
})
