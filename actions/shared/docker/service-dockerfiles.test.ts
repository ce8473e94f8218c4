import { describe, expect, test } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadCatalog } from '../catalog/load-catalog.js'
import { readContextFiles } from './content-tag.js'
import { checkServiceDockerfile, parseDockerfile } from './dockerfile-rules.js'

const root = join(import.meta.dirname, '..', '..', '..')
const catalog = await loadCatalog(root)
const read = (path: string): string => readFileSync(join(root, path), 'utf8')

describe('the real service Dockerfiles (their upstream sources cannot be fetched here)', () => {
  test('the catalog has the three services', () => {
    expect(catalog.services.map(s => s.name)).toEqual(['package-site', 'website', 'www'])
  })
  test.each(catalog.services.map(s => [s.name, s] as const))(
    '%s follows every rule',
    (_name, service) => {
      expect(
        checkServiceDockerfile(read(`${service.context}/Dockerfile`), service.healthPath)
      ).toEqual([])
      expect(service.healthPath).toBe('/healthz')
      expect(existsSync(join(root, service.context, '.dockerignore'))).toBe(true)
    }
  )
  test.each(catalog.services.map(s => [s.name, s] as const))(
    '%s: every file its Dockerfile COPYs is sent (.dockerignore)',
    async (_name, service) => {
      const copies = parseDockerfile(read(`${service.context}/Dockerfile`))
        .filter(i => i.keyword === 'COPY' && !i.args.includes('--from='))
        .map(i => i.args.replace(/--\S+\s+/g, '').split(/\s+/)[0] ?? '')
      const sent = (await readContextFiles(join(root, service.context))).map(f => f.path)
      expect(copies.length).toBeGreaterThan(0)
      for (const source of copies) expect(sent).toContain(source)
    }
  )
})

const good = `ARG BASE=x/y:1@sha256:${'a'.repeat(64)}
FROM \${BASE} AS build
ARG SOURCE_REF=abc
RUN make
FROM \${BASE}
LABEL org.opencontainers.image.source="s" \\
      org.opencontainers.image.revision="r" \\
      org.opencontainers.image.version="v"
USER 10001
ENV PORT=8080
EXPOSE 8080
HEALTHCHECK CMD wget -q http://127.0.0.1:\${PORT}/healthz
`

describe('checkServiceDockerfile catches each broken rule', () => {
  test('a good one passes', () => expect(checkServiceDockerfile(good, '/healthz')).toEqual([]))
  test.each([
    ['tag without digest', good.replace(/@sha256:a+/, ''), /not pinned by digest/],
    [
      'literal base',
      good.replace('FROM ${BASE} AS build', `FROM x/y@sha256:${'b'.repeat(64)} AS build`),
      /must come from a build arg/
    ],
    ['root user', good.replace('USER 10001', 'USER root'), /non-root USER/],
    ['no user', good.replace('USER 10001\n', ''), /non-root USER/],
    ['single stage', good.replace('FROM ${BASE} AS build\n', ''), /not multi-stage/],
    [
      'missing label',
      good.replace('org.opencontainers.image.version="v"', 'x=y'),
      /image\.version/
    ],
    ['no healthcheck', good.replace(/HEALTHCHECK.*\n/, ''), /HEALTHCHECK on \/healthz/],
    ['wrong health path', good.replace('/healthz', '/health'), /HEALTHCHECK on \/healthz/],
    ['no port env', good.replace('ENV PORT=8080', 'ENV X=1'), /ENV PORT=8080/],
    ['no source ref', good.replace('ARG SOURCE_REF=abc', 'ARG OTHER=1'), /SOURCE_REF/]
  ])('%s', (_name, text, problem) => {
    expect(checkServiceDockerfile(text, '/healthz').join('\n')).toMatch(problem)
  })
})
