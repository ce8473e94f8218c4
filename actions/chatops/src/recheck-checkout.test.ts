import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execRunner } from '../../shared/adapters/exec-runner.js'
import { replayCheckout } from '../../shared/testing/checkout-replay.js'
import { main } from './main.js'
import { fakeDeps } from './test-support/fakes.js'
import { gitIn } from '../../shared/testing/git.js'

/**
 * Issue #27: the `/deploy` re-check against a real repository that actions/checkout fetched the way
 * chatops.yml's deploy job asks it to (fetch-depth: 0, the issue_comment event's ref and sha).
 * `origin` is a bare repository; main moves after the comment; the checkout replays v7.0.1's own
 * fetches (shared/testing/checkout-replay.ts), which put refs/remotes/origin/main back on the
 * comment's commit. The re-check must still see where main is.
 */

// A dozen git processes per test: seconds on a busy 2-core machine.
jest.setTimeout(60_000)

const JOB = 'nomad/package-site.nomad.hcl'
let dir = ''
let origin = ''
let author = ''
let workspace = ''

async function commit(file: string, text: string, message: string): Promise<string> {
  await mkdir(join(author, file, '..'), { recursive: true })
  await writeFile(join(author, file), text)
  gitIn(author, 'add', '.')
  gitIn(author, 'commit', '-qm', message)
  gitIn(author, 'push', '-q', 'origin', 'HEAD:refs/heads/main')
  return gitIn(author, 'rev-parse', 'HEAD')
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'recheck-checkout-'))
  origin = join(dir, 'origin.git')
  author = join(dir, 'author')
  workspace = join(dir, 'runner', 'work')
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', origin], { stdio: 'pipe' })
  execFileSync('git', ['init', '-q', '-b', 'main', author], { stdio: 'pipe' })
  gitIn(author, 'remote', 'add', 'origin', origin)
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function recheckIn(specSha: string): Promise<{ error: unknown; reason: string | undefined }> {
  const { deps, recorded } = fakeDeps({
    inputs: { mode: 'recheck', 'job-file': JOB, 'spec-sha': specSha, root: workspace }
  })
  const error = await main({ ...deps, runner: execRunner }).then(
    () => undefined,
    (e: unknown) => e
  )
  return { error, reason: recorded.outputs['reason'] }
}

describe('the /deploy re-check after the real checkout fetches (issue #27)', () => {
  it('refuses when main changed the job file after the comment, though checkout reset origin/main', async () => {
    const spec = await commit(JOB, 'job "package-site" { count = 1 }\n', 'the spec /deploy saw')
    // The comment's run has github.sha = spec; then main moves before the deploy job starts.
    const moved = await commit(JOB, 'job "package-site" { count = 2 }\n', 'main moves on')
    const replay = await replayCheckout({
      workspace,
      originUrl: origin,
      ref: 'refs/heads/main',
      commit: spec
    })
    // What the issue describes: checkout's second fetch put origin/main back on the old commit.
    expect(replay.refetched).toBe(true)
    expect(replay.commands.filter(c => c.includes('fetch')).map(c => c.at(-1))).toEqual([
      '+refs/tags/*:refs/tags/*',
      `+${spec}:refs/remotes/origin/main`
    ])
    expect(gitIn(workspace, 'rev-parse', 'refs/remotes/origin/main')).toBe(spec)

    const { error, reason } = await recheckIn(spec)
    expect(String(error)).toContain('main moved past the job spec')
    expect(reason).toContain(`${JOB} changed in ${moved.slice(0, 12)} after ${spec.slice(0, 12)}`)
    expect(gitIn(workspace, 'rev-parse', 'refs/elm-infra/main')).toBe(moved)
  })

  it('refuses when main moves again after the checkout (the fetch is at re-check time)', async () => {
    const spec = await commit(JOB, 'job "package-site" { count = 1 }\n', 'the spec')
    const replay = await replayCheckout({
      workspace,
      originUrl: origin,
      ref: 'refs/heads/main',
      commit: spec
    })
    expect(replay.refetched).toBe(false)
    const moved = await commit(JOB, 'job "package-site" { count = 3 }\n', 'main moves later')
    const { error, reason } = await recheckIn(spec)
    expect(String(error)).toContain('main moved past the job spec')
    expect(reason).toContain(moved.slice(0, 12))
  })

  it('passes when main moved without touching the job file', async () => {
    const spec = await commit(JOB, 'job "package-site" { count = 1 }\n', 'the spec')
    await commit('README.md', 'docs\n', 'main moves elsewhere')
    await replayCheckout({ workspace, originUrl: origin, ref: 'refs/heads/main', commit: spec })
    const { error, reason } = await recheckIn(spec)
    expect(error).toBeUndefined()
    expect(reason).toBe('')
  })

  it('refuses when main was force-pushed past the comment', async () => {
    await commit('README.md', 'one\n', 'base')
    const spec = await commit(JOB, 'job "package-site" { count = 1 }\n', 'the spec')
    await replayCheckout({ workspace, originUrl: origin, ref: 'refs/heads/main', commit: spec })
    gitIn(author, 'reset', '-q', '--hard', 'HEAD~1')
    await writeFile(join(author, 'other'), 'x\n')
    gitIn(author, 'add', '.')
    gitIn(author, 'commit', '-qm', 'rewritten')
    gitIn(author, 'push', '-qf', 'origin', 'HEAD:refs/heads/main')
    const { error } = await recheckIn(spec)
    expect(String(error)).toContain('main was rewritten since the command')
  })
})
