import { expect, test } from '@jest/globals'
import { TestClock } from './test-clock.js'

test('sleepers wake in time order as the clock advances, not before', async () => {
  const clock = new TestClock({ start: 1000 })
  const woke: [string, number][] = []
  void clock.sleep(50).then(() => woke.push(['b', clock.now()]))
  void clock.sleep(10).then(() => woke.push(['a', clock.now()]))
  await clock.advance(9)
  expect(woke).toEqual([])
  await clock.advance(100)
  expect(woke).toEqual([
    ['a', 1010],
    ['b', 1050]
  ])
  expect(clock.now()).toBe(1109)
})

test('an aborted sleep rejects and leaves no timer behind', async () => {
  const clock = new TestClock()
  const controller = new AbortController()
  const sleeping = clock.sleep(100, controller.signal)
  controller.abort(new Error('stop'))
  await expect(sleeping).rejects.toThrow('stop')
  expect(clock.pendingTimers).toBe(0)
})

test('autoAdvanceAfterMs jumps to the next sleeper when nothing else happens', async () => {
  const clock = new TestClock({ start: 0, autoAdvanceAfterMs: 1 })
  const started = Date.now()
  await clock.sleep(3_600_000)
  expect(clock.now()).toBe(3_600_000)
  expect(Date.now() - started).toBeLessThan(1000)
})
