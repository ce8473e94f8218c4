import { describe, expect, it } from '@jest/globals'
import { resolveVersion } from './versions.js'

const SHA1 = '3d3c42e5aac5ba805825da76410c181273ba90b1'
const SHA2 = '3d3c42e59c091bb21b7c1c1d1991bb908d89e4e9'
const SHA3 = 'bbbca2ddaa5d8feaa63e36b76fdaad77386f024f'
const TAGS = ['1.2', '1.3', 'content-0123456789abcdef01234567', SHA1, SHA2, SHA3, '1234567']

describe('resolveVersion', () => {
  it('takes an exact tag: a release, a full SHA, a tag that looks like a short SHA', () => {
    expect(resolveVersion('1.2', TAGS)).toEqual({ kind: 'found', tag: '1.2' })
    expect(resolveVersion(SHA3, TAGS)).toEqual({ kind: 'found', tag: SHA3 })
    expect(resolveVersion('1234567', TAGS)).toEqual({ kind: 'found', tag: '1234567' })
  })
  it('resolves a unique SHA prefix to the full-SHA tag', () => {
    expect(resolveVersion('bbbca2d', TAGS)).toEqual({ kind: 'found', tag: SHA3 })
    expect(resolveVersion('3d3c42e5a', TAGS)).toEqual({ kind: 'found', tag: SHA1 })
  })
  it('refuses an ambiguous prefix and names the candidates', () => {
    expect(resolveVersion('3d3c42e5', TAGS)).toEqual({
      kind: 'ambiguous',
      candidates: [SHA1, SHA2]
    })
  })
  it('never matches a prefix against a release or a content tag', () => {
    expect(resolveVersion('1.4', TAGS)).toEqual({ kind: 'missing' })
    expect(resolveVersion('0123456', TAGS)).toEqual({ kind: 'missing' })
    expect(resolveVersion('123456', TAGS)).toEqual({ kind: 'missing' })
    expect(resolveVersion('fffffff', TAGS)).toEqual({ kind: 'missing' })
  })
})
