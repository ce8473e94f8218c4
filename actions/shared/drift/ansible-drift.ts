import type { AnsibleDrift } from '../ansible/check-drift.js'
import type { DriftItem, LayerResult } from './report.js'

/**
 * Ansible's part of the drift report, from the playbook in check mode (actions/shared/ansible's
 * checkAnsibleDrift): a task that would change a host is drift on that host; a failed or
 * unreachable host, or no report at all, makes the layer unknown, unless drift was seen anyway.
 */

const MAX_TASKS = 10

function hostItem(host: string, tasks: readonly string[]): DriftItem {
  const shown = tasks.slice(0, MAX_TASKS).join('; ')
  const more = tasks.length > MAX_TASKS ? ` (+${tasks.length - MAX_TASKS} more)` : ''
  const noun = tasks.length === 1 ? 'task' : 'tasks'
  return { subject: host, detail: `${tasks.length} changed ${noun}: ${shown}${more}` }
}

/** The Ansible layer result from a check-mode run (`counts`: hosts checked and left out, when known). */
export function ansibleLayer(
  drift: AnsibleDrift,
  counts?: { readonly checked: number; readonly notChecked: number }
): LayerResult {
  const items = drift.hosts
    .filter(h => h.changedTasks.length > 0)
    .map(h => hostItem(h.host, h.changedTasks))
  const summary = `${items.length} ${items.length === 1 ? 'host differs' : 'hosts differ'}`
  if (drift.status === 'unknown' && items.length === 0) {
    const partly = counts
      ? `${counts.checked} ${counts.checked === 1 ? 'host' : 'hosts'} in sync, ${counts.notChecked} not checked`
      : undefined
    return {
      layer: 'ansible',
      status: 'unknown',
      summary: partly ?? 'could not be checked',
      items,
      reason: drift.reason
    }
  }
  if (drift.status === 'unknown') {
    const partial = counts
      ? `${summary}, ${counts.notChecked} not checked`
      : `${summary}, not every host could be checked`
    return { layer: 'ansible', status: 'drift', summary: partial, items, reason: drift.reason }
  }
  return { layer: 'ansible', status: items.length > 0 ? 'drift' : 'in-sync', summary, items }
}
