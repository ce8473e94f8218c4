import { describe, expect, it } from '@jest/globals'
import type { Clock } from '../../actions/shared/ports.js'
import type { Terminal } from '../terminal.js'
import { prefixedTerminal } from './prefixed-terminal.js'
import { scaledClock } from './scaled-clock.js'

describe('scaledClock', () => {
  it('runs time `speed` times faster and sleeps `speed` times shorter', async () => {
    let wall = 1_000
    const slept: number[] = []
    const base: Clock = {
      now: () => wall,
      sleep: async ms => {
        slept.push(ms)
        wall += ms
      }
    }
    const clock = scaledClock(60, base)
    expect(clock.now()).toBe(1_000)
    await clock.sleep(10_000)
    expect(slept).toEqual([10_000 / 60])
    expect(clock.now()).toBeCloseTo(11_000, 6)
  })
})

describe('prefixedTerminal', () => {
  it('labels every line, including each line of a multi-line write', () => {
    const out: string[] = []
    const inner: Terminal = { out: t => void out.push(t), err: t => void out.push(t), isTTY: false }
    const t = prefixedTerminal(inner, '[simulated]')
    t.out('one\ntwo\n')
    t.err('')
    expect(out).toEqual(['[simulated] one\n[simulated] two', '[simulated]'])
  })
})
