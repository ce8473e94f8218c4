import { describe, expect, it } from '@jest/globals'
import { TIMING_ENV, timingFromEnv } from './timing-env.js'

describe('timingFromEnv', () => {
  it('is empty when unset, and reads known numeric keys', () => {
    expect(timingFromEnv({})).toEqual({})
    expect(timingFromEnv({ [TIMING_ENV]: '{"retryBaseMs":5,"writeSpacingMs":0}' })).toEqual({
      retryBaseMs: 5,
      writeSpacingMs: 0
    })
  })

  it.each(['nope', '[]', '{"retries":-1}', '{"retries":"3"}', '{"typo":1}'])(
    'refuses %p, naming the variable',
    text => {
      expect(() => timingFromEnv({ [TIMING_ENV]: text })).toThrow(
        `${TIMING_ENV} is ${JSON.stringify(text)}: expected a JSON object`
      )
    }
  )
})
