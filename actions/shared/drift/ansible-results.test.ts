import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { ansibleLayer } from './ansible-drift.js'
import { readCheckResults } from './ansible-results.js'

/** Recorded from ansible-core 2.14 `--check --diff` with ansible.posix.json: one local host, one unreachable. */
const RECORDED: unknown = JSON.parse(
  readFileSync(new URL('./fixtures/ansible-check.json', import.meta.url), 'utf8')
)

describe('readCheckResults', () => {
  test('a recorded check run: changed tasks per host, unreachable hosts named', () => {
    expect(readCheckResults(RECORDED)).toEqual([
      { host: 'bad1', changed: [], unreachable: expect.stringContaining('Connection refused') },
      { host: 'local1', changed: ['Write a file'] }
    ])
    expect(ansibleLayer(readCheckResults(RECORDED)).status).toBe('drift')
  })

  test('failed tasks are kept apart from changed ones; ignored failures are not failures', () => {
    const doc = {
      plays: [
        {
          tasks: [
            {
              task: { name: 'Install' },
              hosts: { n1: { changed: true }, n2: { failed: true, msg: 'No package\nmore' } }
            },
            {
              task: { name: 'Probe' },
              hosts: { n1: { failed: true, ignore_errors: true, changed: false } }
            }
          ]
        }
      ],
      stats: { n1: {}, n2: {}, n3: {} }
    }
    expect(readCheckResults(doc)).toEqual([
      { host: 'n1', changed: ['Install'] },
      { host: 'n2', changed: [], failed: ['Install: No package'] },
      { host: 'n3', changed: [] }
    ])
  })

  test('refuses output that is not the JSON callback document', () => {
    expect(() => readCheckResults({ msg: 'x' })).toThrow('JSON callback')
  })
})
