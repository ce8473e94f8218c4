import { InputError, UserError } from '../errors.js'
import type { CommandRunner } from '../ports.js'

/** A base of all zeros is what GitHub sends for a new branch: there is nothing to diff against. */
export function isNullSha(sha: string): boolean {
  return /^0+$/.test(sha)
}

/**
 * Checks a commit reference given by a user (a SHA, a branch, `HEAD~1`, `origin/main`) before it
 * reaches git: empty is refused, a leading `-` is refused (git would read it as an option, e.g.
 * `--output=<file>`), as are whitespace, control characters and `..` (we build the range). The
 * reference is also passed after `--end-of-options` (git-rev-parse(1)) as a second guard.
 */
export function checkRef(name: string, ref: string): string {
  const problem = refProblem(ref)
  if (problem === undefined) return ref
  throw new InputError(
    `${name} is '${ref}': ${problem}. Expected one commit: a SHA, a branch such as origin/main, or HEAD~1.`
  )
}

/** What is wrong with a commit reference given by a user, or undefined (see checkRef). */
export function refProblem(ref: string): string | undefined {
  return ref === ''
    ? 'it is empty'
    : ref.startsWith('-')
      ? 'it starts with "-", which git would read as an option'
      : /\s|\p{Cc}/u.test(ref) // whitespace, or a control character (C0, DEL, C1)
        ? 'it contains whitespace or a control character'
        : ref.includes('..')
          ? 'it contains "..": give one commit, the range is built for you'
          : undefined
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
    '--end-of-options',
    `${checkRef('base', base)}...${checkRef('head', head)}`,
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
