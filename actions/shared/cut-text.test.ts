import { describe, expect, it } from '@jest/globals'
import { cutText, safeCutIndex, safeTailIndex } from './cut-text.js'

/** True when no surrogate half stands alone: the text survives a UTF-8 round trip unchanged. */
const wellFormed = (text: string): boolean =>
  Buffer.from(text, 'utf8').toString('utf8') === text && !text.includes('\uFFFD')

// Emoji outside the BMP (two code units each) between one-unit letters, so every cut length
// lands once on each alignment: before a pair, inside it, after it.
const MIXED = 'a😀b🚀🚀c💥d'

describe('cutText', () => {
  it('leaves a text that fits alone, at exactly the limit too', () => {
    expect(cutText('abc', 3)).toBe('abc')
    expect(cutText('', 0)).toBe('')
  })

  it('cuts at every length of a text of emoji without splitting a pair', () => {
    for (let max = 0; max <= MIXED.length + 1; max++) {
      for (const keep of ['start', 'middle'] as const) {
        const cut = cutText(MIXED, max, { keep })
        expect(cut.length).toBeLessThanOrEqual(max)
        expect(wellFormed(cut)).toBe(true)
        if (max >= MIXED.length) expect(cut).toBe(MIXED)
        else if (max >= 2) expect(cut.endsWith('…') || cut.includes('…')).toBe(true)
      }
    }
  })

  it('drops a whole emoji rather than half of it, and keeps as much as fits', () => {
    // 'a😀' is 3 units; 4 units of room with '…' leaves 3: the pair fits whole.
    expect(cutText(MIXED, 4)).toBe('a😀…')
    // 3 units with '…' leaves 2: 'a' + half an emoji would fit, so only 'a' is kept.
    expect(cutText(MIXED, 3)).toBe('a…')
  })

  it('keeps the start and the end in middle mode', () => {
    expect(cutText('0123456789', 5, { keep: 'middle' })).toBe('01…89')
    expect(cutText('😀😀😀😀😀', 6, { keep: 'middle' })).toBe('😀…😀')
  })

  it('uses the ellipsis given, and a bare cut when even that does not fit', () => {
    expect(cutText('abcdef', 5, { ellipsis: ' [cut]' })).toBe('abcde')
    expect(cutText('abcdefghij', 8, { ellipsis: '...' })).toBe('abcde...')
    expect(cutText('😀x', 1)).toBe('')
  })

  it('counts a deployment description of 140 units with an emoji at the boundary', () => {
    const text = `${'x'.repeat(138)}🚀 deployed`
    const cut = cutText(text, 140)
    expect(cut).toBe(`${'x'.repeat(138)}…`)
    expect(wellFormed(cut)).toBe(true)
  })
})

describe('safe indices', () => {
  it('moves a cut off the middle of a pair, and leaves others alone', () => {
    expect(safeCutIndex('a😀', 2)).toBe(1)
    expect(safeCutIndex('a😀', 3)).toBe(3)
    expect(safeCutIndex('ab', 1)).toBe(1)
    expect(safeCutIndex('ab', -4)).toBe(0)
    expect(safeCutIndex('ab', 9)).toBe(2)
    expect(safeTailIndex('😀a', 1)).toBe(2)
    expect(safeTailIndex('ab', 1)).toBe(1)
    expect(safeTailIndex('ab', -1)).toBe(0)
    expect(safeTailIndex('ab', 5)).toBe(2)
  })
})
