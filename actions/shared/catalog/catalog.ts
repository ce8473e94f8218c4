import { ConfigError } from '../errors.js'

/**
 * The one list of services. A service is a folder `docker/<name>/` (with a Dockerfile) plus a job
 * `nomad/<name>.nomad.hcl`; everything else about it lives in that job file, so there is no second
 * list to keep in step:
 *   - `meta { image = "ghcr.io/<owner>/<name>" }`  the image repository (no tag)
 *   - `meta { url = "https://…" }`                 the public URL
 *   - the first HTTP `check` of its Consul service  the health path
 * Job files without a docker folder (traefik) are platform jobs: deployed and drift-checked, never built.
 */
export interface Service {
  readonly name: string
  /** Nomad job ID (the `job "<id>"` label). */
  readonly jobId: string
  /** Image repository without tag, e.g. ghcr.io/elm/package-site. */
  readonly image: string
  /** Docker build context, relative to the repo root: docker/<name>. */
  readonly context: string
  /** Job file, relative to the repo root: nomad/<name>.nomad.hcl. */
  readonly jobFile: string
  readonly healthPath: string
  readonly publicUrl: string
  /**
   * The port its image listens on: the group's `network { port "http" { to = … } }`, which the
   * job also passes as $PORT (absent only in a job without that port; the job rules refuse one).
   */
  readonly port?: number
}

export interface JobEntry {
  readonly jobId: string
  readonly jobFile: string
  /** Nomad job type: service, system, batch. */
  readonly type: string
}

export interface Catalog {
  readonly services: readonly Service[]
  /** Every job file in nomad/, services and platform jobs alike. */
  readonly jobs: readonly JobEntry[]
}

type Json = Record<string, unknown>

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** hcl2json turns every block into an array of bodies; this takes the first body of `key`. */
function firstBlock(body: Json, key: string): Json | undefined {
  const value = body[key]
  if (Array.isArray(value)) return value.find(isRecord)
  return isRecord(value) ? value : undefined
}

/** Labelled blocks (`group "web" {}`) come out as {label: [body]}; this lists [label, body]. */
function labelled(body: Json, key: string): Array<[string, Json]> {
  const value = body[key]
  if (!isRecord(value)) return []
  return Object.entries(value).flatMap(([label, bodies]) =>
    Array.isArray(bodies) ? bodies.filter(isRecord).map((b): [string, Json] => [label, b]) : []
  )
}

function asArray(v: unknown): Json[] {
  if (Array.isArray(v)) return v.filter(isRecord)
  return isRecord(v) ? [v] : []
}

/** Reads the job ID and type out of a parsed job file (hcl2json output). */
export function readJobEntry(jobFile: string, parsed: unknown): JobEntry {
  if (!isRecord(parsed)) throw new ConfigError(`${jobFile}: not an HCL job file`)
  const jobs = labelled(parsed, 'job')
  const [job] = jobs
  if (jobs.length !== 1 || job === undefined) {
    throw new ConfigError(`${jobFile}: expected exactly one job block, found ${jobs.length}`)
  }
  const [jobId, body] = job
  const type = typeof body['type'] === 'string' ? body['type'] : 'service'
  if (type === 'service' || type === 'system') refuseUndeployedGroups(jobFile, body)
  return { jobId, jobFile, type }
}

/**
 * A group with `max_parallel = 0` gets no deployment state, so beside a group that has one, the
 * deployment completes without ever checking its allocations' health
 * (scheduler/reconciler/reconcile_cluster.go `isDeploymentComplete` looks only at the groups in
 * `DeploymentCurrent.TaskGroups`; reconcile_node.go: "maxParallel of 0 means no deployments";
 * hashicorp/nomad v2.0.5): its failing allocations would read as a successful deploy. Refused.
 * The effective value is the group's, else the job's, else Nomad's default 1 (api/jobs.go
 * `DefaultUpdateStrategy`, merged per group by api/tasks.go `TaskGroup.Canonicalize`).
 */
function refuseUndeployedGroups(jobFile: string, job: Json): void {
  const maxParallel = (update: Json | undefined): number | undefined =>
    typeof update?.['max_parallel'] === 'number' ? update['max_parallel'] : undefined
  const jobLevel = maxParallel(firstBlock(job, 'update'))
  const groups = labelled(job, 'group').map(
    ([name, group]) => [name, maxParallel(firstBlock(group, 'update')) ?? jobLevel ?? 1] as const
  )
  const undeployed = groups.filter(([, n]) => n === 0).map(([name]) => name)
  const deployed = groups.filter(([, n]) => n > 0).map(([name]) => name)
  if (undeployed.length > 0 && deployed.length > 0) {
    throw new ConfigError(
      `${jobFile}: group(s) ${undeployed.map(g => `"${g}"`).join(', ')} have max_parallel = 0 beside deployed group(s) ${deployed.map(g => `"${g}"`).join(', ')}: Nomad's deployment never checks their health, so their failures would pass as success. Accepted: max_parallel >= 1 in every group (or 0 in all of them).`
    )
  }
}

/** Builds a Service from its name and parsed job file, or says exactly what the job file lacks. */
export function readService(name: string, jobFile: string, parsed: unknown): Service {
  const entry = readJobEntry(jobFile, parsed)
  const job = labelled(parsed as Json, 'job')[0]?.[1] ?? {}
  const meta = firstBlock(job, 'meta') ?? {}
  const image = meta['image']
  const url = meta['url']
  if (typeof image !== 'string' || !/^[a-z0-9.-]+(:[0-9]+)?\/[a-z0-9._/-]+$/.test(image)) {
    throw new ConfigError(
      `${jobFile}: meta.image must be an image repository without tag (e.g. "ghcr.io/elm/${name}"), got ${JSON.stringify(image)}`
    )
  }
  if (typeof url !== 'string' || !/^https?:\/\/\S+$/.test(url)) {
    throw new ConfigError(
      `${jobFile}: meta.url must be the service's public URL, got ${JSON.stringify(url)}`
    )
  }
  const checks = labelled(job, 'group').flatMap(([, group]) =>
    asArray(group['service']).flatMap(service => asArray(service['check']))
  )
  const http = checks.find(c => c['type'] === 'http' && typeof c['path'] === 'string')
  if (http === undefined) {
    throw new ConfigError(
      `${jobFile}: the service needs a Consul check with type = "http" and a path`
    )
  }
  const ports = labelled(job, 'group').flatMap(([, group]) =>
    asArray(group['network']).flatMap(network => labelled(network, 'port'))
  )
  const to = ports.find(([label]) => label === 'http')?.[1]['to']
  return {
    name,
    jobId: entry.jobId,
    image,
    context: `docker/${name}`,
    jobFile,
    healthPath: String(http['path']),
    publicUrl: url,
    ...(typeof to === 'number' ? { port: to } : {})
  }
}

/** Looks a service up by name, with an error listing the known ones. */
export function findService(catalog: Catalog, name: string): Service {
  const service = catalog.services.find(s => s.name === name)
  if (service === undefined) {
    throw new ConfigError(
      `Unknown service '${name}': expected one of ${catalog.services.map(s => s.name).join(', ')}`
    )
  }
  return service
}
