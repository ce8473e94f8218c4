import type { Allocation, Deployment, DeploymentGroup, PlacementFailure } from '../types.js'

/** Human lines about a deployment, its allocations and placement failures. Pure. */

const short = (id: string): string => id.slice(0, 8)

/**
 * Nomad's description, in words for a tool that promotes by itself: "requires manual promotion"
 * (structs.DeploymentStatusDescriptionRunningNeedsPromotion, nomad/structs/deployment.go) is
 * addressed to a person at `nomad deployment promote`; this deploy does the promotion.
 */
function describeStatus(d: Deployment): string {
  const waitingCanaries = d.groups.filter(
    g => g.desiredCanaries > 0 && !g.promoted && g.healthyAllocs < g.desiredCanaries
  )
  if (d.statusDescription === 'Deployment is running but requires manual promotion') {
    return waitingCanaries.length > 0
      ? 'waiting for the canaries to turn healthy; this deploy then promotes them'
      : 'canaries healthy: this deploy promotes them'
  }
  return d.statusDescription
}

/**
 * One group's progress against what the deployment wants. Nomad's counters are not "x of y":
 * `PlacedAllocs` grows by one for every allocation placed in the deployment, replacements of failed
 * ones included, and `PlacedCanaries` lists every canary ever placed (nomad/state/state_store.go
 * `updateDeploymentWithAlloc`); with a progress_deadline an unhealthy allocation is rescheduled
 * rather than failing the deployment (nomad/deploymentwatcher/deployment_watcher.go
 * `shouldFailEarly`), so a crashing version shows e.g. 29 placed for 1 desired. We say "healthy of
 * wanted" and count the rest as replacements.
 */
export function describeGroup(g: DeploymentGroup): string {
  const canaryPhase = g.desiredCanaries > 0 && !g.promoted
  const wanted = canaryPhase ? g.desiredCanaries : g.desiredTotal
  const placed = canaryPhase ? g.placedCanaries.length : g.placedAllocs
  const noun = canaryPhase ? (wanted === 1 ? 'canary' : 'canaries') : 'allocations'
  const parts = [`${noun} ${Math.min(g.healthyAllocs, wanted)}/${wanted} healthy`]
  if (placed < wanted) parts.push(`${placed}/${wanted} placed`)
  if (g.unhealthyAllocs > 0) parts.push(`${g.unhealthyAllocs} unhealthy`)
  if (placed > wanted) {
    const n = placed - wanted
    parts.push(`${n} replacement${n === 1 ? '' : 's'} for failed ones`)
  }
  const promoted = g.desiredCanaries > 0 && g.promoted ? ' (canary promoted)' : ''
  return `${g.name}: ${parts.join(', ')}${promoted}`
}

/** One line per observed state: each group against what it wants, then what Nomad says. */
export function describeProgress(d: Deployment): string {
  return `deployment ${short(d.id)} ${d.status}: ${d.groups.map(describeGroup).join(' · ')} — ${describeStatus(d)}`
}

/**
 * How often the deploy log repeats a progress line whose only news is in its unhealthy/replacement
 * counters (a job that reschedules every 15 s without limit changes them ~40 times in a 10 min
 * progress_deadline).
 */
export const PROGRESS_REPEAT_MS = 60_000

/** Pure: the progress line without its counters of failures (whether there are any stays). */
export function progressKey(line: string): string {
  return line
    .replace(/, \d+ unhealthy/g, ', unhealthy')
    .replace(/, \d+ replacements? for failed ones/g, ', replacements for failed ones')
}

/**
 * Pure: whether the deploy loop logs this progress line, given the last one it logged (and when):
 * when the status, a healthy or placed count, Nomad's description or the presence of failures
 * changed, and otherwise at most once per PROGRESS_REPEAT_MS while only the counters move.
 */
export function shouldLogProgress(
  line: string,
  last: { readonly line: string; readonly at: number } | undefined,
  now: number
): boolean {
  if (last === undefined) return true
  if (line === last.line) return false
  return progressKey(line) !== progressKey(last.line) || now - last.at >= PROGRESS_REPEAT_MS
}

/** Healthy and wanted allocations over every group (for a status line: "1/2 healthy"). */
export function healthCounts(d: Deployment): { healthy: number; wanted: number } {
  let healthy = 0
  let wanted = 0
  for (const g of d.groups) {
    const w = g.desiredCanaries > 0 && !g.promoted ? g.desiredCanaries : g.desiredTotal
    wanted += w
    healthy += Math.min(g.healthyAllocs, w)
  }
  return { healthy, wanted }
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
