import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { chmod, cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
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

describe('content tag', () => {
  const files = [
    { path: 'b', kind: 'f' as const, sha256: '2' },
    { path: 'a', kind: 'f' as const, sha256: '1' }
  ]
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
