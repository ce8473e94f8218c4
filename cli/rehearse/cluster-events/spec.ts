import { parseDuration } from '../../../actions/shared/inputs.js'
import {
  LB_DEFAULTS,
  MIGRATE_DEFAULTS,
  TRAEFIK_DEFAULTS,
  VOLUME_REATTACH_DEFAULT_MS,
  VOLUME_RECOVERY_DEFAULT_MS
} from './semantics.js'

/** One service job as the rehearsal needs it, read from its real job file. */
export interface ServiceSpec {
  readonly name: string
  readonly jobFile: string
  readonly count: number
  readonly shutdownDelayMs: number
  readonly checkIntervalMs: number
  readonly migrate: { readonly maxParallel: number; readonly minHealthyTimeMs: number }
  /** A single-writer CSI volume: a replacement waits for the volume to move. */
  readonly volume: boolean
  readonly volumeReattachMs: number
  /** How long the service may be without a healthy instance (0: never). */
  readonly recoveryBudgetMs: number
  /** Where the budget comes from, printed with the verdict. */
  readonly budgetSource: string
}

export interface TraefikSpec {
  readonly watch: boolean
  readonly refreshIntervalMs: number
  readonly throttleMs: number
  readonly source: string
}

export interface LoadBalancerSpec {
  readonly intervalMs: number
  readonly unhealthyThreshold: number
  readonly timeoutMs: number
  readonly source: string
}

export interface ClusterSpec {
  readonly nodes: readonly string[]
  readonly services: readonly ServiceSpec[]
  readonly traefik: TraefikSpec
  readonly lb: LoadBalancerSpec
}

type Loose = Record<string, unknown>
const NS_PER_MS = 1e6

function obj(value: unknown): Loose {
  if (Array.isArray(value)) return obj(value[0])
  return value !== null && typeof value === 'object' ? (value as Loose) : {}
}

function ms(value: unknown, fallback: number): number {
  if (typeof value === 'number') return value / NS_PER_MS
  if (typeof value === 'string') return parseDuration(value) ?? fallback
  return fallback
}

function meta(job: Loose, group: Loose, key: string): string | undefined {
  const value = obj(group['Meta'])[key] ?? obj(job['Meta'])[key]
  return typeof value === 'string' ? value : undefined
}

/** Whether a group mounts a CSI volume (Nomad's `volume "x" { type = "csi" }`). */
function hasCsiVolume(group: Loose): boolean {
  const raw = group['Volumes'] ?? group['Volume']
  return JSON.stringify(raw ?? null).includes('"csi"')
}

/**
 * A service job (the API form of its job file, as `POST /v1/jobs/parse` answers) → what the
 * rehearsal needs. Durations are nanoseconds in the API form.
 */
export function serviceSpec(name: string, jobFile: string, job: Loose): ServiceSpec {
  const groups = Array.isArray(job['TaskGroups']) ? (job['TaskGroups'] as Loose[]) : []
  const group = groups[0] ?? {}
  const services = [
    ...(Array.isArray(group['Services']) ? (group['Services'] as Loose[]) : []),
    ...(Array.isArray(group['Tasks']) ? (group['Tasks'] as Loose[]) : []).flatMap(t =>
      Array.isArray(t['Services']) ? (t['Services'] as Loose[]) : []
    )
  ]
  const checks = services.flatMap(s => (Array.isArray(s['Checks']) ? (s['Checks'] as Loose[]) : []))
  const migrate = obj(group['Migrate'])
  const volume = hasCsiVolume(group)
  const declared = meta(job, group, 'recovery_time')
  const declaredMs = declared === undefined ? undefined : parseDuration(declared)
  const reattach = meta(job, group, 'volume_reattach')
  return {
    name,
    jobFile,
    count: typeof group['Count'] === 'number' ? group['Count'] : 1,
    shutdownDelayMs: ms(group['ShutdownDelay'], 0),
    checkIntervalMs: ms(checks[0]?.['Interval'], 10_000),
    migrate: {
      maxParallel: Number(
        migrate['max_parallel'] ?? migrate['MaxParallel'] ?? MIGRATE_DEFAULTS.maxParallel
      ),
      minHealthyTimeMs: ms(
        migrate['min_healthy_time'] ?? migrate['MinHealthyTime'],
        MIGRATE_DEFAULTS.minHealthyTimeMs
      )
    },
    volume,
    volumeReattachMs:
      (reattach === undefined ? undefined : parseDuration(reattach)) ?? VOLUME_REATTACH_DEFAULT_MS,
    recoveryBudgetMs: declaredMs ?? (volume ? VOLUME_RECOVERY_DEFAULT_MS : 0),
    budgetSource:
      declaredMs !== undefined
        ? `meta.recovery_time = "${declared}" in ${jobFile}`
        : volume
          ? `default for a single-writer volume (${VOLUME_RECOVERY_DEFAULT_MS / 60_000} min; set meta.recovery_time in ${jobFile} to change it)`
          : 'none: it must keep a healthy instance'
  }
}

/** Traefik's provider settings from the arguments of the traefik job's task. */
export function traefikSpec(args: readonly string[], jobFile: string): TraefikSpec {
  const flag = (name: string): string | undefined => {
    const prefix = `--${name.toLowerCase()}`
    for (const arg of args) {
      const [key = '', ...rest] = arg.split('=')
      if (key.toLowerCase() === prefix) return rest.length === 0 ? 'true' : rest.join('=')
    }
    return undefined
  }
  const watch = flag('providers.consulcatalog.watch')
  const refresh = flag('providers.consulcatalog.refreshInterval')
  const throttle = flag('providers.providersThrottleDuration') ?? flag('providersThrottleDuration')
  return {
    watch: watch === 'true',
    refreshIntervalMs:
      (refresh === undefined ? undefined : parseDuration(refresh)) ??
      TRAEFIK_DEFAULTS.refreshIntervalMs,
    throttleMs:
      (throttle === undefined ? undefined : parseDuration(throttle)) ?? TRAEFIK_DEFAULTS.throttleMs,
    source: jobFile
  }
}

/** The load balancer's health check from terraform/'s parsed `healthcheck` block. */
export function loadBalancerSpec(healthcheck: Loose | undefined, source: string): LoadBalancerSpec {
  if (healthcheck === undefined) return { ...LB_DEFAULTS, source: 'defaults (terraform/ not read)' }
  const n = (key: string, fallback: number): number =>
    typeof healthcheck[key] === 'number' ? healthcheck[key] : fallback
  return {
    intervalMs: n('check_interval_seconds', LB_DEFAULTS.intervalMs / 1000) * 1000,
    unhealthyThreshold: n('unhealthy_threshold', LB_DEFAULTS.unhealthyThreshold),
    timeoutMs: n('response_timeout_seconds', LB_DEFAULTS.timeoutMs / 1000) * 1000,
    source
  }
}
