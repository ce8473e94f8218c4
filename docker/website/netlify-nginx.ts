/**
 * netlify-nginx: translates a site's Netlify `_redirects` and `_headers` into an nginx config, so
 * elm-lang.org (configured for Netlify upstream, static/_redirects and static/_headers) is
 * answered by nginx as Netlify would answer it. The website image runs it at build time
 * (`node netlify-nginx.ts _site > default.conf.template`): a new upstream rule needs no hand edit.
 * Pure functions, no imports but node builtins (Node's type stripping runs this file as it is);
 * tested in actions/shared/docker/netlify-nginx.test.ts and, against Netlify's own matcher and
 * Debian's real nginx, in netlify-nginx.engine.test.ts.
 *
 * Netlify semantics it reproduces (and where they are documented):
 * - Rules are `from to [status][!]`, one per line, `#` comments; the first matching rule wins;
 *   the default status is 301 (docs.netlify.com, "Redirects and rewrites", _redirects syntax).
 * - `*` at the end of `from` is a splat, `:name` a placeholder for one path segment; `:splat` and
 *   `:name` in `to` take what they matched. A trailing slash on the request does not change the
 *   match, and `/blog/*` also matches `/blog` (Netlify's matcher, netlify-redirector, which the
 *   engine test asks for every probe).
 * - Shadowing: a rule without `!` applies only when no file answers the path; a forced rule
 *   (`301!`) always applies (docs "Rewrites and proxies", Shadowing; @netlify/redirects
 *   RedirectsHandler.handle).
 * - The request's query string is passed on when the target has none of its own
 *   (RedirectsHandler.match: `target.searchParams.size === 0`).
 * - Status 200 to a path rewrites; to an absolute URL proxies (docs "Rewrites and proxies").
 * - `_headers`: a path line, then indented `Name: value` lines; every matching rule applies, a
 *   later rule's value replaces an earlier one for the same header, a header repeated inside one
 *   rule is joined with ", " (@netlify/headers-parser merge.ts; headersForPath in netlify/primitives);
 *   `*` matches anything (also nothing), `:name` one segment, case-insensitive, trailing slash
 *   optional (@netlify/headers-parser for_regexp.ts getForRegExp). Custom headers apply to files
 *   served from the site, not to proxied responses (docs "Custom headers", Limitations).
 * Unsupported Netlify features (query-parameter matching, country/language/role conditions, status
 * codes other than 200/301/302/303/307/308, signed proxies) make the generator fail with the line,
 * never silently drop a rule.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface RedirectRule {
  readonly line: number
  readonly from: string
  readonly to: string
  readonly status: number
  readonly force: boolean
}

export interface HeaderRule {
  readonly line: number
  readonly path: string
  /** Header name (as written) → value; a name repeated in one rule is joined with ", ". */
  readonly values: ReadonlyArray<readonly [string, string]>
}

export class NetlifyRuleError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'NetlifyRuleError'
  }
}

const STATUSES = [200, 301, 302, 303, 307, 308]

/** Parses `_redirects`; throws NetlifyRuleError naming the file's line for what nginx cannot do. */
export function parseRedirects(text: string, file = '_redirects'): RedirectRule[] {
  const rules: RedirectRule[] = []
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1
    const trimmed = raw.trim()
    if (trimmed === '' || trimmed.startsWith('#')) return
    const parts = trimmed.split(/\s+/)
    const fail = (why: string): never => {
      throw new NetlifyRuleError(`${file}:${line}: ${why}: ${trimmed}`)
    }
    const [from = '', to = '', statusPart, ...rest] = parts
    if (!from.startsWith('/'))
      fail('the source must be a path starting with / (domain-level rules are not supported)')
    if (to === '' || /^[^/:]+=/.test(to)) {
      fail('query-parameter matching is not supported (expected `from to [status][!]`)')
    }
    if (rest.length > 0)
      fail('conditions (Country=, Language=, Role=, Cookie=) are not supported')
    const status = statusPart === undefined ? 301 : Number(statusPart.replace(/!$/, ''))
    if (!STATUSES.includes(status)) {
      fail(`status ${statusPart ?? ''} is not supported (supported: ${STATUSES.join(', ')})`)
    }
    if (!/^(\/|https?:\/\/)/.test(to)) fail('the target must be a path or an http(s) URL')
    const star = from.indexOf('*')
    if (star !== -1 && star !== from.length - 1) fail('a splat (*) is only supported at the end')
    rules.push({ line, from, to, status, force: statusPart?.endsWith('!') ?? false })
  })
  return rules
}

/** Parses `_headers` (path lines, then `Name: value` lines under them). */
export function parseHeaders(text: string, file = '_headers'): HeaderRule[] {
  const rules: Array<{ line: number; path: string; values: Array<[string, string]> }> = []
  text.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trim()
    if (trimmed === '' || trimmed.startsWith('#')) return
    if (trimmed.startsWith('/')) {
      rules.push({ line: index + 1, path: trimmed, values: [] })
      return
    }
    const current = rules.at(-1)
    const colon = trimmed.indexOf(':')
    if (current === undefined || colon <= 0) {
      throw new NetlifyRuleError(
        `${file}:${index + 1}: expected a path (/…) or a "Name: value" line under one: ${trimmed}`
      )
    }
    const name = trimmed.slice(0, colon).trim()
    const value = trimmed.slice(colon + 1).trim()
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) {
      throw new NetlifyRuleError(`${file}:${index + 1}: "${name}" is not a header name`)
    }
    if (value.includes('$')) {
      throw new NetlifyRuleError(`${file}:${index + 1}: nginx cannot send a literal $ in ${name}`)
    }
    const same = current.values.find(([n]) => n.toLowerCase() === name.toLowerCase())
    if (same === undefined) current.values.push([name, value])
    else same[1] = `${same[1]}, ${value}`
  })
  return rules
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const quote = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
/** nginx variable names for placeholders: prefixed, so `:host` cannot shadow $host. */
const captureName = (placeholder: string): string => `nl_${placeholder}`

/** The nginx regex (on $uri) that matches what Netlify's matcher matches for a rule's `from`. */
export function redirectRegex(from: string): string {
  const splat = from.endsWith('/*') ? '/*' : from.endsWith('*') ? '*' : ''
  const head = splat === '' ? from : from.slice(0, -splat.length)
  const segments = head
    .split('/')
    .filter(s => s !== '')
    .map(s => (/^:[A-Za-z_]\w*$/.test(s) ? `(?<${captureName(s.slice(1))}>[^/]+)` : escapeRegex(s)))
  const path = segments.map(s => `/${s}`).join('')
  if (splat === '/*') return `^${path}(?:/(?<nl_splat>.*))?$`
  if (splat === '*') return `^${path}/?(?<nl_splat>.*)$`
  return `^${path === '' ? '' : path}/?$`
}

/** The rule's target with `:splat` / `:name` replaced by the nginx captures. */
export function redirectTarget(rule: RedirectRule): string {
  const names = new Set(
    rule.from
      .split('/')
      .filter(s => s.startsWith(':'))
      .map(s => s.slice(1))
  )
  if (rule.from.endsWith('*')) names.add('splat')
  return rule.to.replace(/:([A-Za-z_]\w*)/g, (whole, name: string) =>
    names.has(name) ? `\${${captureName(name)}}` : whole
  )
}

/** The nginx regex for a `_headers` path (getForRegExp's shape), case-insensitive in the map. */
export function headerRegex(path: string): string {
  const parts = path
    .split('/')
    .map(p => p.trimEnd())
    .filter(p => p !== '')
    .map(p => {
      if (p.startsWith(':')) return '([^/]+)'
      if (p === '*') return '?(.*)'
      if (p.includes('*')) return p.split('*').map(escapeRegex).join('(.*)')
      return escapeRegex(p)
    })
  return `^/${parts.join('/')}/?$`
}

export interface NginxOptions {
  /** `listen` argument: `${PORT}` in the image (nginx's entrypoint renders it), a port in tests. */
  readonly listen: string
  /** The site's files. */
  readonly root: string
  /** Tests only: send proxies for an origin (https://host) to another origin (http://127.0.0.1:N). */
  readonly proxyOrigins?: Readonly<Record<string, string>>
  /**
   * The DNS servers proxies resolve their origin with, at request time: `${NGINX_LOCAL_RESOLVERS}`
   * in the image (the nginx image's entrypoint, docker-entrypoint.d/15-local-resolvers.envsh, sets
   * it from /etc/resolv.conf when NGINX_ENTRYPOINT_LOCAL_RESOLVERS is set), an address in tests.
   */
  readonly resolver?: string
}

/**
 * Cache-Control for what no `_headers` rule sets: Netlify's default for every file, page or not
 * ("Caching overview", docs.netlify.com: Netlify sends `public, max-age=0, must-revalidate` and
 * invalidates its CDN on every deploy, so browsers revalidate with the ETag). A path with a dot
 * (`/news/0.19.0`, a clean URL) and an unhashed asset (`/assets/style.css`) alike: none of the
 * site's files carries a content hash in its name, so none may be cached without revalidation.
 */
export const CACHE_DEFAULT = 'public, max-age=0, must-revalidate'

function ruleDirectives(rule: RedirectRule, index: number, indent: string): string[] {
  const target = redirectTarget(rule)
  const args = rule.to.includes('?') ? '' : '$is_args$args'
  const comment = `${indent}# _redirects line ${rule.line}: ${rule.from} ${rule.to} ${rule.status}${rule.force ? '!' : ''}`
  const open = `${indent}if ($uri ~ ${quote(redirectRegex(rule.from))}) {`
  let body: string
  if (rule.status !== 200) body = `return ${rule.status} ${quote(target + args)};`
  else if (target.startsWith('/')) {
    // A rewrite to a path of this site; `$nl_rewritten` stops a rewrite to a missing file
    // from looping through the rules again (Netlify answers 404 then).
    body = `set $nl_rewritten 1; rewrite ^ ${quote(target.split('?')[0] ?? target)} last;`
  } else body = `rewrite ^ /.netlify/proxy/${index} last;`
  return [comment, open, `${indent}    ${body}`, `${indent}}`]
}

function proxyLocation(rule: RedirectRule, index: number, options: NginxOptions): string[] {
  const url = new URL(redirectTarget(rule).replace(/\$\{nl_(\w+)\}/g, '__NL_$1__'))
  const origin = `${url.protocol}//${url.host}`
  const upstream = options.proxyOrigins?.[origin] ?? origin
  const path = `${url.pathname}${url.search}`.replace(/__NL_(\w+)__/g, '${nl_$1}')
  // With a query of its own the target replaces the request's (trailing ? drops $args).
  const rewrite = url.search === '' ? quote(path) : `${quote(path)}?`
  // proxy_pass with a variable: the name is resolved per request with `resolver` (nginx docs,
  // ngx_http_proxy_module `proxy_pass`: "a server name … is searched among the described server
  // groups, and, if not found, is determined using a resolver"), so a DNS failure at start no
  // longer stops nginx (and with it all of elm-lang.org), and a changed address is picked up
  // after `valid=`. With no URI in the variable, the rewritten URI is passed as is.
  return [
    `    # _redirects line ${rule.line}: proxy (status 200 to another site)`,
    `    location = /.netlify/proxy/${index} {`,
    '        internal;',
    '        # Netlify sends no custom headers on proxied responses: an add_header here stops',
    '        # the server-level ones from being inherited ($nl_none is always empty).',
    '        add_header X-Netlify-Custom-Headers $nl_none;',

    `        proxy_set_header Host ${quote(url.host)};`,
    '        proxy_ssl_server_name on;',
    `        proxy_ssl_name ${quote(url.hostname)};`,
    `        set $nl_proxy_${index} ${quote(upstream)};`,
    // `set` before `rewrite … break`: break ends the rewrite module's directives, set among them.
    `        rewrite ^ ${rewrite} break;`,
    `        proxy_pass $nl_proxy_${index};`,
    '    }'
  ]
}

function headerMaps(rules: readonly HeaderRule[]): { maps: string[]; adds: string[] } {
  const names = new Map<string, string>()
  for (const rule of rules) {
    for (const [name] of rule.values) {
      if (!names.has(name.toLowerCase())) names.set(name.toLowerCase(), name)
    }
  }
  if (!names.has('cache-control')) names.set('cache-control', 'Cache-Control')
  const maps: string[] = []
  const adds: string[] = []
  ;[...names.entries()].forEach(([lower, name], i) => {
    const variable = `$nl_header_${i}`
    const entries: string[] = []
    // nginx map tries regexes in order and takes the first; Netlify lets the LAST matching rule
    // win, so the rules go in reverse.
    for (const rule of [...rules].reverse()) {
      const value = rule.values.find(([n]) => n.toLowerCase() === lower)?.[1]
      if (value === undefined) continue
      entries.push(
        `    ${quote(`~*${headerRegex(rule.path)}`)} ${quote(value)}; # _headers line ${rule.line}`
      )
    }
    if (lower === 'cache-control') entries.push(`    default ${quote(CACHE_DEFAULT)};`)
    else entries.push('    default "";')
    maps.push(`map $nl_path ${variable} {`, ...entries, '}')
    adds.push(`    add_header ${name} ${variable};`)
  })
  return { maps, adds }
}

/** The nginx config (http-context maps + one server) for a site with these rules. */
export function toNginx(
  redirects: readonly RedirectRule[],
  headers: readonly HeaderRule[],
  options: NginxOptions
): string {
  const { maps, adds } = headerMaps(headers)
  const forced = redirects.filter(r => r.force)
  const unforced = redirects.filter(r => !r.force)
  const index = (r: RedirectRule): number => redirects.indexOf(r)
  const forcedLines = forced.flatMap(r => ruleDirectives(r, index(r), '        '))
  const proxies = redirects.filter(r => r.status === 200 && !r.to.startsWith('/'))
  return [
    '# Generated by docker/website/netlify-nginx.ts from the site\'s _redirects and _headers.',
    ...maps,
    'map "" $nl_none {',
    '    default "";',
    '}',
    '',
    'server {',
    `    listen ${options.listen};`,
    '    server_name _;',
    `    root ${options.root};`,
    '    server_tokens off;',
    ...(proxies.length > 0
      ? [
          '    # Proxied origins are resolved per request (proxyLocation says why); 30 s as a TTL cap.',
          `    resolver ${options.resolver ?? '${NGINX_LOCAL_RESOLVERS}'} valid=30s ipv6=off;`,
          '    resolver_timeout 5s;'
        ]
      : []),
    '    # Locations stay relative to the request (TLS ends at the load balancer, the port is',
    '    # the container\'s): the browser resolves /news/x against https://elm-lang.org.',
    '    absolute_redirect off;',
    '    # Netlify matches the path as sent: //blog/x is not /blog/x.',
    '    merge_slashes off;',
    '',
    '    gzip on;',
    '    gzip_vary on;',
    '    gzip_min_length 256;',
    '    gzip_types text/css text/plain text/xml application/javascript application/json',
    '               application/xml image/svg+xml;',
    '',
    '    # Headers match the path as requested, before try_files maps /docs to /docs.html.',
    '    set $nl_path $uri;',
    '    set $nl_rewritten "";',
    ...adds,
    '',
    '    error_page 404 /404.html;',
    '',
    '    location = /healthz {',
    '        access_log off;',
    '        default_type text/plain;',
    '        return 200 "ok\\n";',
    '    }',
    '',
    '    # Netlify never serves its configuration files.',
    '    location = /_redirects { return 404; }',
    '    location = /_headers { return 404; }',
    '',
    '    # The home page is pages/home.elm, built to home.html (there is no index.html).',
    '    location = / {',
    ...forcedLines,
    '        try_files /home.html =404;',
    '    }',
    '',
    '    location / {',
    '        # Forced rules (status!) apply even where a file exists.',
    ...forcedLines,
    '        # Clean URLs: /docs is docs.html. A file shadows every rule that is not forced.',
    '        try_files $uri $uri.html $uri/index.html @netlify;',
    '    }',
    '',
    '    location @netlify {',
    '        if ($nl_rewritten) {',
    '            return 404;',
    '        }',
    ...unforced.flatMap(r => ruleDirectives(r, index(r), '        ')),
    '        return 404;',
    '    }',
    ...proxies.flatMap(r => ['', ...proxyLocation(r, index(r), options)]),
    '}',
    ''
  ].join('\n')
}

/** CLI: `node netlify-nginx.ts SITE_DIR [LISTEN] [ROOT]` prints the config for SITE_DIR's rules. */
function main(argv: readonly string[]): void {
  const [site, listen = '${PORT}', root = '/usr/share/nginx/html'] = argv
  if (site === undefined) {
    process.stderr.write('usage: node netlify-nginx.ts SITE_DIR [LISTEN] [ROOT]\n')
    process.exit(2)
  }
  const read = (name: string): string => {
    try {
      return readFileSync(join(site, name), 'utf8')
    } catch {
      return ''
    }
  }
  try {
    const config = toNginx(
      parseRedirects(read('_redirects')),
      parseHeaders(read('_headers')),
      { listen, root }
    )
    process.stdout.write(config)
  } catch (error) {
    process.stderr.write(`netlify-nginx: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2))
}
