import { PROMISES, span } from './promises.js'
import type { ClusterSpec, ServiceSpec } from './spec.js'
import {
  TASK_START_MS,
  consulFailureDetectionMs,
  firstCheckDelayMs,
  heartbeatDeadlineMs,
  leaderElectionMs,
  NOMAD_HEARTBEAT,
  quorum
} from './semantics.js'

/** What happens to the node: an abrupt loss (power off) or a planned drain. */
export interface NodeEvent {
  readonly kind: 'lose' | 'drain'
  readonly node: string
}

export interface SimulationOptions {
  /** Cluster time of the event (ms since all services run). */
  readonly atMs?: number
  /** One request per service this often, through the load balancer. */
  readonly probeEveryMs?: number
}

/** One allocation's life, in cluster time (ms). */
export interface Instance {
  readonly id: string
  readonly service: string
  readonly node: string
  /** Serving requests from … until (container alive). */
  readonly runFromMs: number
  runUntilMs: number
  /** Passing in Consul's catalog from … until (critical or deregistered). */
  readonly passFromMs: number
  passUntilMs: number
  /** The allocation it replaces, if any. */
  readonly replaces?: string
}

export interface TimelineEntry {
  readonly atMs: number
  readonly text: string
}

export interface ServiceOutcome {
  readonly service: ServiceSpec
  readonly before: readonly string[]
  readonly after: readonly string[]
  readonly served: number
  readonly lost: number
  readonly lostBy: Readonly<Record<string, number>>
  /** Longest span with no running, passing instance. */
  readonly noHealthyMs: number
  /** Longest span in which no request could be served. */
  readonly unavailableMs: number
  readonly ok: boolean
  readonly verdict: string
}

export interface SimulationResult {
  readonly event: NodeEvent
  readonly atMs: number
  readonly endMs: number
  readonly leader: string
  readonly quorum: {
    readonly servers: number
    readonly left: number
    readonly needed: number
    readonly kept: boolean
  }
  readonly placement: readonly Instance[]
  readonly timeline: readonly TimelineEntry[]
  readonly services: readonly ServiceOutcome[]
  readonly ok: boolean
}

const NEVER = Number.POSITIVE_INFINITY

/**
 * Deterministic placement, as Nomad's spread on ${node.unique.id} with bin-packing would choose
 * on equal nodes: the node with the fewest allocations of this job, then the fewest in all, then
 * the first by name.
 */
export function choosePlacementNode(
  nodes: readonly string[],
  placed: readonly { node: string; service: string }[],
  service: string
): string | undefined {
  const ranked = [...nodes].sort((a, b) => {
    const ofJob = (n: string): number =>
      placed.filter(p => p.node === n && p.service === service).length
    const all = (n: string): number => placed.filter(p => p.node === n).length
    return ofJob(a) - ofJob(b) || all(a) - all(b) || a.localeCompare(b)
  })
  return ranked[0]
}

/** Where every service's allocations run before the event. */
export function initialPlacement(spec: ClusterSpec): Instance[] {
  const placed: Instance[] = []
  for (const service of spec.services) {
    for (let i = 0; i < service.count; i++) {
      const node = choosePlacementNode(spec.nodes, placed, service.name)
      if (node === undefined) continue
      placed.push({
        id: `${service.name}[${i}]`,
        service: service.name,
        node,
        runFromMs: -NEVER,
        runUntilMs: NEVER,
        passFromMs: -NEVER,
        passUntilMs: NEVER
      })
    }
  }
  return placed
}

const fmt = (ms: number): string => `${(ms / 1000).toFixed(1)} s`

/**
 * Runs the event on the simulated 3-node cluster (Consul and Nomad server + client on each node,
 * Traefik on each node behind the load balancer) and probes every service's route through it.
 * Pure: the same spec and event give the same result.
 */
export function simulateNodeEvent(
  spec: ClusterSpec,
  event: NodeEvent,
  options: SimulationOptions = {}
): SimulationResult {
  const t0 = options.atMs ?? 60_100
  const step = options.probeEveryMs ?? 100
  const X = event.node
  const leader = spec.nodes[0] ?? ''
  const timeline: TimelineEntry[] = []
  const say = (atMs: number, text: string): void => void timeline.push({ atMs, text })
  const instances = initialPlacement(spec)
  const placement = instances.map(i => ({ ...i }))
  const survivors = spec.nodes.filter(n => n !== X)
  const servers = spec.nodes.length
  const left = event.kind === 'lose' ? servers - 1 : servers
  const q = { servers, left, needed: quorum(servers), kept: left >= quorum(servers) }

  /** Where the load balancer stops sending to X's Traefik (never for a drain: Traefik stays). */
  let lbRemovedAtMs = NEVER
  const traefikDeadAtMs = event.kind === 'lose' ? t0 : NEVER
  const replacements: Instance[] = []
  const specOf = (name: string): ServiceSpec => {
    const found = spec.services.find(s => s.name === name)
    if (found === undefined) throw new Error(`no spec for ${name}`)
    return found
  }
  const place = (old: Instance, atMs: number, extraDelayMs: number): Instance => {
    const svc = specOf(old.service)
    const live = [...instances, ...replacements].filter(i => i.node !== X && i.runUntilMs === NEVER)
    const node = choosePlacementNode(survivors, live, old.service) ?? survivors[0] ?? X
    const runFromMs = atMs + extraDelayMs + TASK_START_MS
    const fresh: Instance = {
      id: `${old.id}→${node}`,
      service: old.service,
      node,
      runFromMs,
      runUntilMs: NEVER,
      passFromMs: runFromMs + firstCheckDelayMs(svc.checkIntervalMs),
      passUntilMs: NEVER,
      replaces: old.id
    }
    replacements.push(fresh)
    return fresh
  }

  if (event.kind === 'lose') {
    say(
      t0,
      `${X} is lost (powered off): its Consul and Nomad agents, its Traefik and its allocations stop`
    )
    say(
      t0,
      `Raft: ${left} of ${servers} servers left, quorum is ${q.needed} → ${q.kept ? 'kept' : 'LOST'} (Nomad and Consul alike)`
    )
    const leaderLost = X === leader
    const electedAt = t0 + leaderElectionMs
    if (leaderLost)
      say(
        electedAt,
        `Raft: the leader was on ${X}; ${survivors[0]} is elected leader (Nomad and Consul)`
      )
    const detectedAt = t0 + consulFailureDetectionMs(servers)
    say(detectedAt, `Consul: ${X} failed (Serf/memberlist): its services are critical`)
    for (const i of instances.filter(i => i.node === X)) {
      i.runUntilMs = t0
      i.passUntilMs = detectedAt
    }
    // The load balancer's checks of X fail from t0; it leaves the pool at the threshold-th failure.
    const firstCheck = Math.ceil(t0 / spec.lb.intervalMs) * spec.lb.intervalMs
    lbRemovedAtMs =
      firstCheck + (spec.lb.unhealthyThreshold - 1) * spec.lb.intervalMs + spec.lb.timeoutMs
    say(
      lbRemovedAtMs,
      `Load balancer: ${X} fails ${spec.lb.unhealthyThreshold} health checks and leaves the pool`
    )
    const downAt = leaderLost
      ? electedAt + NOMAD_HEARTBEAT.failoverTtlMs
      : t0 + heartbeatDeadlineMs(spec.nodes.length)
    say(
      downAt,
      leaderLost
        ? `Nomad: the new leader gave every node the failover heartbeat TTL (${fmt(NOMAD_HEARTBEAT.failoverTtlMs)}); ${X} is now down`
        : `Nomad: ${X} missed its heartbeat TTL + grace (${fmt(heartbeatDeadlineMs(spec.nodes.length))}); it is down`
    )
    for (const old of instances.filter(i => i.node === X)) {
      const svc = specOf(old.service)
      const fresh = place(old, downAt, svc.volume ? svc.volumeReattachMs : 0)
      say(
        downAt,
        `Nomad: ${old.id} on ${X} is lost; replacement placed on ${fresh.node}${svc.volume ? ` (waits ${fmt(svc.volumeReattachMs)} for its volume to move)` : ''}`
      )
      say(fresh.runFromMs, `${old.service}: replacement running on ${fresh.node}`)
      say(fresh.passFromMs, `Consul: ${old.service} on ${fresh.node} passes its check`)
    }
  } else {
    say(
      t0,
      `${X} is drained (nomad node drain -enable -ignore-system): service allocations move away, Traefik keeps serving on ${X}`
    )
    say(
      t0,
      `Raft: ${servers} of ${servers} servers stay (a drain stops no agent); quorum is ${q.needed}`
    )
    for (const svc of spec.services) {
      let at = t0
      for (let guard = 0; guard < 100; guard++) {
        const all = [...instances, ...replacements].filter(i => i.service === svc.name)
        const onX = all.filter(
          i => i.node === X && i.runUntilMs === NEVER && i.passUntilMs === NEVER
        )
        if (onX.length === 0) break
        // watch_jobs.go handleTaskGroup: healthy − (count − max_parallel) may go now.
        const healthy = all.filter(
          i => i.passUntilMs === NEVER && i.passFromMs + svc.migrate.minHealthyTimeMs <= at
        ).length
        const n = Math.min(onX.length, healthy - (svc.count - svc.migrate.maxParallel))
        if (n <= 0) {
          say(
            at,
            `Nomad: ${svc.name} cannot migrate (no healthy allocation to spare); the drain waits`
          )
          break
        }
        let next = at
        for (const old of onX.slice(0, n)) {
          old.passUntilMs = at
          old.runUntilMs = at + svc.shutdownDelayMs
          const fresh = place(old, at, svc.volume ? svc.volumeReattachMs : 0)
          say(
            at,
            `Nomad: migrating ${old.id}: deregistered from Consul now, stopped after shutdown_delay ${fmt(svc.shutdownDelayMs)}; replacement placed on ${fresh.node}`
          )
          say(fresh.passFromMs, `Consul: ${svc.name} on ${fresh.node} passes its check`)
          next = Math.max(next, fresh.passFromMs + svc.migrate.minHealthyTimeMs)
        }
        at = next
      }
    }
  }

  const all = [...instances, ...replacements]
  const lastChange = Math.max(
    t0,
    ...all
      .flatMap(i => [i.runFromMs, i.passFromMs, i.runUntilMs, i.passUntilMs])
      .filter(Number.isFinite),
    Number.isFinite(lbRemovedAtMs) ? lbRemovedAtMs : t0
  )
  const endMs = lastChange + spec.traefik.refreshIntervalMs + spec.traefik.throttleMs + 10_000

  /** The Consul state Traefik's routing table reflects at `t`. */
  const traefikSeesAt = (t: number): number =>
    spec.traefik.watch
      ? t - spec.traefik.throttleMs
      : Math.floor(t / spec.traefik.refreshIntervalMs) * spec.traefik.refreshIntervalMs
  const passing = (i: Instance, t: number): boolean => i.passFromMs <= t && t < i.passUntilMs
  const running = (i: Instance, t: number): boolean => i.runFromMs <= t && t < i.runUntilMs

  const outcomes: ServiceOutcome[] = []
  const routeLog: TimelineEntry[] = []
  for (const svc of spec.services) {
    const mine = all.filter(i => i.service === svc.name)
    let served = 0
    const lostBy: Record<string, number> = {}
    let counter = 0
    let noHealthy = 0
    let worstNoHealthy = 0
    let unavailable = 0
    let worstUnavailable = 0
    let lastRoutes = ''
    for (let t = t0; t < endMs; t += step) {
      const routes = mine.filter(i => passing(i, traefikSeesAt(t)))
      const key = routes.map(r => r.node).join(', ')
      if (key !== lastRoutes && t > t0) {
        routeLog.push({
          atMs: t,
          text: `Traefik: ${svc.name} routes → ${key === '' ? 'none (503)' : key}`
        })
      }
      lastRoutes = key
      const healthyNow = mine.some(i => running(i, t) && passing(i, t))
      noHealthy = healthyNow ? 0 : noHealthy + step
      worstNoHealthy = Math.max(worstNoHealthy, noHealthy)
      const canServe = routes.some(i => running(i, t))
      unavailable = canServe ? 0 : unavailable + step
      worstUnavailable = Math.max(worstUnavailable, unavailable)
      // One request: the load balancer picks a node in its pool, that node's Traefik an instance.
      const pool = spec.nodes.filter(n => n !== X || t < lbRemovedAtMs)
      const entry = pool[counter % pool.length]
      const route = routes[Math.floor(counter / pool.length) % Math.max(1, routes.length)]
      counter++
      const lose = (why: string): void => void (lostBy[why] = (lostBy[why] ?? 0) + 1)
      if (entry === X && t >= traefikDeadAtMs) lose(`load balancer → ${X}'s dead Traefik`)
      else if (route === undefined) lose('no route in Traefik (503)')
      else if (!running(route, t)) lose(`Traefik → stopped instance on ${route.node} (502)`)
      else served++
    }
    const lost = Object.values(lostBy).reduce((a, b) => a + b, 0)
    const kept = worstNoHealthy === 0
    const inBudget = worstUnavailable <= svc.recoveryBudgetMs
    // A drain (promises.ts, as the README says): a replicated service loses no request; the one
    // writer on a volume (one instance on purpose) may answer nothing while it moves, for at most
    // the promised time.
    const singleWriter = svc.volume && svc.count === 1
    const byDesign = singleWriter && worstUnavailable <= PROMISES.drainSingleWriterDownMs
    const drainOk =
      event.kind === 'lose' ||
      (singleWriter ? byDesign : lost <= PROMISES.drainReplicatedLostRequests)
    const ok = (kept || inBudget) && drainOk
    const after = mine.filter(i => i.runUntilMs === NEVER).map(i => i.node)
    outcomes.push({
      service: svc,
      before: placement.filter(i => i.service === svc.name).map(i => i.node),
      after,
      served,
      lost,
      lostBy,
      noHealthyMs: worstNoHealthy,
      unavailableMs: worstUnavailable,
      ok,
      verdict: !drainOk
        ? singleWriter
          ? `FAILED: no answer for ${fmt(worstUnavailable)} while its volume moved; a drain allows ${span(PROMISES.drainSingleWriterDownMs)} (README)`
          : `FAILED: a drain must lose no request of a replicated service, ${lost} lost`
        : event.kind === 'drain' && lost > 0
          ? `no answer for ${fmt(worstUnavailable)} while its one writer's volume moved (${lost} requests), within the ${span(PROMISES.drainSingleWriterDownMs)} a drain allows (README)`
          : kept
            ? 'kept a healthy instance throughout'
            : inBudget
              ? `no healthy instance for ${fmt(worstNoHealthy)}, back within its recovery time (${fmt(svc.recoveryBudgetMs)}: ${svc.budgetSource})`
              : `FAILED: unavailable for ${fmt(worstUnavailable)}; allowed ${fmt(svc.recoveryBudgetMs)} (${svc.budgetSource})`
    })
  }
  const merged = [...timeline, ...routeLog].sort((a, b) => a.atMs - b.atMs)
  return {
    event,
    atMs: t0,
    endMs,
    leader,
    quorum: q,
    placement,
    timeline: merged,
    services: outcomes,
    ok: q.kept && outcomes.every(o => o.ok)
  }
}
