import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadCatalog } from '../catalog/load-catalog.js'
import { checkServiceDockerfile, parseDockerfile } from './dockerfile-rules.js'
import { describeDockerfileRules } from './service-rules.js'

const root = join(import.meta.dirname, '..', '..', '..')
const catalog = await loadCatalog(root)
const read = (path: string): string => readFileSync(join(root, path), 'utf8')

describeDockerfileRules(root, catalog.services)

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
  test("another port: the job's port, in ENV PORT and EXPOSE", () => {
    const on3000 = good
      .replace('ENV PORT=8080', 'ENV PORT=3000')
      .replace('EXPOSE 8080', 'EXPOSE 3000')
    expect(checkServiceDockerfile(on3000, '/healthz', 3000)).toEqual([])
    expect(checkServiceDockerfile(good, '/healthz', 3000)).toEqual([
      'missing ENV PORT=3000',
      'missing EXPOSE 3000'
    ])
  })
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
    ['no expose', good.replace('EXPOSE 8080', 'EXPOSE 80'), /EXPOSE 8080/],
    ['no source ref', good.replace('ARG SOURCE_REF=abc', 'ARG OTHER=1'), /SOURCE_REF/]
  ])('%s', (_name, text, problem) => {
    expect(checkServiceDockerfile(text, '/healthz').join('\n')).toMatch(problem)
  })
})

/**
 * The upstream commits the Dockerfiles pin, against corpus/ (each folder holds the COMMIT it was
 * taken from and FILES, the commit's tree): the pins are the corpus commits, full SHAs, and every
 * upstream file the images use exists at the pinned commit.
 */
function argDefault(dockerfile: string, name: string): string[] {
  return parseDockerfile(read(dockerfile))
    .filter(i => i.keyword === 'ARG' && i.args.startsWith(`${name}=`))
    .map(i => i.args.slice(name.length + 1))
}
const corpusCommit = (dir: string): string => read(`corpus/${dir}/COMMIT`).trim()
const corpusFiles = (dir: string): string[] => read(`corpus/${dir}/FILES`).split('\n')

describe('upstream pins match the corpus copies', () => {
  test.each([
    ['docker/website/Dockerfile', 'SOURCE_REF', 'elm-lang.org'],
    ['docker/package-site/Dockerfile', 'SOURCE_REF', 'package.elm-lang.org'],
    ['docker/package-site/Dockerfile', 'COMPILER_REF', 'elm-compiler']
  ])('%s %s is the commit of corpus/%s, in every stage', (dockerfile, arg, dir) => {
    const pins = argDefault(dockerfile, arg)
    expect(pins.length).toBeGreaterThan(0)
    for (const pin of pins) {
      expect(pin).toMatch(/^[0-9a-f]{40}$/)
      expect(pin).toBe(corpusCommit(dir))
    }
  })

  test.each([
    [
      'elm-lang.org',
      // build.sh prod, the compiler version, the two Netlify files, the pages / and 404 need
      [
        'build.sh',
        'elm.json',
        'static/_redirects',
        'static/_headers',
        'pages/home.elm',
        'pages/404.elm'
      ]
    ],
    [
      'package.elm-lang.org',
      // start.sh links these into the data directory; the server stage builds the cabal file;
      // healthz-route.sh patches Main.hs
      [
        'build.sh',
        'elm.json',
        'run-server.cabal',
        'robots.txt',
        'src/backend/Main.hs',
        'src/frontend/Main.elm'
      ]
    ],
    [
      'elm-compiler',
      // run-server.cabal's hs-source-dirs ../../compiler/{compiler,builder}/src, and the GHC the
      // Dockerfile's HASKELL_BASE comment cites
      ['compiler/src/Elm/Package.hs', 'builder/src/Elm/Outline.hs', 'installers/linux/Dockerfile']
    ]
  ])('corpus/%s: the files the image uses exist at the pinned commit', (dir, used) => {
    const files = corpusFiles(dir)
    for (const path of used) expect(files).toContain(path)
  })

  test('the corpus copies of _redirects and _headers come from that commit (their paths are in FILES)', () => {
    expect(read('corpus/elm-lang.org/_redirects')).toMatch(/^\/0\.19\.1\/:hint\s+\S+/m)
    expect(read('corpus/elm-lang.org/_headers')).toMatch(/^\/assets\/\*$/m)
  })

  test('the package-site image builds against elm/compiler with the GHC of its CI (8.6.5)', () => {
    const base = argDefault('docker/package-site/Dockerfile', 'HASKELL_BASE')[0] ?? ''
    expect(base).toMatch(/^docker\.io\/library\/haskell:8\.6\.5@sha256:[0-9a-f]{64}$/)
  })
})
