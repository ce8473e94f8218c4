import { describe, expect, it } from '@jest/globals'
import { latestVersions, resolveVersion } from './versions.js'

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
  it('a prefix under 7 hex digits names nothing, even when one full SHA starts with it', () => {
    expect(resolveVersion('bbbca2', TAGS)).toEqual({ kind: 'missing' })
    expect(resolveVersion('3d3c42', TAGS)).toEqual({ kind: 'missing' })
  })
  it('a prefix only resolves to a tag of exactly 40 hex digits', () => {
    const digest = 'a'.repeat(64)
    const suffixed = `${'c'.repeat(40)}-cache`
    expect(resolveVersion('aaaaaaa', [digest])).toEqual({ kind: 'missing' })
    expect(resolveVersion('ccccccc', [suffixed])).toEqual({ kind: 'missing' })
    expect(resolveVersion('ddddddd', [`x${'d'.repeat(40)}`])).toEqual({ kind: 'missing' })
  })
  it('never matches a prefix against a release or a content tag', () => {
    expect(resolveVersion('1.4', TAGS)).toEqual({ kind: 'missing' })
    expect(resolveVersion('0123456', TAGS)).toEqual({ kind: 'missing' })
    expect(resolveVersion('123456', TAGS)).toEqual({ kind: 'missing' })
    expect(resolveVersion('fffffff', TAGS)).toEqual({ kind: 'missing' })
  })
})

describe('latestVersions', () => {
  it('releases highest first by number, a longer version above its prefix, then SHAs in registry order', () => {
    const tags = ['1.3', SHA2, '1.10', '0.9.9', '1.3.0', SHA1, '2', '1.9']
    expect(latestVersions(tags, 10)).toEqual([
      '2',
      '1.10',
      '1.9',
      '1.3.0',
      '1.3',
      '0.9.9',
      SHA2,
      SHA1
    ])
    expect(latestVersions(['1.3.0', '1.3'], 10)).toEqual(['1.3.0', '1.3'])
    expect(latestVersions(['1.3', '1.3.0'], 10)).toEqual(['1.3.0', '1.3'])
  })
  it('an all-digit tag of 7 or more is a SHA; seven digits with a dot is a release', () => {
    expect(latestVersions(['1234567', '1.2', '1234567.1', '1.1234567'], 10)).toEqual([
      '1234567.1',
      '1.1234567',
      '1.2',
      '1234567'
    ])
  })
  it('leaves out tags no /deploy could name, and keeps the newest five by default', () => {
    const tags = ['latest', 'v1.4', 'content-0123456789abcdef01234567', '1.0', '1.1', '1.2', '1.3']
    expect(latestVersions([...tags, SHA3, '1.4'])).toEqual(['1.4', '1.3', '1.2', '1.1', '1.0'])
    expect(latestVersions([...tags, SHA3], 2)).toEqual(['1.3', '1.2'])
    expect(latestVersions(tags, 10)).toEqual(['1.3', '1.2', '1.1', '1.0'])
  })
})
