import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { createRequire } from 'node:module'
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { parseAllHeaders } from '@netlify/headers-parser'
import { engines, requireEngine } from '../testing/engines.js'
import { type Answer, type Nginx, freePort, httpGet, startNginx } from '../testing/nginx.js'
import {
  CACHE_DEFAULT,
  parseHeaders,
  parseRedirects,
  toNginx
} from '../../../docker/website/netlify-nginx.js'

/**
 * Every rule of elm-lang.org's real _redirects and _headers (corpus/elm-lang.org, the pinned
 * commit), translated by docker/website/netlify-nginx.ts and served by Debian's real nginx on
 * loopback over a fixture site, must be answered as Netlify answers it. The judge is Netlify's own
 * code: its redirect matcher (npm netlify-redirector, the libredirect engine that @netlify/redirects
 * uses) and its _headers parser (@netlify/headers-parser); the request handling around them
 * (shadowing by files, the query string kept when the target has none, proxies) follows
 * @netlify/redirects RedirectsHandler.match/handle.
 */
const root = join(import.meta.dirname, '..', '..', '..')
const corpus = join(root, 'corpus', 'elm-lang.org')
const HOST = 'elm-lang.org'

interface NetlifyMatch {
  readonly to: string
  readonly status: number
  readonly force: boolean
}
interface Matcher {
  match(req: {
    scheme: string
    host: string
    path: string
    query: string
    getHeader(name: string): string
    getCookie(name: string): string
  }): NetlifyMatch | null
}
const redirector = createRequire(import.meta.url)('netlify-redirector') as {
  parsePlain(rules: string, options: { jwtSecret: string; jwtRoleClaim: string }): Promise<Matcher>
}

/** The fixture site: the files a `./build.sh prod` output has at those paths (content is ours). */
const FILES: Readonly<Record<string, string>> = {
  'home.html': '<h1>home</h1>',
  '404.html': '<h1>not found</h1>',
  'docs.html': '<h1>docs</h1>',
  'docs/syntax.html': '<h1>syntax</h1>',
  'news.html': '<h1>news</h1>',
  'news/0.19.0.html': '<h1>0.19.0</h1>',
  'examples/quotes.html': '<h1>quotes</h1>',
  'try.html': '<h1>try</h1>',
  'robots.txt': 'User-agent: *\n',
  'assets/style.css': `body { margin: 0; }\n${'.x { color: red; }\n'.repeat(40)}`,
  'assets/public-opinion.txt': 'elm is nice\n',
  'assets/papers/concurrent-frp.pdf': '%PDF',
  'images/turtle.gif': 'GIF89a'
}

const get = (port: number, path: string, headers: Record<string, string> = {}): Promise<Answer> =>
  httpGet(port, path, { Host: HOST, ...headers })

/** Concrete request paths for a rule's `from`: placeholders and splats filled several ways. */
function probesFor(from: string): string[] {
  const filled = from.replace(/:[A-Za-z_]\w*/g, 'bad-recursion')
  if (!filled.endsWith('*')) return [filled, `${filled}/`, `${filled}?a=1&b=two`]
  const base = filled.slice(0, -1)
  return [base, `${base}x`, `${base}x/y/`, `${base}0.19.0?utm=1`, base.replace(/\/$/, '')]
}

let nginx: Nginx
let port = 0
let upstream: Server
const proxied: Array<{ url: string; host: string }> = []
let work: string
let matcher: Matcher
let headerRules: Array<{ forRegExp: RegExp; values: Record<string, string> }>
const redirectsText = await readFile(join(corpus, '_redirects'), 'utf8')
const headersText = await readFile(join(corpus, '_headers'), 'utf8')

/** Netlify's answer, as a description the test compares with nginx's. */
interface Expected {
  readonly kind: 'file' | 'redirect' | 'proxy' | 'not-found'
  readonly status: number
  readonly location?: string
  readonly file?: string
  readonly proxyUrl?: string
}

function staticFile(path: string): string | undefined {
  const clean = decodeURIComponent(path)
  if (clean === '/') return 'home.html' // our addition: the home page at /
  const rel = clean.replace(/^\//, '')
  for (const candidate of [rel, `${rel}.html`, `${rel.replace(/\/$/, '')}/index.html`]) {
    if (candidate !== '' && Object.hasOwn(FILES, candidate)) return candidate
  }
  return undefined
}

function netlify(target: string): Expected {
  const url = new URL(target, `https://${HOST}`)
  const match = matcher.match({
    scheme: 'https',
    host: HOST,
    path: decodeURIComponent(url.pathname),
    query: url.search.slice(1),
    getHeader: () => '',
    getCookie: () => ''
  })
  const file = staticFile(url.pathname)
  if (match === null || (file !== undefined && !match.force)) {
    return file === undefined
      ? { kind: 'not-found', status: 404, file: '404.html' }
      : { kind: 'file', status: 200, file }
  }
  const to = new URL(match.to, url)
  if (to.search === '') to.search = url.search
  if (match.status === 200) return { kind: 'proxy', status: 200, proxyUrl: to.href }
  return { kind: 'redirect', status: match.status, location: to.href }
}

function expectedHeaders(path: string): Record<string, string> {
  const pathname = new URL(path, `https://${HOST}`).pathname
  const merged: Record<string, string> = {}
  for (const rule of headerRules) {
    if (!rule.forRegExp.test(pathname)) continue
    for (const [name, value] of Object.entries(rule.values)) merged[name.toLowerCase()] = value
  }
  return merged
}

const ready = requireEngine('nginx', engines.nginx())
const suite = ready ? describe : describe.skip

suite('elm-lang.org rules on real nginx, answered as Netlify would', () => {
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), '15-nginx-'))
    // nginx's workers drop root (to nobody) and must be able to read the site.
    await chmod(work, 0o755)
    const site = join(work, 'site')
    for (const [path, content] of Object.entries(FILES)) {
      await mkdir(dirname(join(site, path)), { recursive: true })
      await writeFile(join(site, path), content)
    }
    // The upstream files are in the site too (build.sh copies static/*): nginx must not serve them.
    await writeFile(join(site, '_redirects'), redirectsText)
    await writeFile(join(site, '_headers'), headersText)

    matcher = await redirector.parsePlain(redirectsText, { jwtSecret: 'x', jwtRoleClaim: 'r' })
    const headersFile = join(work, '_headers')
    await writeFile(headersFile, headersText)
    const parsed = await parseAllHeaders({
      headersFiles: [headersFile],
      configHeaders: [],
      minimal: false
    })
    expect(parsed.errors).toEqual([])
    headerRules = parsed.headers.map(h => ({
      forRegExp: 'forRegExp' in h ? h.forRegExp : /$^/,
      values: h.values
    }))

    upstream = createServer((req, res) => {
      proxied.push({ url: req.url ?? '', host: req.headers.host ?? '' })
      res.setHeader('Content-Type', 'application/json')
      res.end('{"quote":"from the worker"}')
    })
    await new Promise<void>(resolve => upstream.listen(0, '127.0.0.1', resolve))
    const upstreamPort = (upstream.address() as AddressInfo).port

    port = await freePort()
    const config = toNginx(parseRedirects(redirectsText), parseHeaders(headersText), {
      listen: `127.0.0.1:${port}`,
      root: site,
      proxyOrigins: { 'https://worker.elm-lang.org': `http://127.0.0.1:${upstreamPort}` },
      resolver: '127.0.0.1'
    })
    nginx = await startNginx(work, config, port)
  })

  afterAll(async () => {
    await nginx.stop()
    upstream.close()
    await rm(work, { recursive: true, force: true })
  })

  const rules = parseRedirects(redirectsText)

  test('the corpus has the rules we expect to prove (hints, blog, installers, proxy)', () => {
    expect(rules.length).toBeGreaterThanOrEqual(20)
    expect(rules.map(r => r.from)).toEqual(
      expect.arrayContaining(['/0.19.1/:hint', '/blog/*', '/install', '/api/random-quotes'])
    )
  })

  test.each(
    rules.flatMap(rule => probesFor(rule.from).map(p => [rule.line, rule.from, p] as const))
  )('_redirects line %i (%s): %s', async (_line, _from, path) => {
    const want = netlify(path)
    const got = await get(port, path)
    expect({ path, status: got.status }).toEqual({ path, status: want.status })
    if (want.kind === 'redirect') {
      const location = new URL(String(got.headers['location']), `https://${HOST}${path}`)
      expect(location.href).toBe(want.location)
    } else if (want.kind === 'proxy') {
      const sent = proxied.at(-1)
      const target = new URL(want.proxyUrl ?? '')
      expect(sent).toEqual({ url: `${target.pathname}${target.search}`, host: target.host })
      expect(got.body.toString()).toBe('{"quote":"from the worker"}')
      // Netlify sends no custom headers on proxied responses.
      expect(got.headers['access-control-allow-origin']).toBeUndefined()
    } else {
      expect(got.body.toString()).toBe(FILES[want.file ?? ''])
    }
  })

  test('every compiler hint link of 0.19.0–0.19.2 reaches the hints folder (e.g. bad-recursion)', async () => {
    const got = await get(port, '/0.19.1/bad-recursion')
    expect(got.status).toBe(301)
    expect(got.headers['location']).toBe(
      'https://github.com/elm/compiler/blob/main/hints/bad-recursion.md'
    )
  })

  test.each([
    ['/assets/style.css'],
    ['/assets/public-opinion.txt'],
    ['/images/turtle.gif'],
    ['/docs'],
    ['/'],
    ['/robots.txt'],
    ['/news/0.19.0']
  ])('_headers on %s: exactly what Netlify sends, plus our Cache-Control', async path => {
    const got = await get(port, path)
    expect(got.status).toBe(200)
    const want = expectedHeaders(path)
    expect(got.headers['access-control-allow-origin']).toBe(want['access-control-allow-origin'])
    expect(got.headers['cache-control']).toBe(CACHE_DEFAULT)
  })

  test('a later _headers rule replaces an earlier one (public-opinion.txt is open to all)', async () => {
    expect(
      (await get(port, '/assets/public-opinion.txt')).headers['access-control-allow-origin']
    ).toBe('*')
    expect((await get(port, '/assets/style.css')).headers['access-control-allow-origin']).toBe(
      'https://worker.elm-lang.org'
    )
  })

  test('/ is the home page, clean URLs serve .html, unknown paths get 404.html with 404', async () => {
    expect((await get(port, '/')).body.toString()).toBe(FILES['home.html'])
    expect((await get(port, '/docs')).body.toString()).toBe(FILES['docs.html'])
    expect((await get(port, '/docs/syntax')).body.toString()).toBe(FILES['docs/syntax.html'])
    const missing = await get(port, '/no/such/page')
    expect(missing.status).toBe(404)
    expect(missing.body.toString()).toBe(FILES['404.html'])
  })

  test('the two Netlify files are never served', async () => {
    for (const path of ['/_redirects', '/_headers']) {
      const got = await get(port, path)
      expect(got.status).toBe(404)
      expect(got.body.toString()).not.toContain('worker.elm-lang.org')
    }
  })

  test('gzip for text assets when the client accepts it', async () => {
    const got = await get(port, '/assets/style.css', { 'Accept-Encoding': 'gzip' })
    expect(got.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(got.body).toString()).toBe(FILES['assets/style.css'])
  })

  test('paths no rule matches fall through to 404 (case matters, placeholders are one segment)', async () => {
    for (const path of ['/BLOG/x', '/0.19.1/a/b', '/0.19.1']) {
      expect(netlify(path).kind).toBe('not-found')
      expect((await get(port, path)).status).toBe(404)
    }
  })

  test('a proxied origin whose name does not resolve: nginx still starts and serves; only the proxy answers 502', async () => {
    // No DNS server on 127.0.0.1:53 and no internet here: the name of worker.elm-lang.org can
    // never resolve. A literal `proxy_pass https://worker.elm-lang.org` made nginx refuse to
    // start ("host not found in upstream"), taking every page down with it.
    const dir = await mkdtemp(join(tmpdir(), 'netlify-nginx-dns-'))
    const dnsPort = await freePort()
    const config = toNginx(parseRedirects(redirectsText), parseHeaders(headersText), {
      listen: `127.0.0.1:${dnsPort}`,
      root: join(work, 'site'),
      resolver: '127.0.0.1'
    })
    const down = await startNginx(dir, config, dnsPort)
    try {
      expect((await get(dnsPort, '/docs')).status).toBe(200)
      expect((await get(dnsPort, '/api/random-quotes')).status).toBe(502)
    } finally {
      await down.stop()
      await rm(dir, { recursive: true, force: true })
    }
  }, 30_000)
})
