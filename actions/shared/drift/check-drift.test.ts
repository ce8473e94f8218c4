import { describe, expect, test } from '@jest/globals'
import { checkDrift } from './check-drift.js'

describe('checkDrift', () => {
  test('a probe that throws or is missing makes its layer unknown with the reason', async () => {
    const report = await checkDrift(['ansible', 'terraform', 'nomad'], {
      terraform: async () => ({
        layer: 'terraform',
        status: 'in-sync',
        summary: 'no changes',
        items: []
      }),
      nomad: async () => {
        throw new Error('connect ECONNREFUSED')
      },
      ansible: { missing: "input 'ansible-inventory' is empty" }
    })
    expect(report.layers.map(l => [l.layer, l.status, l.reason])).toEqual([
      ['terraform', 'in-sync', undefined],
      ['nomad', 'unknown', 'connect ECONNREFUSED'],
      ['ansible', 'unknown', "input 'ansible-inventory' is empty"]
    ])
    expect(report.verdict).toBe('unknown')
  })

  test('drift in one layer is drift overall, even with another unknown', async () => {
    const report = await checkDrift(['terraform', 'nomad'], {
      terraform: async () => ({
        layer: 'terraform',
        status: 'drift',
        summary: '1 to change',
        items: [{ subject: 'a', detail: 'update' }]
      })
    })
    expect(report.verdict).toBe('true')
    expect(report.layers[1]).toMatchObject({ layer: 'nomad', status: 'unknown' })
  })

  test('no layers at all is unknown, never in sync', async () => {
    expect((await checkDrift([], {})).verdict).toBe('unknown')
  })
})
