import { describe, expect, test } from '@jest/globals'
import { nextLink, readTags, readToken } from './registry-wire.js'
import { parseChallenge } from './www-authenticate.js'

describe('registry wire readers', () => {
  test.each([
    [
      'relative link',
      '</v2/elm/x/tags/list?last=b&n=2>; rel="next"',
      '/v2/elm/x/tags/list?last=b&n=2'
    ],
    [
      'absolute link',
      '<https://ghcr.io/v2/elm/x/tags/list?last=b>; rel="next"',
      '/v2/elm/x/tags/list?last=b'
    ],
    ['no next', null, undefined]
  ])('nextLink: %s', (_name, header, expected) => {
    expect(nextLink(header)).toBe(expected)
  })
  test('readToken takes token or access_token, never an empty one', () => {
    expect(readToken({ token: 't' })).toBe('t')
    expect(readToken({ access_token: 'a' })).toBe('a')
    expect(readToken({ token: '' })).toBeUndefined()
    expect(readToken('nope')).toBeUndefined()
  })
  test('readTags ignores junk', () => {
    expect(readTags({ tags: ['1.3', 7, 'abc'] })).toEqual(['1.3', 'abc'])
    expect(readTags({ tags: null })).toEqual([])
  })
  test.each([
    [
      'GHCR bearer',
      'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:elm/www:pull"',
      {
        scheme: 'bearer',
        realm: 'https://ghcr.io/token',
        service: 'ghcr.io',
        scope: 'repository:elm/www:pull'
      }
    ],
    ['basic', 'Basic realm="Registry Realm"', { scheme: 'basic', realm: 'Registry Realm' }],
    ['missing', null, undefined]
  ])('parseChallenge: %s', (_name, header, expected) => {
    expect(parseChallenge(header)).toEqual(expected)
  })
})
