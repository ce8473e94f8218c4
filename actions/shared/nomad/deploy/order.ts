import { parseHcl } from '../../adapters/hcl-parse.js'
import type { CommandRunner } from '../../ports.js'
import type { JobInfo } from '../types.js'

/**
 * Deploys land in commit order. Each production job of deploy.yml waits for the `production`
 * concurrency group on its own, and GitHub does not promise queue order ("the order is not
 * guaranteed", docs: "Control the concurrency of workflows and jobs"), so two pushes' Nomad jobs can
 * run in either order: an older push could overwrite a newer image, and the newer run's green
 * would hide it. Every deploy therefore records, in the job's own `meta` (through the job file's
 * `commit` and `deployed_by` variables, so they are part of the submission the drift check
 * re-parses with), the commit of main it ran from and who asked; before registering, a deploy reads
 * the running job's meta and decides here.
 *
 * How push and explicit deploys are told apart (GITHUB_EVENT_NAME):
 *   - `push`: guarded by ancestry. When the running job came from a strictly newer commit of main
 *     (ours is its ancestor), the push deploy is skipped (exit 0, a notice, output `skipped`):
 *     whatever deployed that commit — a newer push, or an explicit deploy made from it — wins.
 *   - `workflow_dispatch` and `issue_comment` (`/deploy`): a person asked for this version now, and
 *     it may be an older one on purpose (a rollback), so ancestry never skips it. It records
 *     `deployed_by = "<event> by <actor>"` and keeps `commit` at the newer of its own and the
 *     running one, so a push run older than what is running still skips after a rollback.
 * A running job without `meta.commit` (deployed before this rule, or by hand) and a running commit
 * that is not in main's history (a force push) order nothing: the deploy goes ahead and says so.
 */

export type Trigger = 'push' | 'explicit'

/** How our commit relates to the running job's (git merge-base --is-ancestor both ways). */
export type Relation = 'same' | 'ours-older' | 'ours-newer' | 'unrelated' | 'unknown'

export interface OrderFacts {
  readonly jobId: string
  readonly commit: string
  readonly trigger: Trigger
  /** e.g. "push by evancz", "workflow_dispatch by evancz", "/deploy by evancz". */
  readonly by: string
  /** The running job's meta, undefined when the job does not exist yet. */
  readonly running: { readonly commit?: string; readonly by?: string } | undefined
  /** Our commit against the running one; undefined when there is none to compare. */
  readonly relation: Relation | undefined
}

export type OrderVerdict =
  | {
      readonly deploy: true
      /** The job variables to record (`commit`, `deployed_by`). */
      readonly record: { readonly commit: string; readonly by: string }
      readonly note: string
    }
  | { readonly deploy: false; readonly reason: string }

const short = (sha: string): string => sha.slice(0, 12)

/** Pure: whether this deploy goes ahead, and what it records. */
export function decideOrder(f: OrderFacts): OrderVerdict {
  const ours = { commit: f.commit, by: f.by }
  const running = f.running?.commit
  if (f.running === undefined) {
    return { deploy: true, record: ours, note: `${f.jobId} is not running yet` }
  }
  if (running === undefined || running === '') {
    return {
      deploy: true,
      record: ours,
      note: `${f.jobId} records no commit (deployed before deploys were ordered, or by hand): nothing to order against`
    }
  }
  const who = f.running.by ? ` (${f.running.by})` : ''
  switch (f.relation) {
    case 'same':
      return { deploy: true, record: ours, note: `${f.jobId} already runs ${short(running)}${who}` }
    case 'ours-newer':
      return {
        deploy: true,
        record: ours,
        note: `${short(f.commit)} is newer than the running ${short(running)}${who}`
      }
    case 'ours-older':
      if (f.trigger === 'push') {
        return {
          deploy: false,
          reason:
            `${f.jobId} already runs ${short(running)}${who}, a newer commit of main than this run's ` +
            `${short(f.commit)}: deploying it would roll the service back, so this push deploy is skipped. ` +
            'To roll back on purpose, use /deploy or run deploy.yml by hand.'
        }
      }
      return {
        deploy: true,
        // Keep the newer commit, so a queued push older than it still skips after this rollback.
        record: { commit: running, by: f.by },
        note: `an explicit deploy from ${short(f.commit)} over ${short(running)}${who}: deployed on purpose (a rollback is allowed), the running commit ${short(running)} stays recorded`
      }
    default:
      return {
        deploy: true,
        record: ours,
        note: `cannot order ${short(f.commit)} against the running ${short(running)}${who} (not in main's history here: a force push?); deploying`
      }
  }
}

/** Our commit against theirs, by git (needs the history: actions/checkout with fetch-depth: 0). */
export async function gitRelation(
  runner: CommandRunner,
  root: string,
  ours: string,
  theirs: string
): Promise<Relation> {
  if (ours === theirs) return 'same'
  // `git merge-base --is-ancestor A B`: exit 0 when A is an ancestor of B, 1 when not, other codes
  // (128) on an unknown commit (git-merge-base(1)).
  const is = async (a: string, b: string): Promise<number> =>
    (await runner.run('git', ['-C', root, 'merge-base', '--is-ancestor', '--end-of-options', a, b]))
      .exitCode
  const older = await is(ours, theirs)
  if (older === 0) return 'ours-older'
  const newer = await is(theirs, ours)
  if (newer === 0) return 'ours-newer'
  return older === 1 && newer === 1 ? 'unrelated' : 'unknown'
}

/** The `job "<id>"` label of a job file, or undefined when it cannot be read. */
export async function jobIdOf(jobHcl: string): Promise<string | undefined> {
  const parsed = (await parseHcl('job.nomad.hcl', jobHcl).catch(() => undefined)) as
    { job?: Record<string, unknown> } | undefined
  const ids = Object.keys(parsed?.job ?? {})
  return ids.length === 1 ? ids[0] : undefined
}

/** The trigger and the `by` text from the runner's environment; undefined outside Actions. */
export function triggerOf(
  env: Readonly<Record<string, string | undefined>>
): { trigger: Trigger; by: string; commit: string } | undefined {
  const event = env['GITHUB_EVENT_NAME']
  const commit = env['GITHUB_SHA']
  if (!event || !commit || !/^[0-9a-f]{40}$/.test(commit)) return undefined
  const actor = env['GITHUB_ACTOR'] || 'unknown'
  const name = event === 'issue_comment' ? '/deploy' : event
  return { trigger: event === 'push' ? 'push' : 'explicit', by: `${name} by ${actor}`, commit }
}

/** The running job's recorded commit and deployer (`meta.commit`, `meta.deployed_by`). */
export function runningOf(job: JobInfo | undefined): OrderFacts['running'] {
  if (job === undefined) return undefined
  const commit = job.meta?.['commit']
  const by = job.meta?.['deployed_by']
  return { ...(commit ? { commit } : {}), ...(by ? { by } : {}) }
}

/** What the deploy entry does with the verdict. */
export type OrderGuard =
  | { readonly skip: true; readonly reason: string }
  | {
      readonly skip: false
      readonly variables: Readonly<Record<string, string>>
      readonly note: string
    }

/**
 * The guard as the deploy entry calls it, before the plan and the register: reads the running
 * job's meta through `readJob` (GET /v1/job/:id), orders the commits with git, decides. Outside
 * Actions (no GITHUB_SHA/GITHUB_EVENT_NAME, e.g. `elm-infra deploy`) it orders nothing. The
 * `commit`/`deployed_by` variables are passed only to a job file that declares them (Nomad's parse
 * refuses undeclared ones: variables.ts `checkDeclared`).
 */
export async function guardOrder(o: {
  readonly env: Readonly<Record<string, string | undefined>>
  readonly jobHcl: string
  readonly declared: readonly string[] | undefined
  readonly readJob: (jobId: string) => Promise<JobInfo | undefined>
  readonly relation: (ours: string, theirs: string) => Promise<Relation>
}): Promise<OrderGuard> {
  const unordered: OrderGuard = {
    skip: false,
    variables: {},
    note: 'not ordered (no GitHub run, or no job id)'
  }
  const ours = triggerOf(o.env)
  if (ours === undefined) return unordered
  const jobId = await jobIdOf(o.jobHcl)
  if (jobId === undefined) return unordered
  const running = runningOf(await o.readJob(jobId))
  const relation = running?.commit ? await o.relation(ours.commit, running.commit) : undefined
  const verdict = decideOrder({ jobId, ...ours, running, relation })
  if (!verdict.deploy) return { skip: true, reason: verdict.reason }
  const declares = (name: string): boolean => o.declared?.includes(name) === true
  return {
    skip: false,
    variables: {
      ...(declares('commit') ? { commit: verdict.record.commit } : {}),
      ...(declares('deployed_by') ? { deployed_by: verdict.record.by } : {})
    },
    note: verdict.note
  }
}
