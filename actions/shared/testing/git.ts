import { execFileSync } from 'node:child_process'

/** The environment of every git a test runs: a fixed author and committer, so commits need no config. */
export const GIT_TEST_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@t',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@t'
}

/** `git -C cwd …args` with GIT_TEST_ENV: its stdout, trimmed; throws (with stderr) on failure. */
export function gitIn(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-C', cwd, ...args], { env: GIT_TEST_ENV, stdio: 'pipe' })
    .toString()
    .trim()
}
