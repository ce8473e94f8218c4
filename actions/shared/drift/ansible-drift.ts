import type { DriftItem, LayerResult } from './report.js'

/**
 * Ansible's part of the drift report: the playbook in check mode; a task that would change a host is
 * drift on that host. An unreachable host or a failed task means that host could not be checked.
 */

export interface HostCheck {
  readonly host: string
  /** Names of the tasks that would change something. */
  readonly changed: readonly string[]
  /** Set when the host could not be reached (SSH failed). */
  readonly unreachable?: string
  /** Tasks that failed in check mode (their names and messages). */
  readonly failed?: readonly string[]
}

const MAX_TASKS = 10

function hostItem(host: HostCheck): DriftItem | undefined {
  if (host.changed.length === 0) return undefined
  const shown = host.changed.slice(0, MAX_TASKS).join('; ')
  const more = host.changed.length > MAX_TASKS ? ` (+${host.changed.length - MAX_TASKS} more)` : ''
  const noun = host.changed.length === 1 ? 'task' : 'tasks'
  return { subject: host.host, detail: `${host.changed.length} changed ${noun}: ${shown}${more}` }
}

/** The Ansible layer result from a check-mode run's per-host results. */
export function ansibleLayer(hosts: readonly HostCheck[]): LayerResult {
  if (hosts.length === 0) {
    return {
      layer: 'ansible',
      status: 'unknown',
      summary: 'no hosts were checked',
      items: [],
      reason: 'the inventory matched no hosts'
    }
  }
  const items = hosts.flatMap(h => hostItem(h) ?? [])
  const problems = hosts.flatMap(h => [
    ...(h.unreachable !== undefined ? [`${h.host} unreachable: ${h.unreachable}`] : []),
    ...(h.failed ?? []).map(f => `${h.host}: ${f}`)
  ])
  const reason = problems.length > 0 ? problems.slice(0, 5).join('; ') : undefined
  const parts = [`${items.length} of ${hosts.length} hosts differ`]
  const unchecked = hosts.filter(h => h.unreachable !== undefined || (h.failed ?? []).length > 0)
  if (unchecked.length > 0) parts.push(`${unchecked.length} could not be fully checked`)
  const status = items.length > 0 ? 'drift' : reason !== undefined ? 'unknown' : 'in-sync'
  return {
    layer: 'ansible',
    status,
    summary: parts.join(', '),
    items,
    ...(reason ? { reason } : {})
  }
}
