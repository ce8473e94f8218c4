import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import { chmod, cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { computeContentTag, hashContext, readContextFiles } from './content-tag.js'
import { REINCLUDES, SENT_BY_DOCKER } from './fixtures/reincludes.js'

let dir = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'content-tag-'))
  await mkdir(join(dir, 'site/deep'), { recursive: true })
  await mkdir(join(dir, 'node_modules/x'), { recursive: true })
  await writeFile(join(dir, 'Dockerfile'), 'FROM scratch\n')
  await writeFile(join(dir, '.dockerignore'), 'node_modules\n*.log\nDockerfile\n')
  await writeFile(join(dir, 'site/index.html'), '<h1>hi</h1>\n')
  await writeFile(join(dir, 'site/deep/run.sh'), '#!/bin/sh\n')
  await chmod(join(dir, 'site/deep/run.sh'), 0o755)
  await writeFile(join(dir, 'build.log'), 'noise')
  await writeFile(join(dir, 'node_modules/x/index.js'), 'noise')
  await symlink('index.html', join(dir, 'site/home.html'))
})
afterAll(async () => rm(dir, { recursive: true, force: true }))

describe('readContextFiles', () => {
  test('honours .dockerignore, keeps the Dockerfile, records kinds', async () => {
    const files = await readContextFiles(dir)
    expect(files.map(f => `${f.path}:${f.kind}`).sort()).toEqual([
      '.dockerignore:f',
      'Dockerfile:f',
      'site/deep/run.sh:x',
      'site/home.html:l',
      'site/index.html:f'
    ])
  })
})

describe('readContextFiles: what enters the tag', () => {
  const hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex')

  test('each file’s SHA-256 of its bytes in hex, a symlink’s of its target', async () => {
    const files = await readContextFiles(dir)
    const of = (path: string): string | undefined => files.find(f => f.path === path)?.sha256
    expect(of('site/index.html')).toBe(hex(await readFile(join(dir, 'site/index.html'))))
    expect(of('site/home.html')).toBe(hex('index.html'))
  })

  test('without a .dockerignore every file is sent', async () => {
    const bare = await mkdtemp(join(tmpdir(), 'content-tag-bare-'))
    try {
      await writeFile(join(bare, 'Dockerfile'), 'FROM scratch\n')
      await mkdir(join(bare, 'node_modules'))
      await writeFile(join(bare, 'node_modules/a.js'), '1\n')
      await writeFile(join(bare, 'b.log'), '2\n')
      expect((await readContextFiles(bare)).map(f => f.path).sort()).toEqual([
        'Dockerfile',
        'b.log',
        'node_modules/a.js'
      ])
    } finally {
      await rm(bare, { recursive: true, force: true })
    }
  })

  test('a .dockerignore that lists itself and the Dockerfile: both still enter the tag', async () => {
    const self = await mkdtemp(join(tmpdir(), 'content-tag-self-'))
    try {
      await writeFile(join(self, 'Dockerfile'), 'FROM scratch\nCOPY . /ctx/\n')
      await writeFile(join(self, '.dockerignore'), '.dockerignore\nDockerfile\nx.txt\n')
      await writeFile(join(self, 'x.txt'), 'a\n')
      await writeFile(join(self, 'y.txt'), 'b\n')
      expect((await readContextFiles(self)).map(f => f.path).sort()).toEqual([
        '.dockerignore',
        'Dockerfile',
        'y.txt'
      ])
    } finally {
      await rm(self, { recursive: true, force: true })
    }
  })

  test('a socket in the context is left out, as Docker’s archive skips it', async () => {
    const withSocket = await mkdtemp(join(tmpdir(), 'content-tag-sock-'))
    const server = createServer()
    try {
      await writeFile(join(withSocket, 'Dockerfile'), 'FROM scratch\n')
      await new Promise<void>(done => server.listen(join(withSocket, 'agent.sock'), done))
      expect((await readContextFiles(withSocket)).map(f => f.path)).toEqual(['Dockerfile'])
    } finally {
      await new Promise(done => server.close(done))
      await rm(withSocket, { recursive: true, force: true })
    }
  })
})

describe('content tag', () => {
  const files = [
    { path: 'b', kind: 'f' as const, sha256: '2' },
    { path: 'a', kind: 'f' as const, sha256: '1' }
  ]
  test('is the same for every order of the files and of the build args', () => {
    const four = ['site/a', 'b', 'site', 'a'].map((path, i) => ({
      path,
      kind: 'f' as const,
      sha256: String(i)
    }))
    const orders = [
      [0, 1, 2, 3],
      [3, 2, 1, 0],
      [1, 3, 0, 2],
      [2, 0, 3, 1],
      [3, 0, 1, 2]
    ].map(order => order.map(i => four[i]!))
    const tags = new Set(orders.map(files => hashContext(files, { A: '1', B: '2', C: '3' })))
    expect(tags.size).toBe(1)
    const args = new Set(
      [
        { A: '1', B: '2', C: '3' },
        { C: '3', A: '1', B: '2' },
        { B: '2', C: '3', A: '1' }
      ].map(a => hashContext(four, a))
    )
    expect(args).toEqual(tags)
  })

  test('is stable under file order and has the documented shape', () => {
    expect(hashContext(files, {})).toBe(hashContext([...files].reverse(), {}))
    expect(hashContext(files, {})).toMatch(/^content-[0-9a-f]{24}$/)
  })
  test('changes with contents, mode, path and build args', () => {
    const base = hashContext(files, { A: '1' })
    expect(hashContext([{ ...files[0]!, sha256: '3' }, files[1]!], { A: '1' })).not.toBe(base)
    expect(hashContext([{ ...files[0]!, kind: 'x' }, files[1]!], { A: '1' })).not.toBe(base)
    expect(hashContext([{ ...files[0]!, path: 'c' }, files[1]!], { A: '1' })).not.toBe(base)
    expect(hashContext(files, { A: '2' })).not.toBe(base)
  })
  test('an ignored file does not change the tag; a sent file does', async () => {
    const before = await computeContentTag(dir, {})
    await writeFile(join(dir, 'build.log'), 'other noise')
    expect(await computeContentTag(dir, {})).toBe(before)
    await writeFile(join(dir, 'site/index.html'), '<h1>changed</h1>\n')
    expect(await computeContentTag(dir, {})).not.toBe(before)
  })
})

/**
 * `!path` re-includes below an ignored directory (fixtures/reincludes): the content tag must
 * cover every file Docker sends. The expected list is what Docker 20.10's builders (BuildKit and
 * the classic one, both moby/patternmatcher) copied with `COPY . /ctx/` from this context;
 * reincludes.engine.test.ts compares with a real `docker build` wherever the engine runs.
 */
describe('.dockerignore re-includes below an ignored directory', () => {
  test('the files the content tag covers are exactly the files Docker sends', async () => {
    const files = await readContextFiles(REINCLUDES)
    expect(files.map(f => f.path).sort()).toEqual(SENT_BY_DOCKER)
  })

  test('a re-included file below an ignored directory changes the tag; its ignored neighbour does not', async () => {
    const copy = await mkdtemp(join(tmpdir(), 'reincludes-'))
    try {
      await cp(REINCLUDES, copy, { recursive: true })
      const before = await computeContentTag(copy, {})
      await writeFile(join(copy, 'cache/a/b/drop.txt'), 'other\n')
      await writeFile(join(copy, 'site/index.html'), 'other\n')
      expect(await computeContentTag(copy, {})).toBe(before)
      await writeFile(join(copy, 'cache/a/b/keep.txt'), 'changed\n')
      expect(await computeContentTag(copy, {})).not.toBe(before)
    } finally {
      await rm(copy, { recursive: true, force: true })
    }
  })
})
