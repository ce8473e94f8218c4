/**
 * The timings the node-loss/drain rehearsal uses, each from the upstream source or doc that sets
 * it (read at the commits named in the README's "Checking a job-file change" section). Values a
 * job file or terraform/ sets are read from there instead (see read-cluster.ts); these are the
 * defaults when they are absent, and the facts of the agents we do not configure.
 */

import { PROMISES } from './promises.js'

const s = 1000

/**
 * Nomad servers expect a heartbeat within the TTL plus a grace period, else the node is `down`.
 * hashicorp/nomad nomad/heartbeat.go `resetHeartbeatTimer`: ttl = RateScaledInterval(
 * MaxHeartbeatsPerSecond, MinHeartbeatTTL, nodes) + HeartbeatGrace; helper/cluster.go
 * `RateScaledInterval` = max(min, nodes / rate s); nomad/config.go `DefaultConfig`:
 * MinHeartbeatTTL 10 s, MaxHeartbeatsPerSecond 50, HeartbeatGrace 10 s.
 */
export const NOMAD_HEARTBEAT = {
  minTtlMs: 10 * s,
  maxHeartbeatsPerSecond: 50,
  graceMs: 10 * s,
  /**
   * A new leader resets every node's timer to FailoverHeartbeatTTL (nomad/heartbeat.go
   * `initializeHeartbeatTimers`; nomad/config.go: 300 s): losing the leader's node means the
   * lost node itself is only declared down after five minutes.
   */
  failoverTtlMs: 300 * s
} as const

/** heartbeat.go's TTL for a cluster of `nodes` clients, grace included (worst case: the last heartbeat just before the loss). */
export function heartbeatDeadlineMs(nodes: number): number {
  const ttl = Math.max(
    NOMAD_HEARTBEAT.minTtlMs,
    (nodes / NOMAD_HEARTBEAT.maxHeartbeatsPerSecond) * 1000
  )
  return ttl + NOMAD_HEARTBEAT.graceMs
}

/**
 * Raft (hashicorp/raft config.go `DefaultConfig`: HeartbeatTimeout 1 s, ElectionTimeout 1 s;
 * Nomad multiplies both by raft_multiplier, default 1, command/agent/agent.go). A follower
 * waits up to 2 × HeartbeatTimeout (randomised) before standing; one election round follows.
 * Quorum is floor(n / 2) + 1 voters.
 */
export const RAFT = { heartbeatTimeoutMs: 1 * s, electionTimeoutMs: 1 * s } as const
export const quorum = (servers: number): number => Math.floor(servers / 2) + 1
export const leaderElectionMs = RAFT.heartbeatTimeoutMs * 2 + RAFT.electionTimeoutMs

/**
 * Consul notices a dead agent through Serf/memberlist (hashicorp/memberlist config.go
 * `DefaultLANConfig`: ProbeInterval 1 s, ProbeTimeout 500 ms, SuspicionMult 4). The suspicion
 * timeout is util.go `suspicionTimeout` = SuspicionMult × max(1, log10(n)) × ProbeInterval; with
 * 3 members state.go `probeNode` expects no confirmations (n − 2 < SuspicionMult − 2), so the
 * minimum applies. Then the node's serfHealth check is critical and every service on it with it.
 */
export function consulFailureDetectionMs(members: number): number {
  const probeIntervalMs = 1 * s
  const probeTimeoutMs = 500
  const suspicionMult = 4
  const suspicion = suspicionMult * Math.max(1, Math.log10(Math.max(1, members))) * probeIntervalMs
  return probeIntervalMs + probeTimeoutMs + Math.round(suspicion)
}

/**
 * A new service's HTTP check first runs after a random stagger within its interval (hashicorp/
 * consul agent/checks/check.go `CheckHTTP.run`: `lib.RandomStagger(c.Interval)`); the rehearsal
 * takes the worst case, one whole interval.
 */
export const firstCheckDelayMs = (intervalMs: number): number => intervalMs

/**
 * Traefik's Consul Catalog provider (traefik/traefik pkg/provider/consulcatalog/
 * consul_catalog.go `SetDefaults`: RefreshInterval 15 s, Watch false; `Provide`: without watch
 * it polls with `repeatSend(RefreshInterval)`, with watch it follows Consul's blocking queries on
 * services and checks). Either way a new configuration is applied at most once per
 * providersThrottleDuration (cmd/configuration.go: 2 s). StrictChecks default passing+warning
 * (config.go `defaultStrictChecks`): a critical instance leaves the route.
 */
export const TRAEFIK_DEFAULTS = { refreshIntervalMs: 15 * s, throttleMs: 2 * s } as const

/**
 * Nomad's drain (hashicorp/nomad nomad/drainer/watch_jobs.go `handleTaskGroup`): per group,
 * numToDrain = healthy − (count − migrate.max_parallel); the scheduler places the replacement and
 * stops the old allocation in one plan. Defaults: nomad/structs/structs.go
 * `DefaultMigrateStrategy`: MaxParallel 1, MinHealthyTime 10 s, HealthyDeadline 5 m.
 */
export const MIGRATE_DEFAULTS = { maxParallel: 1, minHealthyTimeMs: 10 * s } as const

/**
 * A lost allocation is replaced at once, without the reschedule delay (hashicorp/nomad
 * scheduler/reconciler/reconcile_cluster.go `computePlacements`: "Add replacements for lost
 * allocs up to group.Count"), unless the group's disconnect block delays it. The service
 * reschedule policy (structs.go `DefaultServiceJobReschedulePolicy`: delay 30 s, exponential,
 * unlimited) applies to *failed* allocations, not to lost ones.
 */
export const SERVICE_RESCHEDULE_DELAY_MS = 30 * s

/** Time from placement to a running container on a node that has the image (our assumption, not upstream's). */
export const TASK_START_MS = 5 * s

/**
 * A single-writer CSI volume must be released by the lost node and attached to the new one
 * before the replacement starts (Nomad's volume watcher frees the claim of a lost allocation;
 * the DigitalOcean CSI plugin detaches and attaches the block volume). The rehearsal assumes 60 s
 * unless the job says `meta { volume_reattach = "…" }`.
 */
export const VOLUME_REATTACH_DEFAULT_MS = 60 * s

/**
 * How long a service may be without a healthy instance. A service with a single-writer volume
 * (issue #15's package site) has, by design, one instance: its documented recovery time is the
 * job's `meta { recovery_time = "…" }`, else this default — Nomad's worst case for a lost node:
 * the node held the Raft leader, so the lost node is declared down only after the failover
 * heartbeat TTL (300 s) plus an election, then the volume moves (60 s), the task starts, its first
 * check passes and Traefik routes to it: ≈ 6.5 min, rounded up to 7. Every other service: zero —
 * it must keep a healthy instance.
 */
export const VOLUME_RECOVERY_DEFAULT_MS = PROMISES.loseSingleWriterDownMs

/**
 * The load balancer's health check (terraform/load-balancer.tf `healthcheck`; DigitalOcean
 * provider docs, digitalocean_loadbalancer: a droplet leaves the pool after
 * `unhealthy_threshold` failed checks, `check_interval_seconds` apart). Used when terraform/ cannot be read.
 */
export const LB_DEFAULTS = { intervalMs: 10 * s, unhealthyThreshold: 3, timeoutMs: 5 * s } as const
