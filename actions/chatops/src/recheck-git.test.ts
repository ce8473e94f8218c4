import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CommandResult } from '../../shared/ports.js'
import { main } from './main.js'
import { fakeDeps } from './test-support/fakes.js'
import { GIT_TEST_ENV, gitIn } from '../../shared/testing/git.js'

/**
 * The `/deploy` re-check's commit range on a real git repository, checked out the way chatops.yml's
 * deploy job checks out (actions/checkout with fetch-depth: 0 fetches
 * `+refs/heads/*:refs/remotes/origin/*` and `+refs/tags/*:refs/tags/*`: actions/checkout
 * src/ref-helper.ts `getRefSpecForAllHistory`), then detaches at the run's commit. Only commits
 * after the command's spec that touch the command's job file refuse the deploy: not the spec's own
 * commit, not one before it, not one that changes another file.
 */

const JOB = 'nomad/package-site.nomad.hcl'
let dir = ''
const sha: Record<string, string> = {}
const at = (repo: string, ...args: string[]): string => gitIn(join(dir, repo), ...args)

async function commit(name: string, file: string, text: string): Promise<void> {
  await mkdir(join(dir, 'dev', file, '..'), { recursive: true })
  await writeFile(join(dir, 'dev', file), text)
  at('dev', 'add', '.')
  at('dev', 'commit', '-qm', name)
  sha[name] = at('dev', 'rev-parse', 'HEAD')
}

/**
 * Main on the remote is at `tip`; the deploy job's checkout fetches every branch and tag, then
 * detaches at the command's commit (fetched by itself when no branch holds it any more: GitHub
 * keeps a force-pushed-away commit, here under refs/keep/). actions/checkout's second, targeted
 * fetch that puts origin/main back on github.sha when main moved (src/ref-helper.ts `testRef`,
 * `getRefSpec`) is left out: where the re-check reads main from is not this suite's subject (issue
 * 27); which commits after the spec it counts is.
 */
function deployJobCheckout(tip: string): string {
  const origin = join(dir, 'origin.git')
  at('dev', 'push', '-qf', origin, `${sha[tip]}:refs/heads/main`, `${sha['spec']}:refs/keep/spec`)
  const name = `checkout-${tip}`
  execFileSync('git', ['init', '-q', join(dir, name)], { env: GIT_TEST_ENV })
  at(name, 'remote', 'add', 'origin', origin)
  at(
    name,
    'fetch',
    '-q',
    'origin',
    '+refs/heads/*:refs/remotes/origin/*',
    '+refs/tags/*:refs/tags/*'
  )
  at(name, 'fetch', '-q', 'origin', 'refs/keep/spec')
  at(name, 'checkout', '-q', '--detach', sha['spec'] ?? '')
  return join(dir, name)
}

/** The deps' git, answered by the real git binary. */
const realGit = (args: readonly string[]): CommandResult => {
  const run = spawnSync('git', [...args], { env: GIT_TEST_ENV, encoding: 'utf8' })
  return { exitCode: run.status ?? 128, stdout: run.stdout, stderr: run.stderr }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'recheck-git-'))
  execFileSync('git', ['init', '-q', '--bare', join(dir, 'origin.git')], { env: GIT_TEST_ENV })
  execFileSync('git', ['init', '-q', '-b', 'main', join(dir, 'dev')], { env: GIT_TEST_ENV })
  await commit('before', JOB, 'job "package-site" { # 0\n}\n')
  // The command was accepted on this commit, which itself changed the job file.
  await commit('spec', JOB, 'job "package-site" { # 1\n}\n')
  await commit('readme', 'README.md', 'docs\n')
  await commit('other-job', 'nomad/website.nomad.hcl', 'job "website" {}\n')
  await commit('job-changed', JOB, 'job "package-site" { # 2\n}\n')
  await commit('after', 'README.md', 'more docs\n')
})
afterAll(async () => rm(dir, { recursive: true, force: true }))

async function recheckAt(tip: string): Promise<{ error: unknown; reason: string | undefined }> {
  const root = deployJobCheckout(tip)
  const { deps, recorded } = fakeDeps({
    inputs: { mode: 'recheck', 'job-file': JOB, 'spec-sha': sha['spec'] ?? '', root },
    git: realGit,
    permission: 'write'
  })
  const error = await main(deps).then(
    () => undefined,
    (e: unknown) => e
  )
  return { error, reason: recorded.outputs['reason'] }
}

describe('the /deploy re-check reads the commits after the command’s spec that changed its job file (real git)', () => {
  it('main unmoved since the command: passes', async () => {
    const { error, reason } = await recheckAt('spec')
    expect(error).toBeUndefined()
    expect(reason).toBe('')
  })

  it('main moved, but only other files (README, another job file) changed: passes', async () => {
    const { error, reason } = await recheckAt('other-job')
    expect(error).toBeUndefined()
    expect(reason).toBe('')
  })

  it('main changed the job file after the command: refuses, naming exactly that commit', async () => {
    const { error, reason } = await recheckAt('after')
    expect(error).toBeInstanceOf(Error)
    const short = (name: string): string => (sha[name] ?? '').slice(0, 12)
    expect(reason).toBe(
      `main moved past the job spec this command was accepted with: ${JOB} changed in ` +
        `${short('job-changed')} after ${short('spec')}; nothing was deployed. ` +
        'Comment `/deploy` again to deploy with main as it is now.'
    )
  })

  it('main rewritten by a force push without the command’s commit: refuses', async () => {
    at('dev', 'checkout', '-qb', 'rewritten', sha['before'] ?? '')
    await commit('rewrite', 'README.md', 'rewritten\n')
    const { error, reason } = await recheckAt('rewrite')
    expect(error).toBeInstanceOf(Error)
    expect(reason).toMatch(/^main was rewritten since the command \([0-9a-f]{12} is no longer/)
  })
})
