import type { SimulationResult } from './simulate.js'
import type { ClusterSpec } from './spec.js'

const at = (ms: number, t0: number): string => {
  const d = (ms - t0) / 1000
  return `${d >= 0 ? '+' : '−'}${Math.abs(d).toFixed(1).padStart(5)} s`
}

/** The rehearsal's report: placement, timeline, per-service availability, verdict. Plain text lines. */
export function renderNodeEvent(spec: ClusterSpec, r: SimulationResult): string[] {
  const lines: string[] = []
  const what = r.event.kind === 'lose' ? `losing ${r.event.node}` : `draining ${r.event.node}`
  lines.push(
    `Simulated cluster: ${spec.nodes.join(', ')} — each a Consul and Nomad server and client, Traefik behind the load balancer (${spec.lb.source}: ${spec.lb.unhealthyThreshold} failed checks, ${spec.lb.intervalMs / 1000} s apart).`
  )
  lines.push(
    `Traefik reads Consul's catalog ${spec.traefik.watch ? `by watching it (applied within ${spec.traefik.throttleMs / 1000} s)` : `every ${spec.traefik.refreshIntervalMs / 1000} s (polling; --providers.consulcatalog.watch is off)`} (${spec.traefik.source}).`
  )
  lines.push(`Raft leader before the event: ${r.leader}.`)
  lines.push('Placement (deterministic: spread over nodes, then fewest allocations, then name):')
  for (const node of spec.nodes) {
    const here = r.placement.filter(i => i.node === node).map(i => i.id)
    lines.push(`  ${node}: ${here.length === 0 ? '(none)' : here.join(', ')}, traefik`)
  }
  lines.push(
    `Timeline of ${what} (cluster time from the event; one request per service every 100 ms):`
  )
  for (const e of r.timeline) lines.push(`  ${at(e.atMs, r.atMs)}  ${e.text}`)
  lines.push(`Availability from the event to ${at(r.endMs, r.atMs)}:`)
  const width = Math.max(...r.services.map(s => s.service.name.length), 7)
  lines.push(`  ${'service'.padEnd(width)}  ${'instances'.padEnd(29)}  served   lost  verdict`)
  for (const s of r.services) {
    const moved = `${s.before.join('+')} → ${s.after.join('+')}`
    lines.push(
      `  ${s.service.name.padEnd(width)}  ${moved.padEnd(29)}  ${String(s.served).padStart(6)}  ${String(s.lost).padStart(5)}  ${s.ok ? 'ok' : '✖'} ${s.verdict}`
    )
    for (const [why, n] of Object.entries(s.lostBy))
      lines.push(
        `  ${''.padEnd(width)}  ${''.padEnd(29)}  ${''.padStart(6)}  ${String(n).padStart(5)}  lost: ${why}`
      )
  }
  lines.push(
    `Raft quorum: ${r.quorum.left} of ${r.quorum.servers} servers, ${r.quorum.needed} needed → ${r.quorum.kept ? 'kept' : 'LOST'}.`
  )
  const failed = r.services.filter(s => !s.ok).map(s => s.service.name)
  lines.push(
    r.ok
      ? `Rehearsal passed: the cluster survives ${what}.`
      : `Rehearsal failed: ${failed.length > 0 ? failed.join(', ') : 'quorum'} would not survive ${what}.`
  )
  return lines
}
