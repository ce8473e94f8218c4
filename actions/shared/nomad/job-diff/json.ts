import { parseHcl as parse } from '../../adapters/hcl-parse.js'
import { canonicalizeJob } from '../simulated/canonicalize.js'
import { nomadErrors } from '../simulated/errors.js'
import {
  constraints,
  networks,
  policy,
  services,
  spreads,
  templates,
  update
} from '../simulated/hcl-blocks.js'
import {
  type Loose,
  duration,
  first,
  labelled,
  mapFields,
  passThrough,
  stringMap
} from '../simulated/hcl-fields.js'
import {
  checkReferences,
  interpolate,
  parseVarFile,
  resolveVariables
} from '../simulated/hcl-variables.js'

/**
 * HCL2 job file → Nomad API job JSON, as `POST /v1/jobs/parse` answers (the subset our jobs use;
 * unknown attributes and blocks pass through with PascalCase names).
 */

function task(name: string, body: Loose): Loose {
  return {
    Name: name,
    ...mapFields(body, {
      config: ['Config', c => first(c)],
      env: ['Env', stringMap],
      meta: ['Meta', stringMap],
      resources: [
        'Resources',
        r =>
          mapFields(first(r), {
            cpu: ['CPU'],
            memory: ['MemoryMB'],
            memory_max: ['MemoryMaxMB'],
            cores: ['Cores']
          })
      ],
      service: ['Services', services],
      kill_timeout: ['KillTimeout', duration],
      shutdown_delay: ['ShutdownDelay', duration],
      constraint: ['Constraints', constraints],
      template: ['Templates', templates],
      lifecycle: ['Lifecycle', l => passThrough(first(l))]
    })
  }
}

/**
 * `volume "<name>" { … }` → `Volumes: {<name>: VolumeRequest}` (api/tasks.go `VolumeRequest`,
 * hashicorp/nomad v2.0.5).
 */
function volumes(v: unknown): Loose {
  return Object.fromEntries(
    labelled(v).map(([name, b]) => [
      name,
      {
        Name: name,
        Type: b.type ?? '',
        Source: b.source ?? '',
        ReadOnly: b.read_only ?? false,
        Sticky: b.sticky ?? false,
        AccessMode: b.access_mode ?? '',
        AttachmentMode: b.attachment_mode ?? '',
        MountOptions: null,
        PerAlloc: b.per_alloc ?? false
      }
    ])
  )
}

function group(name: string, body: Loose): Loose {
  return {
    Name: name,
    ...mapFields(body, {
      count: ['Count'],
      constraint: ['Constraints', constraints],
      spread: ['Spreads', spreads],
      update: ['Update', update],
      network: ['Networks', networks],
      service: ['Services', services],
      meta: ['Meta', stringMap],
      restart: ['RestartPolicy', policy],
      reschedule: ['ReschedulePolicy', policy],
      ephemeral_disk: ['EphemeralDisk', d => mapFields(first(d), { size: ['SizeMB'] })],
      shutdown_delay: ['ShutdownDelay', duration],
      volume: ['Volumes', volumes],
      task: ['Tasks', t => labelled(t).map(([n, b]) => task(n, b))]
    })
  }
}

/** Converts the body of a `job "<id>" { … }` block to the API job. */
export function jobBlockToApi(id: string, body: Loose): Loose {
  return {
    ID: id,
    Name: id,
    Type: null,
    Region: null,
    Namespace: null,
    Priority: null,
    Datacenters: null,
    Meta: null,
    Update: null,
    ...mapFields(body, {
      name: ['Name'],
      type: ['Type'],
      region: ['Region'],
      namespace: ['Namespace'],
      priority: ['Priority'],
      datacenters: ['Datacenters'],
      node_pool: ['NodePool'],
      meta: ['Meta', stringMap],
      constraint: ['Constraints', constraints],
      spread: ['Spreads', spreads],
      update: ['Update', update],
      group: ['TaskGroups', g => labelled(g).map(([n, b]) => group(n, b))]
    })
  }
}

/** What `POST /v1/jobs/parse` needs. */
export interface ParseJobRequest {
  readonly hcl: string
  /** Var-file content (`key = "value"` lines). */
  readonly variables?: string
  readonly canonicalize?: boolean
}

/** Parses an HCL2 job (with variables) into the API job; throws NomadError 400 like the agent. */
export async function parseJobHcl(request: ParseJobRequest): Promise<Loose> {
  if (request.hcl.trim() === '') throw nomadErrors.badRequest('Job spec is empty')
  let tree: Loose
  try {
    tree = (await parse('input.hcl', request.hcl)) as Loose
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error)
    throw nomadErrors.badRequest(
      `Failed to parse job: ${text.replace(/^parse config: \[?|\]$/g, '')}`
    )
  }
  const vars = resolveVariables(first(tree.variable), await parseVarFile(request.variables ?? ''))
  const jobs = labelled(tree.job)
  const [entry] = jobs
  if (!entry || jobs.length > 1)
    throw nomadErrors.badRequest('Failed to parse job: input.hcl: only one "job" block is allowed')
  const resolved = interpolate(entry[1], vars)
  checkReferences(resolved, vars)
  const job = jobBlockToApi(entry[0], resolved as Loose)
  return request.canonicalize ? canonicalizeJob(job) : job
}
