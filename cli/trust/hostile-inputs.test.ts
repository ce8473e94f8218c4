/**
 * Issue #28 item 4, "no stack trace, ever": every command, every value slot, one table of hostile
 * inputs. Each run must end with one line on stderr, nothing on stdout, exit 2 (bad input), no
 * stack frame and no echo of a huge value. In-process (no spawned node): fast.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EXIT } from '../program.js'
import { cli } from '../test-support/run-cli.js'

jest.setTimeout(120_000)

let dir = ''
/** The one table: filled in beforeAll (the directory and the FIFO live in a temp folder). */
const HOSTILE: [string, string][] = []
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'elm-infra-hostile-'))
  const folder = join(dir, 'a-folder')
  await mkdir(folder)
  // A folder where a file is expected, that is also no repository, no Terraform directory, and
  // already holds a secrets file (so it is no place for `secrets init` either).
  await writeFile(join(folder, 'ansible-extra-vars.yml'), 'x: 1\n')
  // Unreadable even for root: a FIFO nobody writes to (opening it for reading blocks forever).
  const fifo = join(dir, 'fifo')
  execFileSync('mkfifo', [fifo])
  HOSTILE.push(
    ['missing', '/nonexistent/elm-infra-hostile'],
    ['a directory', folder],
    ['a device', '/dev/null'],
    ['a /proc path', '/proc/nope'],
    ['unreadable (a FIFO with no writer)', fifo],
    ['huge (100 KB)', 'x'.repeat(100_000)],
    // Node decodes invalid UTF-8 in argv to U+FFFD (what `elm-infra $'\xff\xfe'` receives).
    ['not UTF-8', 'caf\ufffd\ufffd'],
    ['option-looking', '--output=/tmp/elm-infra-hostile']
  )
})
afterAll(async () => rm(dir, { recursive: true, force: true }))

/** Every command and each place it takes a value; X is where the hostile value goes. */
const X = '\u0000X'
const SLOTS: Record<string, string[][]> = {
  rehearse: [
    ['rehearse', '--root', X],
    ['rehearse', '--version', X],
    ['rehearse', '--running', X],
    ['rehearse', '--unhealthy', X],
    ['rehearse', '--lose-node', X],
    ['rehearse', '--drain', X],
    ['rehearse', '--timeout', X],
    ['rehearse', '--speed', X],
    ['rehearse', '--target', X]
  ],
  deploy: [
    ['deploy', X, '1.3'],
    ['deploy', 'website', X],
    ['deploy', 'website', '1.3', '--target', X],
    ['deploy', 'website', '1.3', '--image', X],
    ['deploy', 'website', '1.3', '--timeout', X],
    ['deploy', 'website', '1.3', '--root', X]
  ],
  services: [['services', '--root', X]],
  'plan-summary': [
    ['plan-summary', X],
    ['plan-summary', '--format', X, 'plan.json'],
    ['plan-summary', '--human-plan', X, 'plan.json']
  ],
  'plan-guard': [
    ['plan-guard', X, X],
    ['plan-guard', '--chdir', X, X, X],
    ['plan-guard', '--terraform', X, X, X]
  ],
  'parse-command': [
    ['parse-command', '--event', X],
    ['parse-command', '--event-name', X, '--event', X],
    ['parse-command', '--services', X, '--event', X]
  ],
  drift: [
    ['drift', '--layers', X],
    ['drift', '--layers', 'ansible', '--ansible-extra-vars', X],
    ['drift', '--layers', 'ansible', '--terraform-outputs', X],
    ['drift', '--layers', 'terraform', '--root', X],
    ['drift', '--concurrency', X]
  ],
  changes: [
    ['changes', '--base', X],
    ['changes', '--base', 'HEAD~1', '--head', X],
    ['changes', '--base', 'HEAD~1', '--root', X]
  ],
  'deploy-plan': [
    ['deploy-plan', '--head', X],
    ['deploy-plan', '--head', 'HEAD', '--last-success', X],
    ['deploy-plan', '--head', 'HEAD', '--before', X],
    ['deploy-plan', '--head', 'HEAD', '--root', X]
  ],
  secrets: [
    ['secrets', 'init', '--out-dir', X],
    ['secrets', 'init', '--domain', X, '--out-dir', X]
  ],
  'new-service': [
    ['new-service', X],
    ['new-service', 'docs', '--host', X],
    ['new-service', 'docs', '--port', X],
    ['new-service', 'docs', '--instances', X],
    ['new-service', 'docs', '--repo', X],
    ['new-service', 'docs', '--commit', X],
    ['new-service', 'docs', '--output', X],
    ['new-service', 'docs', '--image', X],
    ['new-service', 'docs', '--build-base', X],
    ['new-service', 'docs', '--user', X],
    ['new-service', 'docs', '--root', X]
  ],
  'remove-service': [
    ['remove-service', X],
    ['remove-service', 'docs', '--root', X]
  ],
  'pr-comment': [
    ['pr-comment', '--pr', X, '--marker', 'm', '--body-file', 'b.md'],
    ['pr-comment', '--pr', '1', '--marker', X, '--body-file', 'b.md'],
    ['pr-comment', '--pr', '1', '--marker', 'm', '--body-file', X]
  ],
  doctor: [
    ['doctor', '--repo', X],
    ['doctor', '--repo', 'elm/elm-infra', '--branch', X]
  ]
}

/**
 * Slots whose values are free text of their kind: a shell command line (new-service --build,
 * --start) or a folder inside an image (--path, where /dev/null or /proc/nope are paths like any
 * other). A path-looking value is a fair value there; the hostile values that are no text of any
 * kind are refused like everywhere else.
 */
const TEXT_SLOTS: string[][] = [
  ['new-service', 'docs', '--build', X],
  ['new-service', 'docs', '--start', X],
  ['new-service', 'docs', '--path', X]
]
const NOT_TEXT = new Set(['huge (100 KB)', 'not UTF-8', 'option-looking'])

describe('every command refuses every hostile input in one line, exit 2, no stack trace', () => {
  it('covers every command the program has', async () => {
    const { out } = await cli(['--help'])
    const names = [...out.matchAll(/^ {2}([a-z-]+)(?: \[options\]| <|\s)/gm)]
      .map(m => m[1] ?? '')
      .filter(n => n !== 'help')
    expect(names.length).toBeGreaterThan(5)
    expect(Object.keys(SLOTS).sort()).toEqual([...new Set(names)].sort())
  })

  it.each([...Object.keys(SLOTS), 'free text'])('%s', async command => {
    const failures: string[] = []
    const text = command === 'free text'
    for (const template of text ? TEXT_SLOTS : (SLOTS[command] ?? [])) {
      for (const [kind, value] of HOSTILE.filter(([k]) => !text || NOT_TEXT.has(k))) {
        const argv = template.map(a => (a === X ? value : a))
        // NOMAD_ADDR set: nothing may get as far as the network (every value is refused first).
        const { code, out, err } = await cli(argv, { NOMAD_ADDR: 'http://127.0.0.1:9' }, dir)
        const lines = err.split('\n').filter(l => l.trim() !== '')
        const where = `${template.join(' ').replace(X, '<X>')} with ${kind}`
        if (code !== EXIT.usage) failures.push(`${where}: exit ${code}`)
        if (lines.length !== 1)
          failures.push(`${where}: ${lines.length} lines: ${err.slice(0, 300)}`)
        if (out !== '') failures.push(`${where}: stdout ${out.slice(0, 200)}`)
        if (/^\s+at /m.test(err)) failures.push(`${where}: a stack trace`)
        if (err.length > 400) failures.push(`${where}: ${err.length} characters`)
      }
    }
    expect(failures).toEqual([])
  })
})
