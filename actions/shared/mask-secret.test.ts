import { describe, expect, it } from '@jest/globals'
import { maskSecret, redactSecrets, secretPieces } from './mask-secret.js'

const KEY =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNz\naC1rZXkt\n-----END OPENSSH PRIVATE KEY-----\n'

describe('secretPieces / maskSecret', () => {
  it.each([
    ['', []],
    ['abc', ['abc']],
    ['one line secret', ['one line secret']],
    [KEY, [KEY, 'b3BlbnNz', 'aC1rZXkt']],
    ['ab\ncdef\ncdef\n', ['ab\ncdef\ncdef\n', 'cdef']]
  ])('%j → %j', (secret, pieces) => {
    expect(secretPieces(secret)).toEqual(pieces)
    const masked: string[] = []
    maskSecret({ mask: s => void masked.push(s) }, secret)
    expect(masked).toEqual(pieces)
  })
})

describe('redactSecrets', () => {
  it.each([
    ['token hunter2-token leaked', ['hunter2-token'], 'token *** leaked'],
    ['line b3BlbnNz of a key', [KEY], 'line *** of a key'],
    [
      '-----BEGIN OPENSSH PRIVATE KEY----- is public',
      [KEY],
      '-----BEGIN OPENSSH PRIVATE KEY----- is public'
    ],
    ['short yes stays', ['yes'], 'short yes stays'],
    ['longest first: abcdefgh', ['abcd', 'abcdefgh'], 'longest first: ***'],
    ['nothing to hide', [], 'nothing to hide']
  ])('%j', (text, secrets, expected) => {
    expect(redactSecrets(text, secrets)).toBe(expected)
  })
})
