import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  NetlifyRuleError,
  headerRegex,
  parseHeaders,
  parseRedirects,
  redirectRegex,
  redirectTarget,
  toNginx
} from '../../../docker/website/netlify-nginx.js'

/** The parser's contract on its own; the nginx behaviour is proven in the engine test. */
const corpus = join(import.meta.dirname, '..', '..', '..', 'corpus', 'elm-lang.org')

describe('parseRedirects', () => {
  test('reads every rule of the real elm-lang.org file, default status 301', () => {
    const rules = parseRedirects(readFileSync(join(corpus, '_redirects'), 'utf8'))
    const proxy = rules.find(r => r.from === '/api/random-quotes')
    expect(proxy).toMatchObject({ to: 'https://worker.elm-lang.org/quotes', status: 200 })
    expect(rules.find(r => r.from === '/install')).toMatchObject({ status: 301, force: false })
    expect(rules.every(r => r.line > 0)).toBe(true)
  })
  test('reads the force mark', () => {
    expect(parseRedirects('/a /b 302!')).toEqual([
      { line: 1, from: '/a', to: '/b', status: 302, force: true }
    ])
  })
  test.each([
    ['/store id=:id /blog/:id 301', /query-parameter matching is not supported/],
    ['/ /anz 302 Country=au,nz', /conditions .* are not supported/],
    ['/en/* /en/404.html 404', /status 404 is not supported \(supported: 200, 301/],
    ['/a/*/b /c', /splat \(\*\) is only supported at the end/],
    ['http://blog.example.com/* https://x/:splat', /must be a path starting with \//],
    ['/a b', /target must be a path or an http\(s\) URL/]
  ])('refuses %s, naming the line', (line, why) => {
    expect(() => parseRedirects(`# c\n${line}`)).toThrow(NetlifyRuleError)
    expect(() => parseRedirects(`# c\n${line}`)).toThrow(
      new RegExp(`_redirects:2: .*${why.source}`)
    )
  })
})

describe('parseHeaders', () => {
  test('groups header lines under their path and joins a header repeated in one rule', () => {
    expect(parseHeaders('/a/*\n  X-A: 1\n  x-a: 2\n/b\n  Y: z\n')).toEqual([
      { line: 1, path: '/a/*', values: [['X-A', '1, 2']] },
      { line: 4, path: '/b', values: [['Y', 'z']] }
    ])
  })
  test.each([
    ['  X-A: 1', /_headers:1: expected a path/],
    ['/a\n  not a header', /_headers:2: expected a path/],
    ['/a\n  X-A: costs $5', /_headers:2: nginx cannot send a literal \$/]
  ])('refuses %j', (text, why) => expect(() => parseHeaders(text)).toThrow(why))
})

describe('regexes', () => {
  test.each([
    ['/install', ['/install', '/install/'], ['/install/x', '/Install', '/installer']],
    ['/0.19.1/:hint', ['/0.19.1/a', '/0.19.1/a/'], ['/0.19.1', '/0.19.1/a/b', '/0x19x1/a']],
    ['/blog/*', ['/blog', '/blog/', '/blog/a/b/'], ['/blogs', '/blo']]
  ])('redirect %s', (from, yes, no) => {
    const re = new RegExp(redirectRegex(from).replace(/\(\?<(\w+)>/g, '(?<$1>'))
    for (const p of yes) expect(p).toMatch(re)
    for (const p of no) expect(p).not.toMatch(re)
  })
  test('targets use the prefixed captures', () => {
    expect(
      redirectTarget({
        line: 1,
        from: '/0.19.1/:hint',
        to: 'https://x/:hint.md',
        status: 301,
        force: false
      })
    ).toBe('https://x/${nl_hint}.md')
    expect(
      redirectTarget({
        line: 1,
        from: '/blog/*',
        to: '/news/:splat?x=:other',
        status: 301,
        force: false
      })
    ).toBe('/news/${nl_splat}?x=:other')
  })
  test('header paths are case-insensitive in nginx and follow getForRegExp', () => {
    expect(headerRegex('/assets/*')).toBe('^/assets/?(.*)/?$')
    expect(headerRegex('/a/:id/b')).toBe('^/a/([^/]+)/b/?$')
  })
})

describe('toNginx', () => {
  const config = toNginx(parseRedirects('/a /b 301!\n/c https://ex.org/d?e=1 200\n'), [], {
    listen: '${PORT}',
    root: '/srv'
  })
  test('keeps ${PORT} for the image entrypoint and puts forced rules before try_files', () => {
    expect(config).toContain('listen ${PORT};')
    const location = config.slice(config.indexOf('    location / {'))
    expect(location.indexOf('return 301 "/b$is_args$args"')).toBeLessThan(
      location.indexOf('try_files')
    )
  })
  test('a proxy target with its own query replaces the request query', () => {
    expect(config).toContain('rewrite ^ "/d?e=1"? break;')
    expect(config).toContain('set $nl_proxy_1 "https://ex.org";')
    expect(config).toContain('proxy_pass $nl_proxy_1;')
  })
  test('proxies resolve per request (a DNS failure at start does not stop nginx)', () => {
    expect(config).toContain('resolver ${NGINX_LOCAL_RESOLVERS} valid=30s ipv6=off;')
    expect(config).not.toMatch(/proxy_pass https?:/)
  })
  test("every file defaults to Netlify's Cache-Control, pages with a dot and assets alike", () => {
    expect(config).toContain('default "public, max-age=0, must-revalidate";')
    expect(config).not.toContain('max-age=3600')
  })
})
