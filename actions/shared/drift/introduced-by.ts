import type { CommandRunner } from '../ports.js'

/**
 * Where the Terraform layer's pending changes come from: the newest commit that touched the
 * Terraform directory. A squash-merged PR's subject already ends in `(#N)`, which names the PR.
 */

const MAX_SUBJECT = 80

/** `git log --format=%h%x09%s` output → `commit 1a2b3c4 "subject"`; undefined for no commit. Pure. */
export function describeCommit(logLine: string): string | undefined {
  const [sha, ...rest] = logLine.trim().split('\t')
  if (!sha || !/^[0-9a-f]{4,40}$/.test(sha)) return undefined
  const subject = rest.join('\t').trim()
  const cut = subject.length > MAX_SUBJECT ? `${subject.slice(0, MAX_SUBJECT - 1)}…` : subject
  return subject ? `commit ${sha} "${cut}"` : `commit ${sha}`
}

/** The newest commit touching `directory` (`git log -1 -- .` there); undefined outside a repository. */
export async function lastCommitTouching(
  runner: CommandRunner,
  directory: string
): Promise<string | undefined> {
  const result = await runner.run('git', ['log', '-1', '--format=%h%x09%s', '--', '.'], {
    cwd: directory
  })
  return result.exitCode === 0 ? describeCommit(result.stdout) : undefined
}
