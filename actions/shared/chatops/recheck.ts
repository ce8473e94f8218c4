import type { RepoPermission } from '../github/ports.js'

/**
 * The time-of-check rule for `/deploy`: the command is checked when the comment arrives, but the
 * deploy job may start hours later (after an environment approval, behind other deploys in the
 * production queue). Just before deploying, ask again:
 *   - may the commenter still deploy (write, maintain or admin now, not when they commented)?
 *   - is the job spec the command was accepted with still main's? A deploy of an older spec would
 *     silently undo whatever main changed in it since.
 */

export interface RecheckFacts {
  readonly author: string
  /** The commenter's permission now, or why it could not be read. */
  readonly permission: RepoPermission | { readonly error: string }
  readonly jobFile: string
  /** The commit of main the command was accepted on. */
  readonly specSha: string
  /** Where main is now (fetched at re-check time); undefined when it cannot be read. */
  readonly mainSha: string | undefined
  /** Why main could not be read (e.g. the fetch failed), when mainSha is undefined. */
  readonly mainUnreadable?: string
  /** Whether specSha is in main's history now (false after a force push). */
  readonly specOnMain: boolean
  /** Commits on main since specSha that changed the job file, newest first. */
  readonly jobFileCommits: readonly string[]
}

export type RecheckVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string }

const DEPLOYERS: readonly RepoPermission[] = ['admin', 'maintain', 'write']
const short = (sha: string): string => sha.slice(0, 12)

export function recheck(facts: RecheckFacts): RecheckVerdict {
  const again = 'Comment `/deploy` again to deploy with main as it is now.'
  if (typeof facts.permission !== 'string') {
    return {
      ok: false,
      reason: `could not re-check ${facts.author}'s permission at deploy time (${facts.permission.error}); nothing was deployed`
    }
  }
  if (!DEPLOYERS.includes(facts.permission)) {
    return {
      ok: false,
      reason: `${facts.author} has ${facts.permission} permission now (deploying needs write, maintain or admin); nothing was deployed`
    }
  }
  if (facts.mainSha === undefined) {
    return {
      ok: false,
      reason: `cannot find where main is now to compare ${facts.jobFile}${facts.mainUnreadable === undefined ? '' : ` (${facts.mainUnreadable})`}; nothing was deployed`
    }
  }
  // Main still at the spec needs no shortcut: the spec is then on main and no commit follows it.
  if (!facts.specOnMain) {
    return {
      ok: false,
      reason: `main was rewritten since the command (${short(facts.specSha)} is no longer in its history); nothing was deployed. ${again}`
    }
  }
  if (facts.jobFileCommits.length > 0) {
    return {
      ok: false,
      reason:
        `main moved past the job spec this command was accepted with: ${facts.jobFile} changed in ` +
        `${facts.jobFileCommits.map(short).join(', ')} after ${short(facts.specSha)}; nothing was deployed. ${again}`
    }
  }
  return { ok: true }
}
