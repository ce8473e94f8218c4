import { describe, expect, test } from '@jest/globals'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readContextFiles } from './content-tag.js'
import { isIgnored, parseDockerignore } from './dockerignore.js'
import { PATTERNS } from './fixtures/reincludes.js'

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

/**
 * Docker's own verdicts (fixtures/reincludes.ts `PATTERNS`, recorded from Docker 20.10's BuildKit
 * and classic builders; reincludes.engine.test.ts re-checks them against a real build).
 */
describe('as Docker reads them', () => {
  test('`[!0-9]` is a class of `!` and the digits, not a negation; `[^0-9]` negates', () => {
    const patterns = parseDockerignore('log[!0-9].txt\nnum[^0-9].txt')
    expect(isIgnored('log1.txt', patterns)).toBe(true)
    expect(isIgnored('log!.txt', patterns)).toBe(true)
    expect(isIgnored('logx.txt', patterns)).toBe(false)
    expect(isIgnored('num1.txt', patterns)).toBe(false)
    expect(isIgnored('numx.txt', patterns)).toBe(true)
  })

  test('`**` inside a segment spans directories and keeps what follows it', () => {
    // Recorded from Docker 20.10 (BuildKit): `a**b` leaves a/x/b out and sends a/x/c and ax.
    const patterns = parseDockerignore('a**b')
    expect(isIgnored('a/x/b', patterns)).toBe(true)
    expect(isIgnored('a/x/c', patterns)).toBe(false)
    expect(isIgnored('ax', patterns)).toBe(false)
  })

  test('a backslash makes `*` literal', () => {
    const patterns = parseDockerignore('star\\*.txt')
    expect(isIgnored('star*.txt', patterns)).toBe(true)
    expect(isIgnored('starx.txt', patterns)).toBe(false)
  })

  test('a context with every edge case sends exactly what Docker sent', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dockerignore-patterns-'))
    try {
      await writeFile(join(dir, 'Dockerfile'), 'FROM scratch\nCOPY . /ctx/\n')
      await writeFile(join(dir, '.dockerignore'), PATTERNS.dockerignore)
      for (const file of PATTERNS.files) {
        await mkdir(join(dir, file, '..'), { recursive: true })
        await writeFile(join(dir, file), 'x\n')
      }
      expect((await readContextFiles(dir)).map(f => f.path).sort()).toEqual([...PATTERNS.sent])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
