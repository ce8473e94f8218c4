import type { Engine } from './engine.js'
import { nomadErrors } from './errors.js'
import { diffJobs } from './job-diff.js'
import { jobStatus, jobVersion } from './jobs.js'
import type { Allocation, Job } from './types.js'
import { NOMAD_VERSION } from '../../versions.js'

/** A read's body and the `X-Nomad-Index` it carries (per-endpoint rules of nomad-api.md §1.0). */
export interface ReadResult {
  readonly body: unknown
  readonly index: number
}

type Loose = Record<string, unknown>

function withStatus(engine: Engine, job: Job): Job {
  return { ...job, Status: jobStatus(engine, job) }
}

function inNamespace(namespace: string, value: string): boolean {
  return namespace === '*' || namespace === value
}

/** The `AllocListStub` shape of an allocation. */
export function allocStub(a: Allocation): Loose {
  const { Resources: _resources, AllocModifyIndex: _ami, DeploymentID: _deploymentId, ...stub } = a
  return stub
}

export function readJob(engine: Engine, namespace: string, id: string): ReadResult {
  const record = engine.store.job(namespace, id)
  if (!record) throw nomadErrors.notFound('job not found')
  return { body: withStatus(engine, record.current), index: record.current.ModifyIndex }
}

export function listJobs(engine: Engine, namespace: string, prefix: string): ReadResult {
  const body = [...engine.store.jobs.values()]
    .map(r => withStatus(engine, r.current))
    .filter(j => inNamespace(namespace, j.Namespace) && j.ID.startsWith(prefix))
    .sort((a, b) => a.ID.localeCompare(b.ID))
    .map(j => ({
      ID: j.ID,
      ParentID: '',
      Name: j.Name,
      Namespace: j.Namespace,
      Datacenters: j.Datacenters,
      Type: j.Type,
      Priority: j.Priority,
      Periodic: false,
      ParameterizedJob: false,
      Stop: j.Stop,
      Status: j.Status,
      StatusDescription: '',
      JobSummary: null,
      CreateIndex: j.CreateIndex,
      ModifyIndex: j.ModifyIndex,
      JobModifyIndex: j.JobModifyIndex,
      SubmitTime: j.SubmitTime
    }))
  return { body, index: engine.store.tables.jobs }
}

/** `GET /v1/job/:id/submission?version=`: the source that version was registered with. */
export function readSubmission(
  engine: Engine,
  namespace: string,
  id: string,
  version: number
): ReadResult {
  const submission = engine.store.job(namespace, id)?.submissions.get(version)
  if (!submission) throw nomadErrors.notFound('job source not found')
  return { body: submission, index: submission.JobModifyIndex }
}

export function readVersions(
  engine: Engine,
  namespace: string,
  id: string,
  diffs: boolean
): ReadResult {
  const record = engine.store.job(namespace, id)
  if (!record || record.versions.length === 0) throw nomadErrors.notFound('job versions not found')
  const versions = record.versions
  const body = {
    Versions: versions,
    Diffs: diffs ? versions.slice(0, -1).map((v, i) => diffJobs(versions[i + 1], v)) : null,
    Index: engine.store.tables.jobs,
    LastContact: 0,
    KnownLeader: true,
    NextToken: ''
  }
  return { body, index: engine.store.tables.jobs }
}

export function readLatestDeployment(engine: Engine, namespace: string, id: string): ReadResult {
  return {
    body: engine.store.latestDeployment(namespace, id) ?? null,
    index: engine.store.tables.deployment
  }
}

export function readJobDeployments(
  engine: Engine,
  namespace: string,
  id: string,
  all: boolean
): ReadResult {
  const createIndex = engine.store.job(namespace, id)?.current.CreateIndex
  const body = engine.store
    .jobDeployments(namespace, id)
    .filter(d => all || d.JobCreateIndex === createIndex)
  return { body, index: engine.store.tables.deployment }
}

export function readJobAllocations(engine: Engine, namespace: string, id: string): ReadResult {
  return {
    body: engine.store.jobAllocs(namespace, id).map(allocStub),
    index: engine.store.tables.allocs
  }
}

export function readJobEvaluations(engine: Engine, namespace: string, id: string): ReadResult {
  const body = [...engine.store.evals.values()].filter(
    e => e.Namespace === namespace && e.JobID === id
  )
  return { body, index: engine.store.tables.evals }
}

export function readJobSummary(engine: Engine, namespace: string, id: string): ReadResult {
  const record = engine.store.job(namespace, id)
  if (!record) throw nomadErrors.notFound('job not found')
  const summary: Record<string, Record<string, number>> = {}
  for (const g of record.current.TaskGroups) {
    summary[g.Name] = {
      Queued: 0,
      Complete: 0,
      Failed: 0,
      Running: 0,
      Starting: 0,
      Lost: 0,
      Unknown: 0
    }
  }
  for (const a of engine.store.jobAllocs(namespace, id)) {
    const s = summary[a.TaskGroup]
    if (!s) continue
    const key =
      a.ClientStatus === 'pending'
        ? 'Starting'
        : a.ClientStatus === 'running'
          ? 'Running'
          : a.ClientStatus === 'complete'
            ? 'Complete'
            : a.ClientStatus === 'failed'
              ? 'Failed'
              : a.ClientStatus === 'lost'
                ? 'Lost'
                : 'Unknown'
    s[key] = (s[key] ?? 0) + 1
  }
  const body = {
    JobID: id,
    Namespace: namespace,
    Summary: summary,
    Children: { Pending: 0, Running: 0, Dead: 0 },
    CreateIndex: record.current.CreateIndex,
    ModifyIndex: engine.store.tables.allocs
  }
  return { body, index: engine.store.tables.allocs }
}

export function readEvaluation(engine: Engine, id: string): ReadResult {
  const ev = engine.store.evals.get(id)
  if (!ev) throw nomadErrors.notFound('eval not found')
  return { body: ev, index: ev.ModifyIndex }
}

export function readDeployment(engine: Engine, id: string): ReadResult {
  const d = engine.store.deployments.get(id)
  if (!d) throw nomadErrors.notFound('deployment not found')
  return { body: d, index: d.ModifyIndex }
}

export function readDeploymentAllocations(engine: Engine, id: string): ReadResult {
  const body = [...engine.store.allocs.values()].filter(a => a.DeploymentID === id).map(allocStub)
  return { body, index: engine.store.tables.allocs }
}

export function readAllocation(engine: Engine, id: string): ReadResult {
  const a = engine.store.allocs.get(id)
  if (!a) throw nomadErrors.notFound('alloc not found')
  const job = jobVersion(engine, a.Namespace, a.JobID, a.JobVersion) ?? null
  return { body: { ...a, Job: job }, index: a.ModifyIndex }
}

export function listDeployments(engine: Engine, namespace: string): ReadResult {
  const body = [...engine.store.deployments.values()].filter(d =>
    inNamespace(namespace, d.Namespace)
  )
  return { body, index: engine.store.tables.deployment }
}

export function listAllocations(engine: Engine, namespace: string): ReadResult {
  const body = [...engine.store.allocs.values()]
    .filter(a => inNamespace(namespace, a.Namespace))
    .map(allocStub)
  return { body, index: engine.store.tables.allocs }
}

/**
 * `GET /v1/agent/self` (command/agent/agent_endpoint.go `AgentSelfRequest`, v2.0.5): `{config,
 * member, stats}`, where `config.Version` is the agent's `version.VersionInfo` (version/version.go).
 * The simulated agent reports the pinned Nomad version (versions.json), the one the cluster runs.
 * Only the fields a client reads are filled; `member` is a server's serf member.
 */
export function readAgentSelf(engine: Engine): ReadResult {
  return {
    body: {
      config: {
        Region: 'global',
        Datacenter: 'dc1',
        Version: {
          BuildDate: '1970-01-01T00:00:00Z',
          Revision: 'simulated',
          Version: NOMAD_VERSION,
          VersionPrerelease: '',
          VersionMetadata: ''
        }
      },
      member: {
        Name: 'simulated.global',
        Addr: '127.0.0.1',
        Port: 4648,
        Tags: { build: NOMAD_VERSION, region: 'global', role: 'nomad' },
        Status: 'alive'
      },
      stats: {}
    },
    index: engine.store.index
  }
}
