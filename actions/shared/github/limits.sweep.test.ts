import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { hiddenMarker } from '../markdown.js'
import { CORPUS_DIR } from '../testing/corpus.js'
import { cutAtLine, fitCollapsible, fitCommentBody, fitText, truncationNote } from './limits.js'

/**
 * The fitting functions at every budget over a real human plan (OpenTofu's own output, from the
 * corpus): whatever the budget, the result fits, keeps a prefix, counts what it dropped exactly,
 * and keeps as much as fits (one more line would not).
 */
const plan = readFileSync(
  join(CORPUS_DIR, 'terraform-plans', 'opentofu', 'fully_populated_complex', 'plan.txt'),
  'utf8'
).trimEnd()
const runUrl = 'https://github.com/elm/elm-infra/actions/runs/42'
const marker = hiddenMarker('terraform-plan:dns')
const longest = Math.max(...plan.split('\n').map(l => l.length))
const lineCount = (text: string): number => (text === '' ? 0 : text.split('\n').length)

describe('cutAtLine', () => {
  it('keeps a text of exactly the budget whole, line breaks and all', () => {
    expect(cutAtLine('ab\ncd', 5)).toBe('ab\ncd')
    expect(cutAtLine('ab\ncd', 4)).toBe('ab')
  })

  it('cuts at the last line break before the budget, never one just after it', () => {
    expect(cutAtLine('ab\ncd\nef', 4)).toBe('ab')
    expect(cutAtLine('abcd\nef', 4)).toBe('abcd')
  })

  it('keeps a prefix that fits at every budget, ending at a line when one is in the second half', () => {
    for (let budget = 0; budget <= plan.length + 1; budget += 7) {
      const kept = cutAtLine(plan, budget)
      expect(plan.startsWith(kept)).toBe(true)
      expect(kept.length).toBeLessThanOrEqual(budget)
      if (budget >= plan.length) expect(kept).toBe(plan)
      else if (kept.length < budget) {
        // A cut short of the budget is at a line break in the second half of the budget.
        expect(plan[kept.length]).toBe('\n')
        expect(kept.length).toBeGreaterThanOrEqual(budget / 2)
        expect(plan.slice(kept.length + 1, budget)).not.toContain('\n')
      }
    }
  })
})

describe('fitText', () => {
  const total = lineCount(plan)
  const note = ` Full output: ${runUrl}`
  const tail = (omitted: number): string => `\n… ${omitted} more lines not shown.${note}`

  it('keeps a text of exactly the budget whole', () => {
    expect(fitText(plan, plan.length, note)).toEqual({
      text: plan,
      truncated: false,
      omittedLines: 0
    })
  })

  it('at every budget: fits, keeps whole lines from the top, counts the rest, and keeps all that fits', () => {
    for (let budget = tail(total).length; budget < plan.length; budget += 11) {
      const fitted = fitText(plan, budget, note)
      expect(fitted.truncated).toBe(true)
      expect(fitted.text.length).toBeLessThanOrEqual(budget)
      const kept = fitted.text.slice(0, fitted.text.length - tail(fitted.omittedLines).length)
      expect(fitted.text).toBe(`${kept}${tail(fitted.omittedLines)}`)
      expect(plan.startsWith(kept)).toBe(true)
      expect(fitted.omittedLines).toBe(total - lineCount(kept))
      // One more line (or, for a hard cut, one more character) would not have fitted.
      const next = plan.indexOf('\n', kept.length + 1)
      const more = plan.slice(0, next < 0 ? plan.length : next)
      if (kept === '' || plan[kept.length] === '\n')
        // (measured with the longest tail, which the first cut allows for)
        expect(more.length + tail(total).length).toBeGreaterThan(budget)
    }
  })

  it('with no room for any line, keeps none and counts them all', () => {
    const fitted = fitText(plan, tail(total).length, note)
    expect(fitted).toEqual({ text: tail(total), truncated: true, omittedLines: total })
  })
})

describe('fitCommentBody', () => {
  const note = truncationNote(runUrl)
  const body = `${marker}\n## Plan\n<details><summary>plan</summary>\n\n\`\`\`\n${plan}\n\`\`\`\n</details>\n`

  it('returns a body of exactly the limit unchanged', () => {
    expect(fitCommentBody(body, { runUrl, limit: body.length })).toBe(body)
    expect(fitCommentBody(body, { runUrl, limit: body.length - 1 })).not.toBe(body)
  })

  it('at every limit: fits, keeps the marker and a prefix, closes the fence and details, and wastes little', () => {
    const closers = '\n```\n\n</details>'
    for (let limit = marker.length + 1 + note.length + 200; limit < body.length; limit += 13) {
      const fitted = fitCommentBody(body, { runUrl, limit })
      expect(fitted.length).toBeLessThanOrEqual(limit)
      expect(fitted.endsWith(note)).toBe(true)
      const kept = fitted.slice(0, fitted.length - note.length)
      const inner = kept.endsWith(closers) ? kept.slice(0, -closers.length) : kept
      expect(body.startsWith(inner)).toBe(true)
      expect(inner.startsWith(`${marker}\n## Plan\n`)).toBe(true)
      // Open fence and details closed, each once.
      if (inner.includes('```\n')) expect(kept.endsWith(closers)).toBe(true)
      // A cut at a line wastes at most the longest line of the plan, plus the closers.
      expect(limit - fitted.length).toBeLessThanOrEqual(longest + closers.length)
    }
  })

  it('keeps a marker with spaces and no line break after it, and only a leading one', () => {
    const m = '<!-- elm-infra plan dir=terraform -->'
    const b = `${m}${'x'.repeat(300)}\n<!-- later -->\n${'y'.repeat(300)}`
    const fitted = fitCommentBody(b, { runUrl, limit: m.length + note.length + 100 })
    expect(fitted.startsWith(`${m}xxx`)).toBe(true)
    const plain = `text first\n<!-- not leading -->\n${'z'.repeat(400)}`
    expect(
      fitCommentBody(plain, { runUrl, limit: note.length + 50 }).startsWith('text first')
    ).toBe(true)
  })

  it('when even the note does not fit, returns as much of the marker and note as fits', () => {
    const fitted = fitCommentBody(`${marker}\n${'x'.repeat(500)}`, { runUrl, limit: 40 })
    expect(fitted).toBe(`${marker}\n${note}`.slice(0, 40))
  })

  it('closes a tilde fence, and a backtick fence only with backticks of at least its length', () => {
    const tilde = `~~~\n${'t\n'.repeat(200)}~~~\n`
    const cut = fitCommentBody(tilde, { runUrl, limit: note.length + 100 })
    expect(cut).toContain('\n~~~\n\n> [!NOTE]')
    const nested = `\`\`\`\`\n\`\`\`\n${'n\n'.repeat(200)}\`\`\`\`\n`
    expect(fitCommentBody(nested, { runUrl, limit: note.length + 100 })).toContain(
      '\n````\n\n> [!NOTE]'
    )
    const mixed = `\`\`\`\n~~~\n${'m\n'.repeat(200)}`
    expect(fitCommentBody(mixed, { runUrl, limit: note.length + 100 })).toContain(
      '\n```\n\n> [!NOTE]'
    )
  })

  it('closes <details open> and <details\\n> too', () => {
    const b = `<details open><summary>a</summary>\n\n${'d\n'.repeat(300)}</details>`
    expect(fitCommentBody(b, { runUrl, limit: note.length + 200 })).toContain(
      '\n\n</details>\n\n> [!NOTE]'
    )
    const c = `<details\n><summary>a</summary>\n\n${'d\n'.repeat(300)}</details>`
    expect(fitCommentBody(c, { runUrl, limit: note.length + 200 })).toContain(
      '\n\n</details>\n\n> [!NOTE]'
    )
    const none = `<detailsx>\n${'d\n'.repeat(300)}`
    expect(fitCommentBody(none, { runUrl, limit: note.length + 200 })).not.toContain('</details>')
  })
})

describe('fitCollapsible', () => {
  const comment = { before: '## Plan\n', summary: 'plan', content: plan, after: '\n_footer_' }

  it('keeps a comment of exactly the limit whole', () => {
    const whole = fitCollapsible(comment, { runUrl, limit: 1_000_000 })
    expect(whole.truncated).toBe(false)
    expect(fitCollapsible(comment, { runUrl, limit: whole.body.length })).toEqual(whole)
  })

  it('at every limit: fits, cuts only the content, keeps header and footer, wastes little', () => {
    const full = fitCollapsible(comment, { runUrl, limit: 1_000_000 }).body
    for (let limit = 600; limit < full.length; limit += 17) {
      const { body, truncated } = fitCollapsible(comment, { runUrl, limit })
      expect(truncated).toBe(true)
      expect(body.length).toBeLessThanOrEqual(limit)
      expect(body.startsWith('## Plan\n<details><summary>plan</summary>')).toBe(true)
      expect(body.endsWith('</details>\n_footer_')).toBe(true)
      expect(body).toContain(`more lines not shown. Full output: ${runUrl}`)
      expect(limit - body.length).toBeLessThanOrEqual(longest + 100)
    }
  })

  it('counts a longer fence (content with backticks) in the overhead', () => {
    const ticks = { ...comment, content: `\`\`\`\`\`\`\n${plan}` }
    for (let limit = 600; limit < 3000; limit += 97) {
      const { body } = fitCollapsible(ticks, { runUrl, limit })
      expect(body.length).toBeLessThanOrEqual(limit)
      expect(body).toContain('more lines not shown')
      expect(body.endsWith('</details>\n_footer_')).toBe(true)
    }
  })
})

describe('cutAtLine at a line break right at the budget', () => {
  it('keeps the line that ends exactly there', () => {
    expect(cutAtLine('ab\ncd\nef', 5)).toBe('ab\ncd')
  })
})

describe('fitCollapsible without a footer', () => {
  it('ends with the details block', () => {
    const { body, truncated } = fitCollapsible(
      { before: '## Plan\n', summary: 'plan', content: plan },
      { runUrl, limit: 1000 }
    )
    expect(truncated).toBe(true)
    expect(body.length).toBeLessThanOrEqual(1000)
    expect(body.endsWith('</details>')).toBe(true)
  })
})

describe('limits: edges the sweep does not reach', () => {
  const note = truncationNote(runUrl)

  it('keeps a text of exactly the budget whole even when its last line break is in the second half', () => {
    expect(cutAtLine('abc\nd', 5)).toBe('abc\nd')
  })

  it('closes an indented fence with a plain one, and ignores backticks inside a line', () => {
    const indented = `  \`\`\`\n${'i\n'.repeat(200)}`
    const cut = fitCommentBody(indented, { runUrl, limit: note.length + 100 })
    expect(cut).toContain('\ni\n```\n\n> [!NOTE]')
    const inline = `text \`\`\`\n${'j\n'.repeat(200)}`
    expect(fitCommentBody(inline, { runUrl, limit: note.length + 100 })).toMatch(
      /\nj\n\n> \[!NOTE\]/
    )
  })
})
