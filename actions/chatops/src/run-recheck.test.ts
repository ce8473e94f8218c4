import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import type { CommandResult, RunOptions } from '../../shared/ports.js'
import type { ChatopsDeps, RunnerEvent } from './deps.js'
import type { RecheckInputs } from './inputs.js'
import { runRecheck } from './run-recheck.js'
import { commentEvent, fakeDeps } from './test-support/fakes.js'

/**
 * The re-check's reading of main, fast: an in-memory history answers exactly the git command lines
 * git(1) accepts for what run-recheck asks (anything else is refused the way git refuses an unknown
 * revision), so each case names the commit range and the commands it runs. recheck-git.test.ts runs
 * the same decisions against the real git binary.
 */

const JOB = 'nomad/package-site.nomad.hcl'
const ROOT = '/checkout'
const sha = (c: string): string => c.repeat(40)
/** before ← spec ← readme ← job ← after, each with the files it changed. */
const HISTORY: ReadonlyArray<{ sha: string; files: readonly string[] }> = [
  { sha: sha('0'), files: [JOB] },
  { sha: sha('1'), files: [JOB] },
  { sha: sha('2'), files: ['README.md'] },
  { sha: sha('3'), files: [JOB] },
  { sha: sha('4'), files: ['nomad/website.nomad.hcl'] }
]
const SPEC = sha('1')
const UNKNOWN = sha('9')

interface Call {
  readonly command: string
  readonly args: readonly string[]
  readonly env: Readonly<Record<string, string>> | undefined
}

interface Checkout {
  /** Where the remote's main is; a fetch failure's result instead. */
  readonly remoteMain: string | CommandResult
  /** The checkout's answer to a `git log` (else computed from HISTORY). */
  readonly log?: CommandResult
}

const ok = (stdout = ''): CommandResult => ({ exitCode: 0, stdout, stderr: '' })
const fatal = (stderr: string, exitCode = 128): CommandResult => ({ exitCode, stdout: '', stderr })
const position = (c: string): number => HISTORY.findIndex(h => h.sha === c)

/** A checkout at ROOT whose origin's main is `remoteMain`; every git call is recorded. */
function checkout(state: Checkout): { run: ChatopsDeps['runner']['run']; calls: Call[] } {
  const calls: Call[] = []
  const refs = new Map<string, string>()
  const answer = (command: string, args: readonly string[]): CommandResult => {
    if (command !== 'git' || args[0] !== '-C' || args[1] !== ROOT) return fatal('not a checkout')
    const [sub, ...rest] = args.slice(2)
    const line = rest.join(' ')
    if (
      sub === 'fetch' &&
      line === '--no-tags --no-recurse-submodules origin +refs/heads/main:refs/elm-infra/main'
    ) {
      if (typeof state.remoteMain !== 'string') return state.remoteMain
      refs.set('refs/elm-infra/main', state.remoteMain)
      return ok()
    }
    if (sub === 'rev-parse' && rest.length === 3 && line.startsWith('--verify --quiet ')) {
      const found = /^(.*)\^\{commit\}$/.exec(rest[2] ?? '')
      const target = found ? refs.get(found[1] ?? '') : undefined
      return target === undefined ? { exitCode: 1, stdout: '', stderr: '' } : ok(`${target}\n`)
    }
    if (sub === 'merge-base' && rest.length === 3 && rest[0] === '--is-ancestor') {
      const [a, b] = [position(rest[1] ?? ''), position(rest[2] ?? '')]
      if (a < 0 || b < 0) return fatal(`fatal: Not a valid commit name ${rest[a < 0 ? 1 : 2]}`)
      return { exitCode: a <= b ? 0 : 1, stdout: '', stderr: '' }
    }
    if (sub === 'log' && rest.length === 4 && rest[0] === '--format=%H' && rest[2] === '--') {
      if (state.log !== undefined) return state.log
      const [from, to] = (rest[1] ?? '').split('..')
      const [a, b] = [position(from ?? ''), position(to ?? '')]
      if (a < 0 || b < 0) return fatal(`fatal: bad revision '${rest[1]}'\n`)
      const touched = HISTORY.slice(a + 1, b + 1).filter(h => h.files.includes(rest[3] ?? ''))
      return ok(
        touched
          .map(h => `${h.sha}\n`)
          .reverse()
          .join('')
      )
    }
    return fatal(`unexpected git ${args.join(' ')}`, 129)
  }
  return {
    calls,
    run: async (command: string, args: readonly string[], options?: RunOptions) => {
      calls.push({ command, args: [...args], env: options?.env })
      return answer(command, args)
    }
  }
}

const INPUTS: RecheckInputs = {
  mode: 'recheck',
  githubToken: 'ghs_secret',
  trustedBot: 'github-actions[bot]',
  environment: 'production',
  root: ROOT,
  jobFile: JOB,
  specSha: SPEC,
  mainBranch: 'main'
}

async function recheckWith(
  state: Checkout,
  options: {
    permission?: 'write' | 'read' | Error
    event?: RunnerEvent
    env?: Record<string, string>
  } = {}
) {
  const git = checkout(state)
  const { deps: fake, recorded } = fakeDeps({
    permission: options.permission ?? 'write',
    ...(options.event === undefined ? {} : { event: options.event })
  })
  const deps: ChatopsDeps = {
    ...fake,
    runner: { run: git.run },
    env: { ...fake.env, ...options.env }
  }
  const error = await runRecheck(deps, INPUTS).then(
    () => undefined,
    (e: unknown) => (e instanceof Error ? e.message : String(e))
  )
  return { error, recorded, calls: git.calls }
}

const lines = (calls: readonly Call[]): string[] => calls.map(c => [c.command, ...c.args].join(' '))
const short = (c: string): string => c.slice(0, 12)
const AGAIN = 'Comment `/deploy` again to deploy with main as it is now.'

describe('runRecheck reads main and the commits after the spec that changed the job file', () => {
  it('main moved and changed the job file: fetches, resolves, checks ancestry, logs exactly spec..main -- job file', async () => {
    const { error, recorded, calls } = await recheckWith({ remoteMain: sha('4') })
    const reason = `main moved past the job spec this command was accepted with: ${JOB} changed in ${short(sha('3'))} after ${short(SPEC)}; nothing was deployed. ${AGAIN}`
    expect(error).toBe(reason)
    expect(recorded.outputs['reason']).toBe(reason)
    expect(recorded.summaries).toEqual([`## /deploy refused at deploy time\n\n${reason}\n`])
    expect(lines(calls)).toEqual([
      `git -C ${ROOT} fetch --no-tags --no-recurse-submodules origin +refs/heads/main:refs/elm-infra/main`,
      `git -C ${ROOT} rev-parse --verify --quiet refs/elm-infra/main^{commit}`,
      `git -C ${ROOT} merge-base --is-ancestor ${SPEC} ${sha('4')}`,
      `git -C ${ROOT} log --format=%H ${SPEC}..${sha('4')} -- ${JOB}`
    ])
    expect(recorded.logs).toContain(
      `evancz: write; main is ${sha('4')}, the command's spec ${SPEC}`
    )
  })

  it('main moved with other files only: passes and says so in the summary', async () => {
    const { error, recorded } = await recheckWith({ remoteMain: sha('2') })
    expect(error).toBeUndefined()
    expect(recorded.outputs['reason']).toBe('')
    expect(recorded.summaries).toEqual([
      `## /deploy re-checked\n\n\`evancz\` may still deploy (write) and ${JOB} on main is the one the command was accepted with.\n`
    ])
  })

  it('main unmoved: passes on the trimmed SHA git prints', async () => {
    const { error, calls } = await recheckWith({ remoteMain: SPEC })
    expect(error).toBeUndefined()
    expect(lines(calls)).toContain(`git -C ${ROOT} merge-base --is-ancestor ${SPEC} ${SPEC}`)
  })

  it('names every commit that changed the job file, newest first', async () => {
    const log = ok(`${sha('3')}\n${sha('2')}\n`)
    const { error } = await recheckWith({ remoteMain: sha('4'), log })
    expect(error).toContain(`changed in ${short(sha('3'))}, ${short(sha('2'))} after`)
  })

  it('an empty log (nothing changed the job file) passes', async () => {
    const { error } = await recheckWith({ remoteMain: sha('4'), log: ok('') })
    expect(error).toBeUndefined()
  })

  it('a failing git log is an error naming the range and git’s words', async () => {
    const log = fatal('fatal: bad object\nfatal: bad revision\n')
    const { error } = await recheckWith({ remoteMain: sha('4'), log })
    expect(error).toBe(
      `git log ${SPEC}..${sha('4')} failed: fatal: bad object\nfatal: bad revision`
    )
  })

  it('main rewritten without the spec: refuses as rewritten, and runs no git log over a range git cannot walk', async () => {
    const { error, calls } = await recheckWith({ remoteMain: sha('0') })
    expect(error).toBe(
      `main was rewritten since the command (${short(SPEC)} is no longer in its history); nothing was deployed. ${AGAIN}`
    )
    expect(lines(calls).some(l => l.includes(' log '))).toBe(false)
  })

  it('a spec the checkout does not have is not on main', async () => {
    const git = checkout({ remoteMain: sha('4') })
    const { deps } = fakeDeps()
    const error = await runRecheck(
      { ...deps, runner: { run: git.run } },
      { ...INPUTS, specSha: UNKNOWN }
    ).then(
      () => undefined,
      (e: unknown) => String(e)
    )
    expect(error).toContain(`main was rewritten since the command (${short(UNKNOWN)}`)
  })

  it('main’s ref not resolvable after the fetch: cannot find main, and asks git nothing more', async () => {
    const git = checkout({ remoteMain: sha('4') })
    const { deps, recorded } = fakeDeps()
    const run: ChatopsDeps['runner']['run'] = async (command, args, options) =>
      args.includes('rev-parse')
        ? { exitCode: 1, stdout: '', stderr: '' }
        : git.run(command, args, options)
    const error = await runRecheck({ ...deps, runner: { run } }, INPUTS).then(
      () => undefined,
      (e: unknown) => (e instanceof Error ? e.message : String(e))
    )
    expect(error).toBe(`cannot find where main is now to compare ${JOB}; nothing was deployed`)
    expect(lines(git.calls)).toEqual([
      `git -C ${ROOT} fetch --no-tags --no-recurse-submodules origin +refs/heads/main:refs/elm-infra/main`
    ])
    expect(recorded.logs).toContain(`evancz: write; main is not found, the command's spec ${SPEC}`)
  })

  it('a failed fetch says git’s last line, or the exit code when git said nothing', async () => {
    const denied = fatal('remote: Repository not found.\nfatal: could not read Username\n')
    expect((await recheckWith({ remoteMain: denied })).error).toBe(
      `cannot find where main is now to compare ${JOB} (git fetch of main from origin failed: fatal: could not read Username); nothing was deployed`
    )
    expect((await recheckWith({ remoteMain: fatal('', 128) })).error).toBe(
      `cannot find where main is now to compare ${JOB} (git fetch of main from origin failed: exit code 128); nothing was deployed`
    )
  })
})

describe('runRecheck authenticates its fetch the way actions/checkout does, out of the command line', () => {
  const header = (token: string): string =>
    `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`, 'utf8').toString('base64')}`

  it('github.com by default: the extraheader in GIT_CONFIG_*, prompts off, the header masked', async () => {
    const { calls, recorded } = await recheckWith({ remoteMain: SPEC })
    expect(calls[0]?.env).toEqual({
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.https://github.com/.extraheader',
      GIT_CONFIG_VALUE_0: header('ghs_secret'),
      GIT_TERMINAL_PROMPT: '0'
    })
    expect(recorded.masked).toContain(header('ghs_secret').replace('AUTHORIZATION: basic ', ''))
    expect(calls.slice(1).every(c => c.env === undefined)).toBe(true)
  })

  it('a GitHub Enterprise server: the header is scoped to its origin', async () => {
    const { calls } = await recheckWith(
      { remoteMain: SPEC },
      { env: { GITHUB_SERVER_URL: 'https://ghe.example.com:8443/path' } }
    )
    expect(calls[0]?.env?.['GIT_CONFIG_KEY_0']).toBe(
      'http.https://ghe.example.com:8443/.extraheader'
    )
  })

  it('git itself reads that environment as the header for the server (real git config)', async () => {
    const { calls } = await recheckWith({ remoteMain: SPEC })
    const read = execFileSync(
      'git',
      ['config', '--get-urlmatch', 'http.extraheader', 'https://github.com/elm/elm-infra'],
      { env: { PATH: process.env['PATH'] ?? '', HOME: '/nonexistent', ...calls[0]?.env } }
    )
      .toString()
      .trim()
    expect(read).toBe(header('ghs_secret'))
  })
})

describe('runRecheck refuses what it cannot re-check', () => {
  it('a commenter whose permission cannot be read: refused, naming why', async () => {
    const { error, recorded } = await recheckWith(
      { remoteMain: SPEC },
      { permission: new Error('HTTP 502 from GitHub') }
    )
    expect(error).toBe(
      "could not re-check evancz's permission at deploy time (HTTP 502 from GitHub); nothing was deployed"
    )
    expect(recorded.logs).toContain(
      `evancz: HTTP 502 from GitHub; main is ${SPEC}, the command's spec ${SPEC}`
    )
  })

  it('any event but an issue comment, and a comment payload it cannot read', async () => {
    const push: RunnerEvent = { name: 'push', payload: commentEvent('/deploy').payload }
    expect((await recheckWith({ remoteMain: SPEC }, { event: push })).error).toBe(
      "recheck runs in the /deploy workflow's deploy job (an issue_comment event), not on push"
    )
    const unread: RunnerEvent = { name: 'issue_comment', payload: { issue: {}, comment: {} } }
    expect((await recheckWith({ remoteMain: SPEC }, { event: unread })).error).toBe(
      "recheck runs in the /deploy workflow's deploy job (an issue_comment event), not on issue_comment"
    )
    const unnamed: RunnerEvent = { name: '', payload: {} }
    expect((await recheckWith({ remoteMain: SPEC }, { event: unnamed })).error).toBe(
      "recheck runs in the /deploy workflow's deploy job (an issue_comment event), not on an unknown event"
    )
  })
})
