import { describe, expect, it } from '@jest/globals'
import { MAX_COMMAND_LENGTH, parseDeployCommand } from './command.js'

const SERVICES = ['package-site', 'website', 'www']

describe('parseDeployCommand accepts', () => {
  it.each([
    ['/deploy package-site 1.3', 'package-site', '1.3'],
    ['/deploy package-site 1', 'package-site', '1'],
    ['/deploy website 0.19.1', 'website', '0.19.1'],
    ['/deploy www 4f2c9e1', 'www', '4f2c9e1'],
    [
      '/deploy www 4f2c9e1a0b3d5c7e9f1a2b3c4d5e6f7a8b9c0d1e',
      'www',
      '4f2c9e1a0b3d5c7e9f1a2b3c4d5e6f7a8b9c0d1e'
    ],
    ['/deploy   package-site\t1.3  ', 'package-site', '1.3'],
    ['/deploy package-site 1.3\r\nThanks! This line is not read.', 'package-site', '1.3'],
    ['/deploy package-site 1.3\n$(rm -rf /) on line two is never read', 'package-site', '1.3']
  ])('%j', (body, service, version) => {
    expect(parseDeployCommand(body, SERVICES)).toEqual({ kind: 'deploy', service, version })
  })
})

const LONG = 'x'.repeat(100 * 1024)

/** [name, body, expected kind, a word the reason must contain] */
const HOSTILE: ReadonlyArray<readonly [string, string, 'rejected' | 'not-a-command', string]> = [
  ['semicolon command', '/deploy package-site 1.3; rm -rf /', 'rejected', 'not a version'],
  ['semicolon glued', '/deploy package-site 1.3;rm -rf /', 'rejected', 'not a version'],
  ['command substitution in version', '/deploy package-site $(id)', 'rejected', 'not a version'],
  ['command substitution in service', '/deploy $(id) 1.3', 'rejected', 'not a service name'],
  [
    'substitution glued to trigger',
    '/deploy$(id) package-site 1.3',
    'rejected',
    'followed by a space'
  ],
  ['backticks in version', '/deploy package-site `id`', 'rejected', 'not a version'],
  ['backticks around version', '/deploy package-site `1.3`', 'rejected', 'not a version'],
  ['pipe', '/deploy package-site 1.3|sh', 'rejected', 'not a version'],
  ['ampersand', '/deploy package-site 1.3&&curl evil', 'rejected', 'not a version'],
  ['redirect', '/deploy package-site 1.3>/etc/passwd', 'rejected', 'not a version'],
  ['variable', '/deploy package-site ${GITHUB_TOKEN}', 'rejected', 'not a version'],
  ['dollar variable', '/deploy package-site $HOME', 'rejected', 'not a version'],
  ['glob', '/deploy package-site 1.*', 'rejected', 'not a version'],
  ['expression', '/deploy package-site ${{ secrets.NOMAD_TOKEN }}', 'rejected', 'not a version'],
  [
    'newline splits service and version',
    '/deploy package-site\n1.3',
    'rejected',
    'version to deploy'
  ],
  [
    'newline after trigger',
    '/deploy\npackage-site 1.3',
    'rejected',
    'service and the version are missing'
  ],
  ['carriage return splits', '/deploy package-site\r1.3', 'rejected', 'version to deploy'],
  ['vertical tab', '/deploy package-site\v1.3', 'rejected', 'control character'],
  ['form feed', '/deploy package-site\f1.3', 'rejected', 'control character'],
  ['NUL byte', '/deploy package-site 1.3\u0000', 'rejected', 'control character'],
  ['escape sequence', '/deploy package-site 1.3\u001b[2K', 'rejected', 'control character'],
  ['Cyrillic a in service', '/deploy pаckage-site 1.3', 'rejected', 'U+0430'],
  ['Cyrillic e in trigger word', '/dеploy package-site 1.3', 'not-a-command', 'does not start'],
  ['Greek omicron in trigger', '/depl\u03bfy package-site 1.3', 'not-a-command', 'does not start'],
  ['fullwidth digit', '/deploy package-site \uff11.3', 'rejected', 'U+FF11'],
  ['Arabic-Indic digit', '/deploy package-site \u0661.3', 'rejected', 'U+0661'],
  ['mathematical bold digit', '/deploy package-site \u{1d7cf}.3', 'rejected', 'U+1D7CF'],
  ['superscript one', '/deploy package-site \u00b9.3', 'rejected', 'U+00B9'],
  ['one-dot leader instead of dot', '/deploy package-site 1\u2024' + '3', 'rejected', 'U+2024'],
  ['fullwidth slash', '\uff0fdeploy package-site 1.3', 'not-a-command', 'does not start'],
  ['zero-width space in service', '/deploy package\u200b-site 1.3', 'rejected', 'zero-width space'],
  [
    'zero-width joiner in version',
    '/deploy package-site 1.\u200d3',
    'rejected',
    'zero-width joiner'
  ],
  [
    'zero-width space before trigger',
    '\u200b/deploy package-site 1.3',
    'not-a-command',
    'does not start'
  ],
  [
    'byte order mark before trigger',
    '\ufeff/deploy package-site 1.3',
    'not-a-command',
    'does not start'
  ],
  ['word joiner after trigger', '/deploy\u2060 package-site 1.3', 'rejected', 'word joiner'],
  ['right-to-left mark', '/deploy package-site 1.3\u200f', 'rejected', 'right-to-left mark'],
  [
    'right-to-left override',
    '/deploy package-site \u202e3.1',
    'rejected',
    'right-to-left override'
  ],
  [
    'left-to-right isolate',
    '/deploy \u2066package-site\u2069 1.3',
    'rejected',
    'left-to-right isolate'
  ],
  ['no-break space', '/deploy\u00a0package-site 1.3', 'rejected', 'no-break space'],
  ['line separator', '/deploy package-site 1.3\u2028rm -rf /', 'rejected', 'U+2028'],
  ['leading space', ' /deploy package-site 1.3', 'rejected', 'very first character'],
  ['leading tab', '\t/deploy package-site 1.3', 'rejected', 'very first character'],
  ['inline code', '`/deploy package-site 1.3`', 'not-a-command', 'mentions'],
  ['fenced code block', '```\n/deploy package-site 1.3\n```', 'not-a-command', 'mentions'],
  ['quoted reply', '> /deploy package-site 1.3\nno thanks', 'not-a-command', 'mentions'],
  ['double quotes around all', '"/deploy package-site 1.3"', 'not-a-command', 'mentions'],
  ['double-quoted version', '/deploy package-site "1.3"', 'rejected', 'not a version'],
  ['single-quoted service', "/deploy 'package-site' 1.3", 'rejected', 'not a service name'],
  ['uppercase trigger', '/DEPLOY package-site 1.3', 'rejected', 'lowercase'],
  ['capitalised trigger', '/Deploy package-site 1.3', 'rejected', 'lowercase'],
  ['later in a line', 'please /deploy package-site 1.3', 'not-a-command', 'mentions'],
  ['on the second line', 'LGTM\n/deploy package-site 1.3', 'not-a-command', 'mentions'],
  ['another word', '/deployment package-site 1.3', 'not-a-command', 'does not start'],
  ['no slash', 'deploy package-site 1.3', 'not-a-command', 'does not start'],
  ['100 KB first line', `/deploy package-site 1.3 ${LONG}`, 'rejected', 'characters long'],
  ['100 KB version', `/deploy package-site ${LONG}`, 'rejected', 'characters long'],
  ['100 KB body, no command', LONG, 'not-a-command', 'does not start'],
  ['100 KB before the command', `${LONG}\n/deploy package-site 1.3`, 'not-a-command', 'mentions'],
  ['unknown service', '/deploy grafana 1.3', 'rejected', 'unknown service'],
  ['service in uppercase', '/deploy Package-Site 1.3', 'rejected', 'not a service name'],
  ['service path traversal', '/deploy ../package-site 1.3', 'rejected', 'not a service name'],
  [
    'service with image path',
    '/deploy ghcr.io/elm/package-site 1.3',
    'rejected',
    'not a service name'
  ],
  ['version path traversal', '/deploy package-site ../1.3', 'rejected', 'not a version'],
  ['version latest', '/deploy package-site latest', 'rejected', "'latest' is not a version"],
  ['version LATEST', '/deploy package-site LATEST', 'rejected', "'latest' is not a version"],
  ['version with v', '/deploy package-site v1.3', 'rejected', "without the 'v'"],
  ['four-part version', '/deploy package-site 1.2.3.4', 'rejected', 'not a version'],
  ['pre-release', '/deploy package-site 1.3-rc1', 'rejected', 'not a version'],
  ['leading zero', '/deploy package-site 01.3', 'rejected', 'not a version'],
  ['trailing dot', '/deploy package-site 1.3.', 'rejected', 'not a version'],
  ['short sha', '/deploy package-site 4f2c9e', 'rejected', 'not a version'],
  ['41-character sha', `/deploy package-site ${'a'.repeat(41)}`, 'rejected', 'not a version'],
  ['uppercase sha', '/deploy package-site 4F2C9E1', 'rejected', 'not a version'],
  ['image reference', '/deploy package-site ghcr.io/evil/x:1.3', 'rejected', 'not a version'],
  ['digest', '/deploy package-site sha256:abcdef0', 'rejected', 'not a version'],
  ['tag with colon', '/deploy package-site :1.3', 'rejected', 'not a version'],
  ['missing version', '/deploy package-site', 'rejected', 'version to deploy'],
  ['missing everything', '/deploy', 'rejected', 'service and the version are missing'],
  ['only spaces', '/deploy    ', 'rejected', 'service and the version are missing'],
  ['extra words', '/deploy package-site 1.3 to production', 'rejected', 'unexpected text'],
  ['flag', '/deploy package-site 1.3 --force', 'rejected', 'unexpected text'],
  ['flag before service', '/deploy --force package-site 1.3', 'rejected', 'not a service name'],
  ['trigger with punctuation', '/deploy! package-site 1.3', 'rejected', 'followed by a space'],
  ['markdown link', '/deploy [package-site](http://x) 1.3', 'rejected', 'not a service name'],
  ['html comment', '/deploy package-site 1.3<!-- hi -->', 'rejected', 'not a version'],
  ['mention in version', '/deploy package-site @elm', 'rejected', 'not a version'],
  ['empty body', '', 'not-a-command', 'does not start']
]

describe('parseDeployCommand never deploys hostile or malformed comments', () => {
  it('has at least 60 cases', () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(60)
  })

  it.each(HOSTILE)('%s', (_name, body, kind, reasonPart) => {
    const parsed = parseDeployCommand(body, SERVICES)
    expect(parsed.kind).toBe(kind)
    if (parsed.kind === 'deploy') throw new Error('unreachable: checked above')
    expect(parsed.reason).toContain(reasonPart)
    // A reason never echoes more than a short piece of the user's text.
    expect(parsed.reason.length).toBeLessThan(300)
  })
})

describe('parseDeployCommand says exactly what is wrong', () => {
  const reason = (body: string, services: readonly string[] = SERVICES): string => {
    const parsed = parseDeployCommand(body, services)
    if (parsed.kind === 'deploy') throw new Error(`${body} was accepted`)
    return parsed.reason
  }

  it('names a control character, DEL included, and where it is', () => {
    expect(reason('/deploy www 1.3\u007f')).toBe(
      'the command contains U+007F (a control character) at column 16; commands are plain ASCII'
    )
    expect(reason('/deploy www\u001f1.3')).toContain('U+001F (a control character) at column 12')
    expect(reason('/deploy\u0000')).toContain('U+0000 (a control character) at column 8')
  })

  it('names a look-alike as not plain ASCII, counting columns from 1', () => {
    expect(reason('/deploy w\u0430w 1.3')).toBe(
      'the command contains U+0430 (not plain ASCII, e.g. a look-alike letter or digit) at column 10; commands are plain ASCII'
    )
    expect(reason('\u0430')).toContain('does not start')
  })

  it('reads every printable ASCII character, ~ included, as the grammar’s business', () => {
    expect(reason('/deploy www 1.3~')).toBe(
      "'1.3~' is not a version: expected MAJOR[.MINOR[.PATCH]] (e.g. 1.3) or a commit SHA of 7 to 40 lowercase hex characters"
    )
    expect(reason('/deploy www !1.3')).toContain("'!1.3' is not a version")
  })

  it('says a v-prefixed version is one without its v, and only then', () => {
    expect(reason('/deploy www v1.3')).toBe(
      "'v1.3' is not a version: write it without the 'v' (1.3)"
    )
    expect(reason('/deploy www x1.3')).toContain("'x1.3' is not a version: expected MAJOR")
    expect(reason('/deploy www vx')).toContain("'vx' is not a version: expected MAJOR")
    expect(reason('/deploy www v1.3-rc1')).toContain('expected MAJOR')
  })

  it('lists the known services, or says there are none', () => {
    expect(reason('/deploy grafana 1.3')).toBe(
      "unknown service 'grafana' (services: package-site, website, www)"
    )
    expect(reason('/deploy Grafana 1.3')).toBe(
      "'Grafana' is not a service name (services: package-site, website, www)"
    )
    expect(reason('/deploy www 1.3', [])).toBe("unknown service 'www' (services: none are defined)")
  })

  it('quotes what follows the version, and the trigger as written', () => {
    expect(reason('/deploy www 1.3 to  production')).toBe(
      "unexpected text after the version: 'to production'"
    )
    expect(reason('/DEPLOY www 1.3')).toBe("commands are lowercase: write /deploy, not '/DEPLOY'")
    expect(reason(`/deploy www ${'1'.repeat(60)}`)).toContain(`'${'1'.repeat(40)}…'`)
  })

  it('refuses any blank before the trigger, however many', () => {
    expect(reason('  /deploy www 1.3')).toContain('very first character')
    expect(reason(' \t /deploy www 1.3')).toContain('very first character')
  })

  it(`reads a first line of exactly ${MAX_COMMAND_LENGTH} characters, and refuses one more`, () => {
    const line = (n: number): string => `/deploy www 1.3${' '.repeat(n - 15)}`
    expect(line(MAX_COMMAND_LENGTH)).toHaveLength(MAX_COMMAND_LENGTH)
    expect(parseDeployCommand(line(MAX_COMMAND_LENGTH), SERVICES)).toEqual({
      kind: 'deploy',
      service: 'www',
      version: '1.3'
    })
    expect(reason(line(MAX_COMMAND_LENGTH + 1))).toBe(
      `the command line is ${MAX_COMMAND_LENGTH + 1} characters long; at most ${MAX_COMMAND_LENGTH} are read`
    )
  })
})
