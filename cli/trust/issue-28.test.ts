/** Issue #28, each item as the issue writes it; in-process (no spawned node) unless said. */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EXIT } from '../program.js'
import { createPlanGuardCommand } from '../commands/plan-guard.js'
import { withProgress } from '../output/progress.js'
import { cli } from '../test-support/run-cli.js'
import type { Terminal } from '../terminal.js'

jest.setTimeout(60_000)
const repoRoot = join(import.meta.dirname, '..', '..')
let dir = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'issue-28-'))
})
afterAll(async () => rm(dir, { recursive: true, force: true }))

describe('rehearse takes its own options, and refuses what it would drop', () => {
  it('rehearse --version 2.0.0 rehearses 2.0.0 (the program --version does not swallow it)', async () => {
    const { code, out, err } = await cli(['rehearse', '--version', '2.0.0'])
    expect(code).toBe(EXIT.ok)
    expect(`${out}${err}`).toContain('== nomad-deploy website 2.0.0')
    expect(out.trim()).not.toBe('0.1.0')
  })
  it('the program --version still answers before a subcommand', async () => {
    const { code, out } = await cli(['--version'])
    expect(code).toBe(EXIT.ok)
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+$/)
  })
  it.each([
    [['rehearse', '--version='], "'' is not a version"],
    [['rehearse', '--version=bad version!'], 'is not a version'],
    [['rehearse', '--running', '2.0.0'], 'is not older than the version deployed'],
    [['rehearse', '--version', '1.0.0'], 'would change nothing'],
    [['rehearse', '--lose-node', 'node-1', '--unhealthy', 'website'], 'cannot be used with'],
    [['rehearse', '--drain', 'node-1', '--lose-node', 'node-2'], 'cannot be used with'],
    [['secrets'], ''],
    [['help', 'nosuch'], "no command 'nosuch'"],
    [['drift', '--layers', ''], 'empty list'],
    [['secrets', 'init', '--out-dir', '/proc/nope'], 'kernel file system'],
    [['secrets', 'init', '--out-dir', '/etc/passwd'], 'is a file'],
    [['deploy-plan', '--head=--output=/tmp/x'], 'looks like an option']
  ])('%j is a usage error (exit 2): %s', async (argv, message) => {
    const { code, out, err } = await cli(argv)
    expect(code).toBe(EXIT.usage)
    expect(err).toContain(message)
    if (argv[0] !== 'secrets' || argv.length > 1) expect(out).toBe('')
  })
  it('rehearse --version 1.0.0 --running 2.0.0 (both given) rehearses a rollback', async () => {
    const { code, err } = await cli(['rehearse', '--version', '1.0.0', '--running', '2.0.0'])
    expect(code).toBe(EXIT.ok)
    expect(err).toContain('== nomad-deploy www 1.0.0')
  })
})

describe('deploy-plan', () => {
  // The first commit as the last success: every layer has changed since.
  const first = (): string =>
    execFileSync('git', ['-C', repoRoot, 'rev-list', '--max-parents=0', 'HEAD'])
      .toString()
      .trim()
      .split('\n')[0] ?? ''
  const plan = async (cwd: string, head: string): Promise<{ code: number; out: string }> =>
    cli(['deploy-plan', '--head', head, '--last-success', first()], {}, cwd)
  it('gives the same answer from nomad/ as from the root (the root comes from git)', async () => {
    const fromRoot = await plan(repoRoot, 'HEAD')
    const fromNomad = await plan(join(repoRoot, 'nomad'), 'HEAD')
    expect(fromRoot.code).toBe(EXIT.ok)
    expect(fromNomad).toEqual(fromRoot)
    expect(fromRoot.out).not.toContain('services: none\njobs:     none')
  })
  it('a --head that names no commit is exit 2, not "a force push: deploying everything"', async () => {
    const { code, out, err } = await cli(['deploy-plan', '--head', 'nosuch'])
    expect(code).toBe(EXIT.usage)
    expect(out).toBe('')
    expect(err).toContain("--head 'nosuch' names no commit")
  })
})

describe('plan-guard --chdir', () => {
  it('gives terraform the plan paths as given from here (absolute), not relative to --chdir', async () => {
    // A saved plan is a zip (terraform internal/plans/planfile); its configuration is read first.
    const { zipSync, strToU8 } = await import('fflate')
    const zip = zipSync({
      tfplan: strToU8('x'),
      'tfconfig/modules.json': strToU8('[{"Key":"","Source":"","Dir":"."}]'),
      'tfconfig/m-/main.tf': strToU8('# empty\n')
    })
    await writeFile(join(dir, 'a.tfplan'), zip)
    await writeFile(join(dir, 'b.tfplan'), zip)
    execFileSync('mkdir', ['-p', join(dir, 'tf')])
    const calls: string[][] = []
    const runner = {
      run: async (_c: string, args: readonly string[]) => {
        calls.push([...args])
        return { exitCode: 1, stdout: '', stderr: 'stop here' }
      }
    }
    const { Command } = await import('commander')
    const program = new Command().exitOverride()
    let err = ''
    const terminal: Terminal = { out: () => undefined, err: t => void (err += t), isTTY: false }
    const context = { terminal, env: {}, cwd: dir, exitCode: 0 }
    createPlanGuardCommand(runner).register(program, context)
    await program
      .parseAsync(['plan-guard', 'a.tfplan', 'b.tfplan', '--chdir', 'tf'], { from: 'user' })
      .catch((e: unknown) => void (err += String(e)))
    expect(err).toContain('stop here')
    expect(calls[0]).toContain(join(dir, 'a.tfplan'))
  })
})

describe('progress off a terminal', () => {
  it('says "nothing new for 15 s" after 15 s of silence, not up to a quarter more', () => {
    let now = 0
    let tick: (() => void) | undefined
    let every = 0
    const lines: string[] = []
    const terminal: Terminal = { out: () => undefined, err: t => void lines.push(t), isTTY: false }
    const progress = withProgress(terminal, 15_000, 'the cluster', {
      now: () => now,
      setInterval: (fn, ms) => ((tick = fn), (every = ms), 1),
      clearInterval: () => undefined
    })
    // A line printed just after a tick: the silence starts between two ticks.
    now = every + 10
    progress.terminal.err('a line')
    for (let k = 2; lines.length < 2 && k < 1000; k++) {
      now = k * every
      tick?.()
    }
    expect(lines[1]).toContain('nothing new for 15 s')
    progress.stop()
  })
})

describe('the README says what the CLI does', () => {
  const readme = (): Promise<string> =>
    import('node:fs/promises').then(fs => fs.readFile(join(repoRoot, 'README.md'), 'utf8'))
  it('has a row for every command in its command table', async () => {
    const text = await readme()
    const table = text.slice(text.indexOf('## The `elm-infra` command'), text.indexOf('## Layout'))
    const { out } = await cli(['--help'])
    const names = [...out.matchAll(/^ {2}([a-z-]+)(?: \[options\]| <|\s)/gm)]
      .map(m => m[1] ?? '')
      .filter(n => n !== 'help')
    for (const name of names) expect([name, table.includes(`| \`${name}`)]).toEqual([name, true])
    expect(table).toContain('| `secrets init')
  })
  it('gives plan-summary the formats --help gives', async () => {
    const { out } = await cli(['plan-summary', '--help'])
    const flat = out.replace(/\s+/g, ' ')
    const formats = ['text', 'json', 'markdown'].filter(f => flat.includes(`${f} (`))
    expect(formats).toEqual(['text', 'json', 'markdown'])
    expect(await readme()).toContain(`[--format ${formats.join('\\|')}]`)
  })
  it('watches no failing canary on package-site (it has none), and gives -t outside npm run', async () => {
    const text = (await readme()).replace(/\s+/g, ' ')
    expect(text).not.toMatch(/--unhealthy package-site` to watch a failing canary/)
    expect(text).not.toMatch(/npm run test:unit -- [^|]*-t '/)
    expect(text).toContain("npx jest --selectProjects unit cli/program.test.ts -t '<name>'")
    expect(text).toContain('<clone>/node_modules/.bin/elm-infra')
    expect(text).not.toContain('as the `TERRAFORM_OUTPUTS` variable')
  })
})

describe('the interactive break-glass deploy keeps its hint', () => {
  it('a refused address, without --yes, at a terminal: not deployed, the hint, at once', async () => {
    const { createServer } = await import('node:net')
    const closed = createServer()
    await new Promise<void>(done => closed.listen(0, '127.0.0.1', done))
    const port = (closed.address() as { port: number }).port
    await new Promise<void>(done => closed.close(() => done()))
    const started = Date.now()
    const { code, err } = await cli(
      ['deploy', 'website', '1.3', '--target', `http://127.0.0.1:${port}`],
      {},
      repoRoot,
      { confirm: async () => true, isTTY: true }
    )
    expect(code).toBe(EXIT.failure)
    expect(err).toContain('✖ website 1.3 was not deployed:')
    expect(err).toContain(`Hint: nothing listens at http://127.0.0.1:${port}`)
    // Refused by an address that never answered: final, not retried 8 times.
    expect(err).not.toMatch(/retrying/)
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('rehearse --target <refused> --yes ends with the paragraph and the hint, on stdout', async () => {
    const { createServer } = await import('node:net')
    const closed = createServer()
    await new Promise<void>(done => closed.listen(0, '127.0.0.1', done))
    const port = (closed.address() as { port: number }).port
    await new Promise<void>(done => closed.close(() => done()))
    const { code, out } = await cli([
      'rehearse',
      '--target',
      `http://127.0.0.1:${port}`,
      '--yes',
      '--timeout',
      '5s'
    ])
    expect(code).toBe(EXIT.failure)
    expect(out).toContain('was not deployed')
    expect(out).toContain(`Hint: nothing listens at http://127.0.0.1:${port}`)
  })
})
