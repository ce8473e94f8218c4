import type { CommandRunner } from '../ports.js'
import type { DeployHistory } from './deploy-plan.js'
import { isAncestor, isNullSha, listChangedFiles } from './git-diff.js'

export interface HistoryQuestion {
  /** Repository root (a checkout with full history: actions/checkout fetch-depth: 0). */
  readonly root: string
  readonly head: string
  /** The head commit of the last successful deploy run; empty or undefined when none. */
  readonly lastSuccess?: string
  /** github.event.before of the push; all zeros or empty for a new branch. */
  readonly before?: string
}

const given = (sha: string | undefined): sha is string =>
  sha !== undefined && sha.trim() !== '' && !isNullSha(sha.trim())

/** Reads what planDeploy needs from git: reachability of the bases, and the files since them. */
export async function readDeployHistory(
  runner: CommandRunner,
  question: HistoryQuestion
): Promise<DeployHistory> {
  const { root, head } = question
  const lastSuccess = given(question.lastSuccess) ? question.lastSuccess.trim() : undefined
  const reachable = lastSuccess !== undefined && (await isAncestor(runner, root, lastSuccess, head))
  const before = given(question.before) ? question.before.trim() : undefined
  const beforeUsable = before !== undefined && (await isAncestor(runner, root, before, head))
  return {
    head,
    ...(lastSuccess === undefined ? {} : { lastSuccess }),
    lastSuccessReachable: reachable,
    filesSinceLastSuccess: reachable ? await listChangedFiles(runner, root, lastSuccess, head) : [],
    ...(beforeUsable ? { filesInPush: await listChangedFiles(runner, root, before, head) } : {})
  }
}
