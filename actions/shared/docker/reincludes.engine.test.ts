import { afterAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DOCKER, engines, requireEngine } from '../testing/engines.js'
import { readContextFiles } from './content-tag.js'
import { PATTERNS, REINCLUDES, SENT_BY_DOCKER } from './fixtures/reincludes.js'

/**
 * The content tag covers exactly the files a real `docker build` sends, on a context whose
 * .dockerignore re-includes files below ignored directories: the fixture's Dockerfile is
 * `FROM scratch` + `COPY . /ctx/` (no base image, no network), and the image's /ctx is what the
 * builder received. Both builders: BuildKit (Debian's client) and the classic one.
 */
const run = requireEngine('docker', engines.docker())
const tag = `elm-infra-reincludes-${process.pid}`
const created: string[] = []
const images: string[] = []

/** The files under /ctx of an image built from `context`. */
function sentBy(builder: 'buildkit' | 'classic', context = REINCLUDES, name = 'r'): string[] {
  const image = `${tag}:${name}-${builder}`
  images.push(image)
  const env = { ...process.env, DOCKER_BUILDKIT: builder === 'buildkit' ? '1' : '0' }
  execFileSync(DOCKER, ['build', '-q', '--network', 'host', '-t', image, context], {
    env,
    stdio: 'pipe'
  })
  const container = execFileSync(DOCKER, ['create', image, '/none'], { encoding: 'utf8' }).trim()
  created.push(container)
  const tar = execFileSync(DOCKER, ['export', container], { maxBuffer: 64 * 1024 * 1024 })
  const listing = execFileSync('tar', ['-t'], { input: tar, encoding: 'utf8' })
  return listing
    .split('\n')
    .filter(p => p.startsWith('ctx/') && !p.endsWith('/'))
    .map(p => p.slice('ctx/'.length))
    .sort()
}

describe('.dockerignore re-includes against a real docker build', () => {
  if (!run) {
    it('is not run: no docker engine here (the warning above says why)', () =>
      expect(run).toBe(false))
    return
  }
  afterAll(() => {
    for (const c of created) execFileSync(DOCKER, ['rm', '-f', c], { stdio: 'pipe' })
    for (const image of images) execFileSync(DOCKER, ['rmi', '-f', image], { stdio: 'pipe' })
  })

  it.each(['buildkit', 'classic'] as const)(
    '%s: the content tag covers exactly the files the builder received',
    async builder => {
      const sent = sentBy(builder)
      expect(sent).toEqual(SENT_BY_DOCKER)
      const covered = (await readContextFiles(REINCLUDES)).map(f => f.path).sort()
      expect(covered).toEqual(sent)
    },
    120_000
  )

  it.each(['buildkit', 'classic'] as const)(
    '%s: pattern edge cases (classes, escapes, CRLF, `! path`, `./`) as the builder reads them',
    async builder => {
      const dir = await mkdtemp(join(tmpdir(), 'dockerignore-patterns-'))
      try {
        await writeFile(join(dir, 'Dockerfile'), 'FROM scratch\nCOPY . /ctx/\n')
        await writeFile(join(dir, '.dockerignore'), PATTERNS.dockerignore)
        for (const file of PATTERNS.files) {
          await mkdir(join(dir, file, '..'), { recursive: true })
          await writeFile(join(dir, file), 'x\n')
        }
        const sent = sentBy(builder, dir, 'p')
        expect(sent).toEqual(PATTERNS.sent)
        expect((await readContextFiles(dir)).map(f => f.path).sort()).toEqual(sent)
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    },
    120_000
  )
})
