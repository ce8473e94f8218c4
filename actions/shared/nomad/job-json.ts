import { parse } from '@cdktf/hcl2json'
import { canonicalizeJob } from './simulated/canonicalize.js'
import { parseGoDuration } from './simulated/durations.js'
import { nomadErrors } from './simulated/errors.js'
import {
  checkReferences,
  interpolate,
  parseVarFile,
  resolveVariables
} from './simulated/hcl-variables.js'

/**
 * HCL2 job file → Nomad API job JSON, as `POST /v1/jobs/parse` answers (the subset our jobs use;
 * unknown attributes and blocks pass through with PascalCase names).
 */

type Loose = Record<string, unknown>
type Convert = (value: unknown) => unknown

function pascal(name: string): string {
  return name
    .split('_')
    .map(p => (p.length ? p[0]?.toUpperCase() + p.slice(1) : p))
    .join('')
}

function first(value: unknown): Loose {
  const v = Array.isArray(value) ? value[0] : value
  return v && typeof v === 'object' ? (v as Loose) : {}
}

function blocks(value: unknown): Loose[] {
  return Array.isArray(value) ? (value as Loose[]) : value ? [value as Loose] : []
}

function labelled(value: unknown): [string, Loose][] {
  return Object.entries(first(value)).map(([label, body]) => [label, first(body)])
}

const duration: Convert = v => (typeof v === 'string' ? (parseGoDuration(v) ?? v) : v)
const stringMap: Convert = v =>
  Object.fromEntries(
    Object.entries(first(v)).map(([k, x]) => [k, typeof x === 'string' ? x : JSON.stringify(x)])
  )

function mapFields(body: Loose, spec: Readonly<Record<string, [string, Convert?]>>): Loose {
  const out: Loose = {}
  for (const [key, value] of Object.entries(body)) {
    const rule = spec[key]
    if (rule) out[rule[0]] = rule[1] ? rule[1](value) : value
    else
      out[pascal(key)] =
        Array.isArray(value) && value.length === 1 && typeof value[0] === 'object'
          ? passThrough(value[0])
          : passThrough(value)
  }
  return out
}

function passThrough(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(passThrough)
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [pascal(k), passThrough(v)]))
  }
  return value
}

function constraints(value: unknown): Loose[] {
  return blocks(value).map(c => {
    if (c.distinct_hosts !== undefined)
      return { LTarget: '', RTarget: String(c.distinct_hosts), Operand: 'distinct_hosts' }
    if (c.distinct_property !== undefined)
      return {
        LTarget: c.distinct_property,
        RTarget: String(c.value ?? ''),
        Operand: 'distinct_property'
      }
    return {
      LTarget: c.attribute ?? '',
      RTarget: c.value === undefined ? '' : String(c.value),
      Operand: c.operator ?? '='
    }
  })
}

function spreads(value: unknown): Loose[] {
  return blocks(value).map(s => ({
    Attribute: s.attribute ?? '',
    Weight: s.weight ?? 50,
    SpreadTarget: labelled(s.target).map(([label, t]) => ({
      Value: label,
      Percent: t.percent ?? 0
    }))
  }))
}

const UPDATE: Record<string, [string, Convert?]> = {
  max_parallel: ['MaxParallel'],
  health_check: ['HealthCheck'],
  min_healthy_time: ['MinHealthyTime', duration],
  healthy_deadline: ['HealthyDeadline', duration],
  progress_deadline: ['ProgressDeadline', duration],
  auto_revert: ['AutoRevert'],
  auto_promote: ['AutoPromote'],
  canary: ['Canary'],
  stagger: ['Stagger', duration]
}

const update: Convert = v => mapFields(first(v), UPDATE)

const checks: Convert = v =>
  blocks(v).map(c =>
    mapFields(c, {
      port: ['PortLabel'],
      interval: ['Interval', duration],
      timeout: ['Timeout', duration],
      header: ['Header', h => first(h)],
      on_update: ['OnUpdate']
    })
  )

const services: Convert = v =>
  blocks(v).map(s =>
    mapFields(s, {
      port: ['PortLabel'],
      tags: ['Tags'],
      canary_tags: ['CanaryTags'],
      meta: ['Meta', stringMap],
      canary_meta: ['CanaryMeta', stringMap],
      check: ['Checks', checks]
    })
  )

const networks: Convert = v =>
  blocks(v).map(n => {
    const ports = labelled(n.port)
    const port = ([label, p]: [string, Loose]): Loose => ({
      Label: label,
      Value: p.static ?? 0,
      To: p.to ?? 0,
      HostNetwork: p.host_network ?? 'default'
    })
    const { port: _port, ...rest } = n
    return {
      ...mapFields(rest, { mode: ['Mode'] }),
      DynamicPorts: ports.filter(([, p]) => p.static === undefined).map(port),
      ReservedPorts: ports.filter(([, p]) => p.static !== undefined).map(port)
    }
  })

const policy: Convert = v =>
  mapFields(first(v), {
    interval: ['Interval', duration],
    delay: ['Delay', duration],
    max_delay: ['MaxDelay', duration],
    delay_function: ['DelayFunction']
  })

const templates: Convert = v =>
  blocks(v).map(t =>
    mapFields(t, {
      data: ['EmbeddedTmpl'],
      destination: ['DestPath'],
      source: ['SourcePath'],
      change_mode: ['ChangeMode'],
      env: ['Envvars'],
      splay: ['Splay', duration]
    })
  )

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
