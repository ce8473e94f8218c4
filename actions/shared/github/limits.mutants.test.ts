import { describe, expect, it } from '@jest/globals'
import { hiddenMarker } from '../markdown.js'
import { cutAtLine, fitCommentBody, truncationNote } from './limits.js'

/**
 * One test per bug that issue #18 planted by hand in limits.ts and saw survive: the surrogate
 * guard, a closing fence of equal length, the second fitting attempt, and the cut at a line.
 */
const runUrl = 'https://github.com/elm/elm-infra/actions/runs/42'
const marker = hiddenMarker('terraform-plan:dns')
const note = truncationNote(runUrl)

const loneHalf = (text: string): boolean =>
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text)

describe('limits: the mutants that survived before', () => {
  it('never splits a surrogate pair, at every alignment of the cut', () => {
    // One-unit letters and two-unit emoji, no line breaks: the cut is a hard one.
    const text = 'a🌈b🌈🌈c'.repeat(50)
    for (let budget = 0; budget <= 40; budget++) {
      const kept = cutAtLine(text, budget)
      expect(kept.length).toBeLessThanOrEqual(budget)
      expect(kept.length).toBeGreaterThanOrEqual(budget - 1)
      expect(loneHalf(kept)).toBe(false)
      expect(text.startsWith(kept)).toBe(true)
    }
    const body = `${marker}\n${text.repeat(4)}`
    const base = marker.length + 1 + note.length
    for (let limit = base + 10; limit < base + 18; limit++) {
      const fitted = fitCommentBody(body, { runUrl, limit })
      expect(fitted.length).toBeLessThanOrEqual(limit)
      expect(loneHalf(fitted)).toBe(false)
      expect(fitted.endsWith(note)).toBe(true)
    }
  })

  it('recognises a closing fence as long as the opening one, and adds no stray fence', () => {
    const body = `${marker}\n\`\`\`\ncode\n\`\`\`\n${Array.from({ length: 200 }, (_, i) => `line ${i}`).join('\n')}`
    const fitted = fitCommentBody(body, { runUrl, limit: 400 })
    const kept = fitted.slice(0, fitted.length - note.length)
    expect(body.startsWith(kept)).toBe(true)
    expect(fitted.match(/```/g)).toHaveLength(2)
  })

  it('closes what the cut left open by trying again with less, keeping the content', () => {
    const body = `${marker}\n<details><summary>Plan</summary>\n\n\`\`\`\`diff\n${Array.from({ length: 400 }, (_, i) => `+ resource ${i}`).join('\n')}\n\`\`\`\`\n</details>\n`
    const limit = 2000
    const fitted = fitCommentBody(body, { runUrl, limit })
    expect(fitted.length).toBeLessThanOrEqual(limit)
    expect(fitted.length).toBeGreaterThan(limit - 40)
    expect(fitted).toContain('+ resource 0\n')
    expect(fitted).toMatch(/\+ resource \d+\n````\n\n<\/details>\n\n> \[!NOTE\]/)
  })

  it('cuts at the nearest line break when one is in the second half, else hard', () => {
    expect(cutAtLine('aaa\nbbbbbb', 6)).toBe('aaa')
    expect(cutAtLine('aaaa\nbbbbbbbbbb', 8)).toBe('aaaa')
    // The break at 1 is before half of the budget: keeping only 'a' would waste it.
    expect(cutAtLine('a\nbbbbbbbbbb', 8)).toBe('a\nbbbbbb')
    expect(cutAtLine('\nbbbbbbbbbb', 4)).toBe('\nbbb')
    expect(cutAtLine('short', 10)).toBe('short')
  })
})
