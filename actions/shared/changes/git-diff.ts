import { UserError } from '../errors.js'
import type { CommandRunner } from '../ports.js'

/** A base of all zeros is what GitHub sends for a new branch: there is nothing to diff against. */
export function isNullSha(sha: string): boolean {
  return /^0+$/.test(sha)
}

/**
 * `git diff --name-only <base>...<head>` in `root`: what `head` changed since it left `base`. The
 * three dots diff against their merge base, so a pull request whose base branch moved on does not
 * list the base's own new commits, and a push (base = the previous tip) gives the plain diff.
 */
export async function listChangedFiles(
  runner: CommandRunner,
  root: string,
  base: string,
  head: string
): Promise<string[]> {
  const result = await runner.run('git', [
    '-C',
    root,
    'diff',
    '--name-only',
    '--no-renames',
    `${base}...${head}`,
    '--'
  ])
  if (result.exitCode !== 0) {
    throw new UserError(
      `git diff ${base}...${head} failed: ${result.stderr.trim().split('\n')[0] || `exit code ${result.exitCode}`}. ` +
        'Is the base commit fetched (actions/checkout with fetch-depth: 0)?'
    )
  }
  return result.stdout
    .split('\n')
    .map(l => l.trim())
    .filter(l => l !== '')
}

/**
 * Whether `ancestor` is in `head`'s history (`git merge-base --is-ancestor`: exit 0 yes, 1 no);
 * a commit the checkout does not have (exit 128, e.g. dropped by a force push) is not.
 */
export async function isAncestor(
  runner: CommandRunner,
  root: string,
  ancestor: string,
  head: string
): Promise<boolean> {
  const result = await runner.run('git', [
    '-C',
    root,
    'merge-base',
    '--is-ancestor',
    ancestor,
    head
  ])
  return result.exitCode === 0
}
