import { describe, expect, it } from '@jest/globals'
import { hiddenMarker } from '../markdown.js'
import { GITHUB_BODY_LIMIT, cutAtLine, fitCollapsible, fitCommentBody, fitText } from './limits.js'

const runUrl = 'https://github.com/elm/elm-infra/actions/runs/42'
const marker = hiddenMarker('terraform-plan:dns')

function lines(count: number, width: number, fill = 'x'): string {
  return Array.from({ length: count }, (_, i) => `${i}:${fill.repeat(width)}`).join('\n')
}

describe('fitCommentBody', () => {
  it('returns a body that fits unchanged', () => {
    const body = `${marker}\nshort`
    expect(fitCommentBody(body, { runUrl })).toBe(body)
    const exact = 'a'.repeat(GITHUB_BODY_LIMIT)
    expect(fitCommentBody(exact, { runUrl })).toBe(exact)
  })

  it('cuts a 200,000-character body at a line, keeps the marker and links the run', () => {
    const body = `${marker}\n## Plan\n${lines(5000, 38)}`
    expect(body.length).toBeGreaterThan(200_000)
    const fitted = fitCommentBody(body, { runUrl })
    expect(fitted.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT)
    expect(fitted.length).toBeGreaterThan(GITHUB_BODY_LIMIT - 200)
    expect(fitted.startsWith(`${marker}\n## Plan\n0:`)).toBe(true)
    expect(fitted).toContain(`[workflow run](${runUrl})`)
    const kept = fitted.slice(0, fitted.indexOf('\n\n> [!NOTE]'))
    expect(body.startsWith(kept)).toBe(true)
    expect(kept.split('\n').at(-1)).toMatch(/^\d+:x{38}$/)
  })

  it('never splits a multi-byte character and counts UTF-16 units', () => {
    const body = `${marker}\n${'🌈日本'.repeat(40_000)}`
    const fitted = fitCommentBody(body, { runUrl })
    expect(fitted.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT)
    expect(fitted.startsWith(marker)).toBe(true)
    expect(fitted).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/)
    expect(fitted).not.toMatch(/(?<![\ud800-\udbff])[\udc00-\udfff]/)
    expect(Buffer.byteLength(fitted, 'utf8')).toBeLessThanOrEqual(262_144)
  })

  it('closes a code fence and a details block left open by the cut', () => {
    const body = `${marker}\n<details><summary>plan</summary>\n\n\`\`\`\`hcl\n${lines(3000, 40)}\n\`\`\`\`\n\n</details>\n`
    const fitted = fitCommentBody(body, { runUrl, limit: 10_000 })
    expect(fitted.length).toBeLessThanOrEqual(10_000)
    expect(fitted).toMatch(/\n````\n\n<\/details>\n\n> \[!NOTE\]/)
  })

  it.each([200, 1_000, 4_096])('honours a small limit of %p', limit => {
    const fitted = fitCommentBody(`${marker}\n${lines(500, 20)}`, { runUrl, limit })
    expect(fitted.length).toBeLessThanOrEqual(limit)
    expect(fitted.startsWith(marker)).toBe(true)
  })

  it('hard-cuts a single enormous line', () => {
    const fitted = fitCommentBody('y'.repeat(200_000), { runUrl })
    expect(fitted.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT)
    expect(fitted.startsWith('y'.repeat(60_000))).toBe(true)
  })
})

describe('cutAtLine and fitText', () => {
  it('cuts at the last line break within budget', () => {
    expect(cutAtLine('aaa\nbbb\nccc', 9)).toBe('aaa\nbbb')
    expect(cutAtLine('aaa\nbbb', 100)).toBe('aaa\nbbb')
  })

  it('reports omitted lines', () => {
    const fitted = fitText(lines(100, 10), 200, ' See the run.')
    expect(fitted.truncated).toBe(true)
    expect(fitted.text.length).toBeLessThanOrEqual(200)
    const shown = fitted.text.split('\n').length - 1
    expect(fitted.omittedLines).toBe(100 - shown)
    expect(fitted.text).toMatch(
      new RegExp(`… ${fitted.omittedLines} more lines not shown. See the run.$`)
    )
    expect(fitText('short', 200)).toEqual({ text: 'short', truncated: false, omittedLines: 0 })
  })
})

describe('fitCollapsible', () => {
  const comment = {
    before: `${marker}\n### Terraform plan: dns\n\n`,
    summary: 'Show plan',
    lang: 'diff',
    after: '\n\nApply by merging.\n'
  }

  it('keeps a small plan whole', () => {
    const fitted = fitCollapsible({ ...comment, content: 'No changes.' }, { runUrl })
    expect(fitted.truncated).toBe(false)
    expect(fitted.body).toContain('```diff\nNo changes.\n```')
  })

  it('cuts only the plan so the header and footer survive', () => {
    const content = lines(8000, 30, '+')
    const fitted = fitCollapsible({ ...comment, content }, { runUrl })
    expect(fitted.truncated).toBe(true)
    expect(fitted.body.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT)
    expect(fitted.body.length).toBeGreaterThan(GITHUB_BODY_LIMIT - 300)
    expect(fitted.body.startsWith(comment.before)).toBe(true)
    expect(fitted.body.endsWith('\n```\n\n</details>\n\nApply by merging.\n')).toBe(true)
    expect(fitted.body).toContain(`more lines not shown. Full output: ${runUrl}`)
  })
})
