import { describe, expect, it } from '@jest/globals'
import {
  codeBlock,
  details,
  escapeHtml,
  escapeMarkdown,
  hiddenMarker,
  inlineCode,
  link,
  table,
  tableCell
} from './markdown.js'

describe('table', () => {
  it('escapes pipes and newlines inside cells and pads short rows', () => {
    expect(
      table(
        ['Service', 'Change'],
        [
          ['a|b', 'line 1\nline 2'],
          ['only', '']
        ]
      )
    ).toBe(
      [
        '| Service | Change |',
        '| --- | --- |',
        '| a\\|b | line 1<br>line 2 |',
        '| only |   |'
      ].join('\n')
    )
  })

  it.each([
    ['plain', 'plain'],
    ['`a|b`', '`a\\|b`'],
    ['already \\| escaped', 'already \\| escaped'],
    ['crlf\r\nline', 'crlf<br>line'],
    [42, '42'],
    [false, 'false']
  ])('tableCell(%p) is %p', (input, expected) => {
    expect(tableCell(input)).toBe(expected)
  })
})

describe('codeBlock', () => {
  it.each([
    ['plain', 'hcl', '```hcl\nplain\n```'],
    ['has ``` inside', '', '````\nhas ``` inside\n````'],
    ['``````six', 'sh', '```````sh\n``````six\n```````'],
    ['ends with newline\n', 'text', '```text\nends with newline\n```'],
    ['x', 'bad lang`', '```badlang\nx\n```']
  ])('fences %p safely', (text, lang, expected) => {
    expect(codeBlock(text, lang)).toBe(expected)
  })

  it('inline code survives backticks', () => {
    expect(inlineCode('a`b')).toBe('``a`b``')
    expect(inlineCode('`x')).toBe('`` `x ``')
  })
})

describe('escaping', () => {
  it.each([
    ['a*b_c', 'a\\*b\\_c'],
    ['[link](x)', '\\[link\\](x)'],
    ['<script>', '\\<script\\>'],
    ['# heading', '\\# heading'],
    ['- item', '\\- item'],
    ['1. first', '1\\. first'],
    ['pipe | tilde ~', 'pipe \\| tilde \\~'],
    ['back\\slash', 'back\\\\slash']
  ])('escapeMarkdown(%p)', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected)
  })

  it('escapes HTML for summaries', () => {
    expect(escapeHtml('a < b & c > d')).toBe('a &lt; b &amp; c &gt; d')
    expect(details('Plan <3>', 'body')).toBe(
      '<details><summary>Plan &lt;3&gt;</summary>\n\nbody\n\n</details>'
    )
    expect(details('x', 'y', true)).toMatch(/^<details open>/)
  })

  it('builds links whose URL cannot break out', () => {
    expect(link('run *1*', 'https://x/a b(c)')).toBe('[run \\*1\\*](https://x/a%20b%28c%29)')
  })
})

describe('hiddenMarker', () => {
  it('is an HTML comment with our prefix', () => {
    expect(hiddenMarker('terraform-plan:dns')).toBe('<!-- elm-infra:terraform-plan:dns -->')
  })

  it.each(['', 'a b', 'x-->', 'a--b', '-lead'])('refuses %p', id => {
    expect(() => hiddenMarker(id)).toThrow('Marker id')
  })
})
