import { execFileSync } from 'node:child_process'
import { mkdir } from 'node:fs/promises'
import { GIT_TEST_ENV } from './git.js'

/**
 * The git commands actions/checkout runs for `fetch-depth: 0` and the default self-checkout
 * (ref = github.ref, commit = github.sha: src/input-helper.ts `getInputs`), as our pin of it
 * (v7.0.1, 3d3c42e5aac5ba805825da76410c181273ba90b1, the SHA in .github/workflows) issues them, so
 * a test can replay them on a real repository. Written from the source, not copied:
 *   - `git init` + `git remote add origin <url>` (src/git-source-provider.ts `getSource`);
 *   - fetch 1: `getRefSpecForAllHistory(ref, commit)` (src/ref-helper.ts) =
 *     `+refs/heads/*:refs/remotes/origin/*` and `+refs/tags/*:refs/tags/*`;
 *   - `testRef(ref, commit)`: for refs/heads/<b>, origin/<b> exists and rev-parses to `commit`;
 *   - if not (the branch moved since the event), fetch 2: `getRefSpec(ref, commit)` =
 *     `+<commit>:refs/remotes/origin/<b>` — which moves origin/<b> back to the event's commit;
 *   - every fetch is `git -c protocol.version=2 fetch --no-tags --prune --no-recurse-submodules
 *     origin <refspecs…>` (src/git-command-manager.ts `fetch`; no --depth for fetch-depth 0, and
 *     no --unshallow in a fresh repository);
 *   - `getCheckoutInfo`: ref = <b>, startPoint = refs/remotes/origin/<b>; then
 *     `git checkout --progress --force -B <b> refs/remotes/origin/<b>` (git-command-manager `checkout`).
 * Credentials, sparse checkout, LFS and submodules are left out: they move no ref.
 */
export interface CheckoutReplay {
  /** Each git command run, as its arguments. */
  readonly commands: string[][]
  /** Whether testRef failed after the first fetch, so the targeted second fetch ran. */
  readonly refetched: boolean
}

export async function replayCheckout(options: {
  readonly workspace: string
  readonly originUrl: string
  /** github.ref, e.g. refs/heads/main (issue_comment: the default branch). */
  readonly ref: string
  /** github.sha: the default branch's tip when the event was created. */
  readonly commit: string
}): Promise<CheckoutReplay> {
  if (!options.ref.startsWith('refs/heads/')) {
    throw new Error(`replayCheckout models a branch ref only, not ${options.ref}`)
  }
  const branch = options.ref.slice('refs/heads/'.length)
  const commands: string[][] = []
  const git = (...args: string[]): string => {
    commands.push(args)
    return execFileSync('git', ['-C', options.workspace, ...args], {
      env: GIT_TEST_ENV,
      stdio: 'pipe'
    })
      .toString()
      .trim()
  }
  const fetch = (...refspecs: string[]): string =>
    git(
      '-c',
      'protocol.version=2',
      'fetch',
      '--no-tags',
      '--prune',
      '--no-recurse-submodules',
      'origin',
      ...refspecs
    )
  const testRef = (): boolean => {
    try {
      return git('rev-parse', `refs/remotes/origin/${branch}`) === options.commit
    } catch {
      return false
    }
  }
  await mkdir(options.workspace, { recursive: true })
  git('init', '-q')
  git('remote', 'add', 'origin', options.originUrl)
  fetch('+refs/heads/*:refs/remotes/origin/*', '+refs/tags/*:refs/tags/*')
  let refetched = false
  if (!testRef()) {
    refetched = true
    fetch(`+${options.commit}:refs/remotes/origin/${branch}`)
    if (!testRef()) {
      throw new Error(
        `The ref '${options.ref}' does not point to the expected commit '${options.commit}'.`
      )
    }
  }
  git('checkout', '--progress', '--force', '-B', branch, `refs/remotes/origin/${branch}`)
  return { commands, refetched }
}
