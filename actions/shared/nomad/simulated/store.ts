import type { Allocation, Deployment, Evaluation, Job } from './types.js'

/** Nomad's state tables whose indexes blocking queries watch. */
export type Table = 'jobs' | 'deployment' | 'allocs' | 'evals' | 'nodes'

/** structs.JobSubmission: the source a version was registered with (`GET /v1/job/:id/submission`). */
export interface Submission {
  readonly Source: string
  readonly Format: string
  readonly VariableFlags: Readonly<Record<string, string>> | null
  readonly Variables: string
  readonly Namespace: string
  readonly JobID: string
  readonly Version: number
  readonly JobModifyIndex: number
}

/**
 * All versions of one job; `versions` newest first, at most `JobDefaultTrackedVersions` (6), and
 * the submissions of the versions registered with one (the newest 6, kept apart from the versions).
 */
export interface JobRecord {
  current: Job
  versions: Job[]
  submissions: Map<number, Submission>
}

/** Per-allocation bookkeeping the real server keeps elsewhere (reschedule timing). */
export interface AllocExtra {
  /** Epoch ms after which a failed allocation may be replaced; undefined = never. */
  rescheduleAt?: number
  /** How many times this allocation's lineage has been rescheduled. */
  attempts: number
  /** Cancels this allocation's pending lifecycle timers. */
  timers: (() => void)[]
}

const TRACKED_VERSIONS = 6

/**
 * The simulated cluster's state: a raft-like index that grows with every write, per-table indexes,
 * and a change signal that blocking queries wait on (they wake on the write, never poll).
 */
export class ClusterStore {
  index = 10
  readonly tables: Record<Table, number> = { jobs: 1, deployment: 1, allocs: 1, evals: 1, nodes: 1 }
  readonly jobs = new Map<string, JobRecord>()
  readonly deployments = new Map<string, Deployment>()
  readonly allocs = new Map<string, Allocation>()
  readonly evals = new Map<string, Evaluation>()
  readonly allocExtra = new Map<string, AllocExtra>()
  readonly #listeners = new Set<() => void>()

  /** Starts a write: a new raft index, recorded against the tables it touches. */
  write(...tables: Table[]): number {
    this.index += 1
    for (const t of tables) this.tables[t] = this.index
    queueMicrotask(() => this.#notify())
    return this.index
  }

  /** Records more tables against the current index (same raft transaction as the last write). */
  alsoWrote(...tables: Table[]): number {
    for (const t of tables) this.tables[t] = this.index
    return this.index
  }

  /** Registers a change listener; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  #notify(): void {
    for (const l of [...this.#listeners]) l()
  }

  job(namespace: string, id: string): JobRecord | undefined {
    return this.jobs.get(jobKey(namespace, id))
  }

  /** Stores a new current version of a job and keeps the version history bounded. */
  putJobVersion(job: Job): void {
    const key = jobKey(job.Namespace, job.ID)
    const record = this.jobs.get(key)
    if (!record) {
      this.jobs.set(key, { current: job, versions: [job], submissions: new Map() })
      return
    }
    record.current = job
    record.versions = [job, ...record.versions.filter(v => v.Version !== job.Version)].slice(
      0,
      TRACKED_VERSIONS
    )
  }

  /** Replaces the current job object in place (same version, e.g. marked stable). */
  replaceCurrent(job: Job): void {
    const record = this.jobs.get(jobKey(job.Namespace, job.ID))
    if (!record) return
    record.current = job
    record.versions = record.versions.map(v => (v.Version === job.Version ? job : v))
  }

  jobAllocs(namespace: string, id: string): Allocation[] {
    return [...this.allocs.values()].filter(a => a.Namespace === namespace && a.JobID === id)
  }

  jobDeployments(namespace: string, id: string): Deployment[] {
    return [...this.deployments.values()].filter(d => d.Namespace === namespace && d.JobID === id)
  }

  /** The deployment with the highest CreateIndex for the job's current incarnation, if any. */
  latestDeployment(namespace: string, id: string): Deployment | undefined {
    const record = this.job(namespace, id)
    if (!record) return undefined
    return this.jobDeployments(namespace, id)
      .filter(d => d.JobCreateIndex === record.current.CreateIndex)
      .sort((a, b) => b.CreateIndex - a.CreateIndex)[0]
  }

  extra(allocId: string): AllocExtra {
    let e = this.allocExtra.get(allocId)
    if (!e) {
      e = { attempts: 0, timers: [] }
      this.allocExtra.set(allocId, e)
    }
    return e
  }
}

export function jobKey(namespace: string, id: string): string {
  return `${namespace}\u0000${id}`
}
