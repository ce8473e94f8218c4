import { readIssueCommentEvent } from '../../shared/chatops/event.js'
import { type RecheckFacts, recheck } from '../../shared/chatops/recheck.js'
import { isAncestor } from '../../shared/changes/git-diff.js'
import { ConfigError, UserError, describeError } from '../../shared/errors.js'
import type { CommandRunner } from '../../shared/ports.js'
import type { ChatopsDeps } from './deps.js'
import type { RecheckInputs } from './inputs.js'
import { repoOf } from './repo.js'

/**
 * Where main is now, fetched into a ref of our own. Not `refs/remotes/origin/main`: with
 * `fetch-depth: 0` actions/checkout (v7.0.1, src/git-source-provider.ts `getSource`) first fetches
 * `+refs/heads/*:refs/remotes/origin/*` (src/ref-helper.ts `getRefSpecForAllHistory`), then, when
 * `testRef` finds origin/main is no longer github.sha (main moved since the comment), fetches again
 * with `+<github.sha>:refs/remotes/origin/main` (`getRefSpec`, a SHA with a refs/heads/ ref), which
 * puts origin/main back on the old commit. Nothing in the job writes `refs/elm-infra/*`. (Our
 * fetch also moves origin/main, git-fetch(1) "configured remote-tracking branches", but we read
 * only our own ref.)
 */
export const ownMainRef = (branch: string): string => `refs/elm-infra/${branch}`

/**
 * git's environment for the fetch: the job's token as an `http.<server>/.extraheader`, the way
 * actions/checkout authenticates (src/git-auth-helper.ts, `x-access-token:<token>` in basic auth),
 * but through GIT_CONFIG_COUNT (git ≥ 2.31) so it is in neither .git/config nor the process list.
 * checkout ran with persist-credentials: false, so a private repository needs it here.
 */
function fetchEnv(deps: ChatopsDeps, token: string): Record<string, string> {
  const server = deps.env['GITHUB_SERVER_URL'] ?? 'https://github.com'
  // UTF-8, Buffer.from's default encoding for a string.
  const basic = Buffer.from(`x-access-token:${token}`).toString('base64')
  deps.masker.mask(basic)
  return {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: `http.${new URL(server).origin}/.extraheader`,
    GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basic}`,
    GIT_TERMINAL_PROMPT: '0'
  }
}

/** Where main is now, and the commits since specSha that touched the job file (git, read-only). */
async function readMain(
  deps: ChatopsDeps,
  inputs: RecheckInputs
): Promise<Pick<RecheckFacts, 'mainSha' | 'mainUnreadable' | 'specOnMain' | 'jobFileCommits'>> {
  const runner = deps.runner
  const git = (args: string[]): ReturnType<CommandRunner['run']> =>
    runner.run('git', ['-C', inputs.root, ...args])
  const own = ownMainRef(inputs.mainBranch)
  const fetched = await runner.run(
    'git',
    [
      '-C',
      inputs.root,
      'fetch',
      '--no-tags',
      '--no-recurse-submodules',
      'origin',
      `+refs/heads/${inputs.mainBranch}:${own}`
    ],
    { env: fetchEnv(deps, inputs.githubToken) }
  )
  if (fetched.exitCode !== 0) {
    const why = fetched.stderr.trim().split('\n').at(-1) || `exit code ${fetched.exitCode}`
    return {
      mainSha: undefined,
      mainUnreadable: `git fetch of ${inputs.mainBranch} from origin failed: ${why}`,
      // Stryker disable next-line BooleanLiteral: unread when mainSha is undefined (recheck refuses first)
      specOnMain: false,
      // Stryker disable next-line ArrayDeclaration: unread when mainSha is undefined (recheck refuses first)
      jobFileCommits: []
    }
  }
  const rev = await git(['rev-parse', '--verify', '--quiet', `${own}^{commit}`])
  const mainSha = rev.exitCode === 0 ? rev.stdout.trim() : undefined
  // Stryker disable next-line ObjectLiteral,BooleanLiteral,ArrayDeclaration: mainSha is undefined, so recheck reads neither field
  if (mainSha === undefined) return { mainSha, specOnMain: false, jobFileCommits: [] }
  const specOnMain = await isAncestor(runner, inputs.root, inputs.specSha, mainSha)
  // Stryker disable next-line ArrayDeclaration: a rewritten main is refused before the commits are read
  if (!specOnMain) return { mainSha, specOnMain, jobFileCommits: [] }
  const log = await git([
    'log',
    '--format=%H',
    `${inputs.specSha}..${mainSha}`,
    '--',
    inputs.jobFile
  ])
  if (log.exitCode !== 0) {
    throw new UserError(`git log ${inputs.specSha}..${mainSha} failed: ${log.stderr.trim()}`)
  }
  // `--format=%H` prints one full SHA per line; only the last newline leaves an empty string.
  const jobFileCommits = log.stdout.split('\n').filter(l => l !== '')
  return { mainSha, specOnMain, jobFileCommits }
}

/**
 * recheck mode, in the deploy job right before nomad-deploy: the commenter's permission now, and
 * main's job spec now (shared/chatops/recheck.ts decides). A refusal sets `reason`, writes the step
 * summary and fails the step, so the deploy steps after it never run.
 */
export async function runRecheck(deps: ChatopsDeps, inputs: RecheckInputs): Promise<void> {
  const event = await deps.readEvent()
  const reading = readIssueCommentEvent(event.payload)
  if (event.name !== 'issue_comment' || !reading.ok) {
    throw new ConfigError(
      `recheck runs in the /deploy workflow's deploy job (an issue_comment event), not on ${event.name || 'an unknown event'}`
    )
  }
  const author = reading.event.author
  const github = await deps.connectGitHub(
    inputs.githubToken,
    repoOf(deps.env, reading.event),
    inputs.trustedBot
  )
  const permission = await github.collaborators.permissionOf(author).catch((error: unknown) => ({
    error: describeError(error)
  }))
  const facts: RecheckFacts = {
    author,
    permission,
    jobFile: inputs.jobFile,
    specSha: inputs.specSha,
    ...(await readMain(deps, inputs))
  }
  deps.logger.info(
    `${author}: ${typeof permission === 'string' ? permission : permission.error}; main is ${facts.mainSha ?? 'not found'}, the command's spec ${inputs.specSha}`
  )
  const verdict = recheck(facts)
  if (verdict.ok) {
    deps.outputs.set('reason', '')
    await deps.summary.write(
      `## /deploy re-checked\n\n\`${author}\` may still deploy (${String(permission)}) and ${inputs.jobFile} on main is the one the command was accepted with.\n`
    )
    return
  }
  deps.outputs.set('reason', verdict.reason)
  await deps.summary.write(`## /deploy refused at deploy time\n\n${verdict.reason}\n`)
  throw new UserError(verdict.reason)
}
