import { describe, expect, test } from '@jest/globals'
import { isIgnored, parseDockerignore } from './dockerignore.js'

const cases: ReadonlyArray<{ name: string; ignore: string; path: string; expected: boolean }> = [
  { name: 'no patterns', ignore: '', path: 'src/main.hs', expected: false },
  { name: 'exact file', ignore: 'README.md', path: 'README.md', expected: true },
  { name: 'star stays in a segment', ignore: '*.md', path: 'docs/a.md', expected: false },
  { name: 'star at top level', ignore: '*.md', path: 'a.md', expected: true },
  { name: 'double star spans dirs', ignore: '**/*.md', path: 'docs/deep/a.md', expected: true },
  { name: 'double star matches top too', ignore: '**/*.md', path: 'a.md', expected: true },
  {
    name: 'directory covers children',
    ignore: 'node_modules',
    path: 'node_modules/x/y.js',
    expected: true
  },
  {
    name: 'trailing slash and leading slash',
    ignore: '/build/',
    path: 'build/out.bin',
    expected: true
  },
  { name: 'negation re-includes', ignore: '*.md\n!KEEP.md', path: 'KEEP.md', expected: false },
  { name: 'last match wins', ignore: '!a.txt\n*.txt', path: 'a.txt', expected: true },
  { name: 'comments and blanks', ignore: '# secrets\n\n.env', path: '.env', expected: true },
  { name: 'question mark', ignore: 'file?.txt', path: 'file1.txt', expected: true },
  { name: 'character class', ignore: 'log[0-9].txt', path: 'log7.txt', expected: true },
  { name: 'dot is literal', ignore: 'a.b', path: 'axb', expected: false }
]

describe('isIgnored', () => {
  test.each(cases)('$name', ({ ignore, path, expected }) => {
    expect(isIgnored(path, parseDockerignore(ignore))).toBe(expected)
  })
})
