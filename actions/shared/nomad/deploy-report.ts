import type { Allocation, Deployment, PlacementFailure } from './types.js'

/** Human lines about a deployment, its allocations and placement failures. Pure. */

const short = (id: string): string => id.slice(0, 8)

/** One line per observed state: per group canaries and allocations, then Nomad's description. */
export function describeProgress(d: Deployment): string {
  const groups = d.groups.map(g => {
    const canaries =
      g.desiredCanaries > 0
        ? `canaries ${g.placedCanaries.length}/${g.desiredCanaries} placed${g.promoted ? ' (promoted)' : ''}, `
        : ''
    return `${g.name}: ${canaries}allocations ${g.placedAllocs}/${g.desiredTotal} placed, ${g.healthyAllocs} healthy, ${g.unhealthyAllocs} unhealthy`
  })
  return `deployment ${short(d.id)} ${d.status}: ${groups.join(' · ')} — ${d.statusDescription}`
}

/** The allocation and its tasks' last events, e.g. image pull failures and exit codes. */
export function describeAllocation(a: Allocation, eventsPerTask = 6): string[] {
  const health =
    a.healthy === false ? 'unhealthy' : a.healthy === true ? 'healthy' : 'health unknown'
  const head =
    `allocation ${short(a.id)} (${a.name || a.taskGroup}, job version ${a.jobVersion}` +
    `${a.nodeName ? `, node ${a.nodeName}` : ''}${a.canary ? ', canary' : ''}): ` +
    `${a.clientStatus}, ${health}${a.clientDescription ? ` — ${a.clientDescription}` : ''}`
  const tasks = a.tasks.flatMap(t => [
    `  task ${t.name}: ${t.state}${t.failed ? ', failed' : ''}${t.restarts > 0 ? `, ${t.restarts} restarts` : ''}`,
    ...t.events
      .slice(-eventsPerTask)
      .map(
        e =>
          `    ${e.time === undefined ? '' : `${new Date(e.time).toISOString()} `}${e.type}${e.message ? `: ${e.message}` : ''}`
      )
  ])
  return [head, ...tasks]
}

function entries(map: Readonly<Record<string, number>>): string[] {
  return Object.entries(map).map(([k, n]) => `${k} on ${n} node${n === 1 ? '' : 's'}`)
}

/** Why a group could not be placed, the way `nomad job run` prints an AllocationMetric. */
export function describePlacementFailure(f: PlacementFailure): string {
  const reasons = [
    ...(f.nodesEvaluated === 0 ? ['no nodes were eligible for evaluation'] : []),
    ...Object.entries(f.nodesAvailable)
      .filter(([, n]) => n === 0)
      .map(([dc]) => `no nodes are available in datacenter "${dc}"`),
    ...entries(f.classFiltered).map(s => `class filtered: ${s}`),
    ...entries(f.constraintFiltered).map(s => `constraint ${s} excluded by filter`),
    ...(f.nodesExhausted > 0
      ? [`resources exhausted on ${f.nodesExhausted} node${f.nodesExhausted === 1 ? '' : 's'}`]
      : []),
    ...entries(f.classExhausted).map(s => `class exhausted: ${s}`),
    ...entries(f.dimensionExhausted).map(s => `dimension "${s.replace(/ on /, '" exhausted on ')}`),
    ...f.quotaExhausted.map(q => `quota limit hit: ${q}`)
  ]
  const coalesced =
    f.coalescedFailures > 0 ? ` (${f.coalescedFailures} more allocations failed the same way)` : ''
  return `group "${f.group}" could not be placed: ${reasons.join('; ') || 'no reason given'}${coalesced}`
}
