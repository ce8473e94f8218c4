import { expect, test } from '@jest/globals'
import { formatGoDuration, parseGoDuration } from './durations.js'

test.each([
  ['10s', 10e9],
  ['5m', 300e9],
  ['300000ms', 300e9],
  ['1h30m', 5400e9],
  ['1.5s', 1.5e9],
  ['0', 0],
  ['250us', 250e3],
  ['soon', undefined],
  ['10', undefined],
  ['', undefined]
])('parseGoDuration(%s) = %s', (text, ns) => {
  expect(parseGoDuration(text)).toBe(ns)
})

test.each([
  [300e9, '5m0s'],
  [10e9, '10s'],
  [3600e9, '1h0m0s'],
  [1800e9, '30m0s'],
  [1.5e9, '1.5s'],
  [0, '0s'],
  [5e6, '5ms']
])('formatGoDuration(%s) = %s', (ns, text) => {
  expect(formatGoDuration(ns)).toBe(text)
})
