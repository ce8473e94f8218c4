import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { engines, requireEngine } from '../testing/engines.js'
import { type Nginx, freePort, httpGet, startNginx } from '../testing/nginx.js'

/**
 * docker/package-site/nginx-site.conf against upstream's own nginx.conf (elm/package.elm-lang.org
 * at fbaea7d, saved verbatim as fixtures/elm-package.elm-lang.org-fbaea7d-nginx.conf), both run by
 * Debian's real nginx on loopback over the same directory and the same stand-in for the Haskell
 * server. Upstream's file is adapted only where it names its machine: its root
 * (/home/prod/package.elm-lang.org), its server (localhost:8019), its ports (80, 443) and its TLS
 * lines (TLS ends at our load balancer; ours reads X-Forwarded-Proto). Every `location` of the
 * upstream file must be walked by a request below, and every answer must be the same: status,
 * Location, and who answered (the disk or the server, and with which URI).
 */
const root = join(import.meta.dirname, '..', '..', '..')
const UPSTREAM = join(
  import.meta.dirname,
  'fixtures',
  'elm-package.elm-lang.org-fbaea7d-nginx.conf'
)
const OURS = join(root, 'docker', 'package-site', 'nginx-site.conf')

/** What the directory holds: the server's working directory (data + the code start.sh links). */
const FILES: Readonly<Record<string, string>> = {
  'robots.txt': 'User-agent: *\n',
  'sitemap.xml': '<urlset/>\n',
  'assets/style.css': 'body{}',
  'assets/help/design-guidelines.md': '# Design',
  'assets/highlight/highlight.pack.js': 'hljs',
  'packages/elm/core/releases.json': '{"1.0.5":1}',
  'packages/elm/core/1.0.5/endpoint.json': '{"url":"u","hash":"h"}',
  'packages/elm/core/1.0.5/elm.json.gz': 'gz'
}

/** Each upstream location and the requests that walk it (by its text in the upstream file). */
const WALK: Readonly<Record<string, readonly string[]>> = {
  'location / {': ['/', '/packages/elm/core/latest/', '/search.json', '/all-packages/since/3'],
  'location ~ /packages/.*/(endpoint|releases)\\.json$ {': [
    '/packages/elm/core/releases.json',
    '/packages/elm/core/1.0.5/endpoint.json',
    '/packages/elm/missing/releases.json',
    '/packages/elm/core/1.0.5/elm.json'
  ],
  'location = /robots.txt {': ['/robots.txt', '/robots.txt?x=1'],
  'location = /sitemap.xml {': ['/sitemap.xml'],
  'location /assets/ {': [
    '/assets/style.css',
    '/assets/help/design-guidelines.md',
    '/assets/highlight/highlight.pack.js',
    '/assets/fonts.css',
    '/assets/missing.png'
  ],
  'location @fallback {': ['/assets/nope.css', '/packages/a/b/releases.json']
}

/** Requests old clients send (Legacy.hs `serve`), on both schemes. */
const LEGACY = [
  '/all-packages?elm-package-version=0.18',
  '/versions?name=elm-lang/core&elm-package-version=0.17',
  '/description?name=elm-lang/core&version=5.1.1&elm-package-version=0.16',
  '/assets/style.css?elm-package-version=0.18',
  '/all-packages?elm-package-version=0.19'
]

let work: string
let backend: Server
let backendPort = 0
let upstream80: number
let upstream443: number
let ours: number
const servers: Nginx[] = []

function adaptUpstream(text: string, site: string): string {
  return text
    .replaceAll('/home/prod/package.elm-lang.org', site)
    .replaceAll('http://localhost:8019', `http://127.0.0.1:${backendPort}`)
    .replace('listen 80;', `listen 127.0.0.1:${upstream80};`)
    .replace('listen 443 ssl;', `listen 127.0.0.1:${upstream443};`)
    .split('\n')
    .filter(line => !/^\s*(ssl_|include \/etc\/letsencrypt)/.test(line))
    .join('\n')
}

interface Seen {
  readonly status: number
  readonly location: string | undefined
  readonly body: string
}

async function ask(
  port: number,
  path: string,
  headers: Record<string, string> = {}
): Promise<Seen> {
  const got = await httpGet(port, path, { Host: 'package.elm-lang.org', ...headers })
  const location = got.headers['location']
  return {
    status: got.status,
    location: typeof location === 'string' ? location.replace(/^https?:\/\/[^/]+/, '') : undefined,
    // A redirect's body is nginx's own page (it names its version unless server_tokens is off).
    body: got.status >= 300 && got.status < 400 ? '' : got.body.toString()
  }
}

const ready = requireEngine('nginx', engines.nginx())
const suite = ready ? describe : describe.skip

suite("package-site's nginx answers as upstream's nginx.conf (fbaea7d) does", () => {
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), '26-site-nginx-'))
    await chmod(work, 0o755)
    const site = join(work, 'site')
    for (const [path, content] of Object.entries(FILES)) {
      await mkdir(join(site, path, '..'), { recursive: true })
      await writeFile(join(site, path), content)
    }
    // The stand-in for the Haskell server: says it answered, and what it was asked.
    backend = createServer((req, res) => {
      res.end(`server:${req.url ?? ''}`)
    })
    await new Promise<void>(resolve => backend.listen(0, '127.0.0.1', resolve))
    backendPort = (backend.address() as AddressInfo).port
    upstream80 = await freePort()
    upstream443 = await freePort()
    ours = await freePort()
    const upstreamText = adaptUpstream(await readFile(UPSTREAM, 'utf8'), site)
    servers.push(await startNginx(join(work, 'upstream'), upstreamText, upstream443))
    const oursText = (await readFile(OURS, 'utf8'))
      .replaceAll('@PORT@', `127.0.0.1:${ours}`)
      .replaceAll('@ROOT@', site)
      .replaceAll('@SERVER@', `127.0.0.1:${backendPort}`)
    servers.push(await startNginx(join(work, 'ours'), oursText, ours))
  })

  afterAll(async () => {
    for (const s of servers) await s.stop()
    backend.close()
    await rm(work, { recursive: true, force: true })
  })

  test('every location of the upstream file is walked (a new upstream location fails here)', async () => {
    const text = await readFile(UPSTREAM, 'utf8')
    const locations = text
      .split('\n')
      .map(l => l.trim())
      .filter(l => l.startsWith('location '))
    expect(new Set(locations)).toEqual(new Set(Object.keys(WALK)))
  })

  const https: [string, string][] = Object.entries(WALK).flatMap(([location, paths]) =>
    paths.map((p): [string, string] => [location, p])
  )
  test.each(https)('https, %s: %s', async (_location, path) => {
    const want = await ask(upstream443, path)
    const got = await ask(ours, path, { 'X-Forwarded-Proto': 'https' })
    expect(got).toEqual(want)
  })

  test.each(https.map(([, p]) => p))(
    'plain http (not a 0.16–0.18 client): %s is redirected to https',
    async path => {
      const want = await ask(upstream80, path)
      expect(want.status).toBe(301)
      expect(await ask(ours, path, { 'X-Forwarded-Proto': 'http' })).toEqual(want)
    }
  )

  test.each(LEGACY)('a legacy client on plain http and on https: %s', async path => {
    expect(await ask(ours, path, { 'X-Forwarded-Proto': 'http' })).toEqual(
      await ask(upstream80, path)
    )
    expect(await ask(ours, path, { 'X-Forwarded-Proto': 'https' })).toEqual(
      await ask(upstream443, path)
    )
  })

  test('the disk answers what upstream serves from disk, the server only the rest', async () => {
    expect((await ask(ours, '/assets/style.css', { 'X-Forwarded-Proto': 'https' })).body).toBe(
      'body{}'
    )
    expect((await ask(ours, '/assets/fonts.css', { 'X-Forwarded-Proto': 'https' })).body).toBe(
      'server:/assets/fonts.css'
    )
  })
})

/**
 * docker/package-site/start.sh with its nginx front and a stand-in for package-server (it answers
 * `server:<url>` on the port start.sh gives it): the same split, from the files start.sh links.
 */
suite('package-site start.sh runs the front and the server together', () => {
  const HTTPS = { 'X-Forwarded-Proto': 'https' }
  const startSh = join(root, 'docker', 'package-site', 'start.sh')
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), '26-front-'))
    await chmod(dir, 0o755)
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  test('assets, robots.txt and sitemap.xml from disk, the rest from the server; one stopping stops both', async () => {
    const code = join(dir, 'code')
    const data = join(dir, 'data')
    const bin = join(dir, 'bin')
    for (const d of [join(code, 'assets'), join(data, 'packages'), bin])
      await mkdir(d, { recursive: true })
    await writeFile(join(code, 'assets', 'style.css'), 'body{}')
    await writeFile(join(code, 'robots.txt'), 'User-agent: *\n')
    await writeFile(join(data, 'sitemap.xml'), '<urlset/>\n')
    await writeFile(
      join(bin, 'package-server'),
      [
        '#!/usr/bin/env node',
        "const port = Number(process.argv[process.argv.indexOf('--port') + 1])",
        "require('node:http').createServer((q, r) => q.url === '/exit' ? process.exit(3) : r.end('server:' + q.url)).listen(port, '127.0.0.1')",
        ''
      ].join('\n')
    )
    await chmod(join(bin, 'package-server'), 0o755)
    await writeFile(join(dir, 'token'), 'gho_test')
    for (const d of [code, data, join(code, 'assets')]) await chmod(d, 0o755)
    const port = await freePort()
    const serverPort = await freePort()
    const { spawn } = await import('node:child_process')
    const child = spawn('bash', [startSh], {
      env: {
        ...process.env,
        PATH: `${bin}:${process.env['PATH'] ?? ''}`,
        DATA_DIR: data,
        PACKAGE_SITE_CODE: code,
        GITHUB_TOKEN_FILE: join(dir, 'token'),
        RELEASES_CHECK: join(root, 'docker', 'package-site', 'releases-check.mjs'),
        NGINX_SITE: OURS,
        NGINX_DIR: join(dir, 'front'),
        PORT: String(port),
        SERVER_PORT: String(serverPort)
      },
      stdio: ['ignore', 'ignore', 'pipe']
    })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)))
    const deadline = Date.now() + 20_000
    for (;;) {
      try {
        if ((await httpGet(port, '/search.json', HTTPS)).body.toString().startsWith('server:'))
          break
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) throw new Error(`start.sh did not come up: ${stderr}`)
      await new Promise(resolve => setTimeout(resolve, 100))
    }
    const body = async (path: string): Promise<string> =>
      (await httpGet(port, path, HTTPS)).body.toString()
    expect(await body('/assets/style.css')).toBe('body{}')
    expect(await body('/robots.txt')).toBe('User-agent: *\n')
    expect(await body('/sitemap.xml')).toBe('<urlset/>\n')
    expect(await body('/assets/fonts.css')).toBe('server:/assets/fonts.css')
    expect(await body('/packages/elm/core/latest/')).toBe('server:/packages/elm/core/latest/')

    // The server dies: start.sh stops nginx too and exits 1, so Nomad restarts the task.
    await httpGet(port, '/exit', HTTPS).catch(() => undefined)
    expect(await exited).toBe(1)
    expect(stderr).toMatch(/package-server stopped; stopping the task/)
    await expect(httpGet(port, '/robots.txt', HTTPS)).rejects.toThrow()
  }, 60_000)
})
