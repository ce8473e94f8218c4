import { describe, expect, it } from '@jest/globals'
import { InputError } from './errors.js'
import {
  bool,
  duration,
  inputsFrom,
  keyValues,
  oneOf,
  parseDuration,
  positiveInt,
  required
} from './inputs.js'

describe('input readers', () => {
  const read = inputsFrom({
    mode: 'plan',
    flag: 'yes',
    n: '0',
    t: '5m',
    kv: 'a=1\nb = two',
    bad: 'nope'
  })

  it('names the input, the value and what is accepted', () => {
    expect(() => oneOf(read, 'mode', ['apply', 'check'] as const)).toThrow(
      "Input 'mode' is 'plan': expected one of 'apply', 'check'."
    )
    expect(() => required(read, 'missing')).toThrow(
      "Input 'missing' is missing: expected a non-empty value."
    )
    expect(() => bool(read, 'flag', false)).toThrow(InputError)
    expect(() => positiveInt(read, 'n', 1)).toThrow('expected a whole number of 1 or more')
    expect(() => keyValues(read, 'bad')).toThrow('KEY=VALUE')
  })

  it('parses good values and falls back when empty', () => {
    expect(oneOf(read, 'none', ['a', 'b'] as const, 'b')).toBe('b')
    expect(duration(read, 't', 1)).toBe(300_000)
    expect(keyValues(read, 'kv')).toEqual({ a: '1', b: 'two' })
    expect(bool(read, 'none', true)).toBe(true)
  })

  it.each([
    ['90s', 90_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
    ['12', 12_000],
    ['5 m', undefined],
    ['1x', undefined],
    ['0s', undefined]
  ])('parseDuration(%s) = %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })
})
