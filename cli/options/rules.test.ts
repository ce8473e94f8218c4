import { describe, expect, it } from '@jest/globals'
import * as rules from './rules.js'

const refuses = (rule: rules.Rule<unknown>, value: string): string => {
  try {
    rule(value)
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
  throw new Error(`accepted ${JSON.stringify(value)}`)
}

describe('one rule per kind of value', () => {
  it.each([
    [
      'version',
      rules.version,
      ['1.3', '2.0.0', 'a1b2c3d', 'v1_rc-2'],
      ['', 'bad version!', '-1', '.1', 'x'.repeat(129)]
    ],
    [
      'ref',
      rules.ref,
      ['HEAD', 'HEAD~1', 'origin/main', 'a'.repeat(40)],
      ['', '-p', '--output=/tmp/x', 'a..b', 'a b']
    ],
    ['node', rules.node, ['node-1', 'elm-node-2'], ['', 'Node-1', 'node_1', '-n', 'node-']],
    ['service', rules.service, ['website', 'package-site'], ['', 'Web', '../x', '-w', 'a/b']],
    ['dnsName', rules.dnsName, ['elm-lang.org', 'global'], ['Bad Domain!', '-x', 'a..b']],
    [
      'nomadAddress',
      rules.nomadAddress,
      ['https://nomad.example:4646', 'http://127.0.0.1:4646'],
      ['nomad:4646', 'ftp://x', '--x']
    ],
    ['commitSha', rules.commitSha, ['a'.repeat(40)], ['a1b2c3d', 'A'.repeat(40), 'HEAD', '']],
    [
      'repository',
      rules.repository,
      ['elm/elm-infra', 'o/r.js'],
      ['elm', 'elm/x/y', '-o/r', 'o/..', 'https://github.com/elm/guide', '']
    ],
    [
      'githubRepoUrl',
      rules.githubRepoUrl,
      ['https://github.com/elm/guide', 'https://github.com/elm/guide.git'],
      ['http://github.com/elm/guide', 'https://gitlab.com/a/b', 'elm/guide', '']
    ],
    [
      'pinnedImage',
      rules.pinnedImage,
      [`ghcr.io/example/api:2.1@sha256:${'c'.repeat(64)}`],
      ['nginx:1.27', `Nginx@sha256:${'c'.repeat(64)}`, '']
    ],
    ['relativeFolder', rules.relativeFolder, ['dist', 'build/site/'], ['/abs', 'a/../b', '..', '']],
    ['imageFolder', rules.imageFolder, ['/srv/www', 'dist'], ['/a/../b', '/', 'a b']],
    ['uidGid', rules.uidGid, ['10001:10001'], ['0:0', '10001', 'root', '']],
    ['commandLine', rules.commandLine, ['npm ci && npm run build'], ['', '  ', 'a\nb', '-x']],
    ['slug', rules.slug, ['rehearse-lose-node', 'images'], ['Images', 'a/b', '-a', '']],
    [
      'branch',
      rules.branch,
      ['main', 'release/1.0'],
      ['', '/main', 'a..b', 'a b', 'x.lock', 'x.lock/y', 'a/.b', 'a@{1}', 'a//b', 'a/', '-m']
    ]
  ] as const)('%s', (_name, rule, good, bad) => {
    for (const value of good) expect(rule(value)).toBeDefined()
    for (const value of bad) expect(refuses(rule as rules.Rule<unknown>, value)).toMatch(/^'.*' /)
  })

  it('durations are milliseconds, up to a day', () => {
    expect(rules.duration('15m')).toBe(900_000)
    expect(rules.duration('500ms')).toBe(500)
    expect(rules.duration('30')).toBe(30_000)
    for (const bad of ['', '0', '15 minutes', '-1s', '25h'])
      expect(refuses(rules.duration, bad)).toContain('expected')
  })

  it('never echoes more than 60 characters of a value, nor a raw control character', () => {
    const message = refuses(rules.version, 'x'.repeat(100_000))
    expect(message.length).toBeLessThan(200)
    expect(message).toContain('(100000 characters)')
    expect(refuses(rules.service, 'a\nb')).toContain("'a\\nb'")
  })

  it('refuses text that is not UTF-8 (what Node makes of invalid bytes: U+FFFD)', () => {
    expect(refuses(rules.service, 'caf\ufffd')).toContain('not valid UTF-8')
  })
})
