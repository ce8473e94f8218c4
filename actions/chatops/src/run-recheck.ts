import { readIssueCommentEvent } from '../../shared/chatops/event.js'
import { type RecheckFacts, recheck } from '../../shared/chatops/recheck.js'
import { isAncestor } from '../../shared/changes/git-diff.js'
import { ConfigError, UserError, describeError } from '../../shared/errors.js'
import type { CommandRunner } from '../../shared/ports.js'
import type { ChatopsDeps } from './deps.js'
import type { RecheckInputs } from './inputs.js'
import { repoOf } from './repo.js'

/** Where main is now, and the commits since specSha that touched the job file (git, read-only). */
async function readMain(
  runner: CommandRunner,
  inputs: RecheckInputs
): Promise<Pick<RecheckFacts, 'mainSha' | 'specOnMain' | 'jobFileCommits'>> {
  const git = (args: string[]): ReturnType<CommandRunner['run']> =>
    runner.run('git', ['-C', inputs.root, ...args])
  const rev = await git(['rev-parse', '--verify', '--quiet', `${inputs.mainRef}^{commit}`])
  const mainSha = rev.exitCode === 0 ? rev.stdout.trim() : undefined
  if (mainSha === undefined) return { mainSha, specOnMain: false, jobFileCommits: [] }
  const specOnMain = await isAncestor(runner, inputs.root, inputs.specSha, mainSha)
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
  const jobFileCommits = log.stdout.split('\n').filter(l => l.trim() !== '')
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
    ...(await readMain(deps.runner, inputs))
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
