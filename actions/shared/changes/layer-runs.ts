import type { components } from '@octokit/openapi-types'
import { InputError } from '../errors.js'

/**
 * Each layer's own record of success, read from the deploy workflow's past runs: a failed layer is
 * retried until it succeeds, whatever the other layers did. The record is GitHub's own: every job
 * of a run is a check run with a `conclusion` (REST "List jobs for a workflow run",
 * `GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs`, latest attempt by default), and the runs
 * come newest first from "List workflow runs for a workflow"
 * (`GET /repos/{owner}/{repo}/actions/workflows/deploy.yml/runs?branch=main&event=push`). The
 * jobs are named for what they did (deploy.yml): `terraform apply` (not `terraform output`, which
 * only reads the nodes for Ansible), `ansible`, and `nomad <job>` per Nomad job. Pure: the
 * workflow fetches the answers (`gh api`), this reads them.
 */

/** The fields read from a workflow run and its jobs (their shapes: @octokit/openapi-types). */
export type ApiRun = Pick<
  components['schemas']['workflow-run'],
  'id' | 'head_sha' | 'run_number' | 'status' | 'conclusion'
>
export type ApiJob = Pick<components['schemas']['job'], 'name' | 'status' | 'conclusion'>
export interface RecordedRun extends ApiRun {
  readonly jobs: readonly ApiJob[]
}

export const LAYER_JOB = {
  terraform: 'terraform apply',
  ansible: 'ansible',
  nomad: (job: string): string => `nomad ${job}`
} as const

export interface RunRef {
  readonly sha: string
  readonly run: number
}

export interface LayerRecord {
  /** The head commit of the newest run whose job of this layer succeeded. */
  readonly lastSuccess?: RunRef
  /** The newest attempt after lastSuccess that ended otherwise (failure, cancelled, timed_out). */
  readonly lastFailure?: RunRef & { readonly conclusion: string }
}

export interface LayerRuns {
  readonly terraform: LayerRecord
  readonly ansible: LayerRecord & {
    /** A terraform apply that succeeded after Ansible's last success: the nodes may be new. */
    readonly appliedSince?: RunRef
  }
  readonly jobs: Readonly<Record<string, LayerRecord>>
  /** Older runs still going (queued, waiting, in progress), newest first. */
  readonly inFlight: readonly RunRef[]
}

/**
 * The conclusions that mean a layer's job ran and did not succeed. A job that has not finished has
 * no conclusion (null until `status` is completed: the `job` schema of @octokit/openapi-types), so
 * it is neither a success nor a failure yet.
 */
const FAILED: ReadonlySet<string | null> = new Set(['failure', 'cancelled', 'timed_out'])

function recordOf(runs: readonly RecordedRun[], name: string): LayerRecord {
  let lastFailure: LayerRecord['lastFailure']
  for (const run of runs) {
    const job = run.jobs.find(j => j.name === name)
    if (job === undefined) continue
    const ref = { sha: run.head_sha, run: run.run_number }
    if (job.conclusion === 'success') {
      return { lastSuccess: ref, ...(lastFailure ? { lastFailure } : {}) }
    }
    if (
      lastFailure === undefined &&
      // Stryker disable next-line ConditionalExpression: `!== null` only narrows the type; FAILED holds no null
      job.conclusion !== null &&
      FAILED.has(job.conclusion)
    ) {
      lastFailure = { ...ref, conclusion: job.conclusion }
    }
  }
  return lastFailure ? { lastFailure } : {}
}

/**
 * Per layer: its last success and the failure after it. `runs` newest first; `currentRun` (this
 * run's id, GITHUB_RUN_ID) and newer runs are left out.
 */
export function readLayerRuns(
  runs: readonly RecordedRun[],
  currentRun: number,
  jobs: readonly string[]
): LayerRuns {
  const at = runs.findIndex(r => Number(r.id) === currentRun)
  const older = runs.slice(at + 1) // not found (-1): every run
  const terraform = recordOf(older, LAYER_JOB.terraform)
  const ansible = recordOf(older, LAYER_JOB.ansible)
  // A terraform apply that succeeded in a run newer than Ansible's last success.
  const ansibleRun = ansible.lastSuccess?.run
  const ansibleAt =
    ansibleRun === undefined ? older.length : older.findIndex(r => r.run_number === ansibleRun)
  const applied = older
    .slice(0, ansibleAt)
    .find(r => r.jobs.some(j => j.name === LAYER_JOB.terraform && j.conclusion === 'success'))
  return {
    terraform,
    ansible: {
      ...ansible,
      ...(applied ? { appliedSince: { sha: applied.head_sha, run: applied.run_number } } : {})
    },
    jobs: Object.fromEntries(jobs.map(j => [j, recordOf(older, LAYER_JOB.nomad(j))])),
    inFlight: older
      .filter(r => r.status !== 'completed')
      .map(r => ({ sha: r.head_sha, run: r.run_number }))
  }
}

/** Reads the workflow's recorded runs file (`[{id, head_sha, run_number, status, conclusion, jobs}]`). */
export function parseRecordedRuns(text: string, file: string): RecordedRun[] {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new InputError(
      `${file} is not JSON (${String(error)}): expected the runs deploy.yml records.`
    )
  }
  const bad = (why: string): never => {
    throw new InputError(
      `${file}: ${why}. Expected a JSON array of workflow runs, newest first, each {id, head_sha, run_number, status, conclusion, jobs: [{name, status, conclusion}]}.`
    )
  }
  if (!Array.isArray(value)) return bad('not an array')
  return value.map((r: unknown, i): RecordedRun => {
    const run = r as Partial<RecordedRun>
    if (
      run === null ||
      typeof run.id !== 'number' ||
      typeof run.head_sha !== 'string' ||
      typeof run.run_number !== 'number' ||
      !Array.isArray(run.jobs) ||
      !run.jobs.every(j => j !== null && typeof j.name === 'string')
    ) {
      return bad(`run ${i} lacks id, head_sha, run_number or jobs[].name`)
    }
    return {
      id: run.id,
      head_sha: run.head_sha,
      run_number: run.run_number,
      status: run.status ?? null,
      conclusion: run.conclusion ?? null,
      jobs: run.jobs.map(j => ({
        name: j.name,
        status: j.status,
        conclusion: j.conclusion ?? null
      }))
    }
  })
}
