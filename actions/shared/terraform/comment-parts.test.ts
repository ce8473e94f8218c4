import { describe, expect, it } from '@jest/globals'
import { codeBlock, cutToFit, inlineCode, stripAnsi } from './comment-parts.js'

describe('cutToFit', () => {
  const text = Array.from({ length: 5000 }, (_, i) => `line ${i} ${'x'.repeat(40)}`).join('\n')

  it('keeps whole lines from the start and the end, within the budget, and says what was cut', () => {
    const cut = cutToFit(text, 10_000, 'https://run')
    expect(cut.length).toBeLessThanOrEqual(10_000)
    expect(cut.startsWith('line 0 ')).toBe(true)
    expect(cut.endsWith(`line 4999 ${'x'.repeat(40)}`)).toBe(true)
    const [head = '', tail = ''] = cut.split(/\n\n… [\d,]+ characters cut here[^\n]*\n\n/)
    for (const line of [...head.split('\n'), ...tail.split('\n')])
      expect(line).toMatch(/^line \d+ x{40}$/)
    const reported = Number(/… ([\d,]+) characters cut/.exec(cut)?.[1]?.replace(/,/g, ''))
    expect(reported).toBe(text.length - head.length - tail.length)
    expect(cut).toContain('the full output is in the run log: https://run')
  })

  it('leaves text that fits alone', () => {
    expect(cutToFit('short', 10, 'u')).toBe('short')
  })
})

describe('markdown helpers', () => {
  it('fences around backticks, keeps inline code intact and strips colours', () => {
    expect(codeBlock('a ```` b')).toBe('`````text\na ```` b\n`````')
    expect(inlineCode('a`b')).toBe('<code>a`b</code>')
    expect(stripAnsi('\u001b[1mPlan:\u001b[0m 1')).toBe('Plan: 1')
  })
})
