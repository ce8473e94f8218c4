import type { CommandRunner } from '../ports.js'
import type { DeployHistory } from './deploy-plan.js'
import { isAncestor, isNullSha, listChangedFiles } from './git-diff.js'
import { type RecordedRun, readLayerRuns } from './layer-runs.js'

export interface HistoryQuestion {
  /** Repository root (a checkout with full history: actions/checkout fetch-depth: 0). */
  readonly root: string
  readonly head: string
  /** The head commit of the last successful deploy run; empty or undefined when none. */
  readonly lastSuccess?: string
  /** github.event.before of the push; all zeros or empty for a new branch. */
  readonly before?: string
  /** The workflow's past runs with their jobs, newest first (layer-runs.ts), and this run's id. */
  readonly runs?: { readonly recorded: readonly RecordedRun[]; readonly currentRun: number }
  /** The Nomad jobs (catalog), whose own last successes are read from `runs`. */
  readonly jobs?: readonly string[]
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
    ...(beforeUsable ? { filesInPush: await listChangedFiles(runner, root, before, head) } : {}),
    ...(question.runs === undefined
      ? {}
      : { layers: await readLayers(runner, question, question.runs) })
  }
}

/** Each layer's record, and the files since every distinct commit those records name. */
async function readLayers(
  runner: CommandRunner,
  question: HistoryQuestion,
  { recorded, currentRun }: NonNullable<HistoryQuestion['runs']>
): Promise<NonNullable<DeployHistory['layers']>> {
  const runs = readLayerRuns(recorded, currentRun, question.jobs ?? [])
  const shas = new Set(
    [runs.terraform, runs.ansible, ...Object.values(runs.jobs)].flatMap(r =>
      r.lastSuccess ? [r.lastSuccess.sha] : []
    )
  )
  const filesSince: Record<string, readonly string[] | undefined> = {}
  for (const sha of shas) {
    filesSince[sha] = (await isAncestor(runner, question.root, sha, question.head))
      ? await listChangedFiles(runner, question.root, sha, question.head)
      : undefined
  }
  return { runs, filesSince }
}
