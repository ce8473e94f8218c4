import type { HostCheck } from './ansible-drift.js'

/**
 * Reads the `ansible.posix.json` callback's output of a `--check --diff` run into per-host results:
 * the names of tasks that would change each host, unreachable hosts, failed tasks.
 */

type Json = Record<string, unknown>
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const records = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isRecord) : [])

interface Collected {
  changed: string[]
  failed: string[]
  unreachable?: string
}

/** Per-host results from the JSON callback document; throws when it is not one. */
export function readCheckResults(doc: unknown): HostCheck[] {
  if (!isRecord(doc) || !Array.isArray(doc['plays'])) {
    throw new Error('ansible-playbook did not print the JSON callback document (no "plays")')
  }
  const hosts = new Map<string, Collected>()
  const host = (name: string): Collected => {
    const found = hosts.get(name) ?? { changed: [], failed: [] }
    hosts.set(name, found)
    return found
  }
  // Hosts in the recap: a host that ran no task is still a host that was checked.
  if (isRecord(doc['stats'])) for (const name of Object.keys(doc['stats'])) host(name)
  for (const play of records(doc['plays'])) {
    for (const task of records(play['tasks'])) {
      const meta = isRecord(task['task']) ? task['task'] : {}
      const name =
        typeof meta['name'] === 'string' && meta['name'] ? meta['name'] : '(unnamed task)'
      const results = isRecord(task['hosts']) ? task['hosts'] : {}
      for (const [hostName, result] of Object.entries(results)) {
        if (!isRecord(result)) continue
        const entry = host(hostName)
        const msg = typeof result['msg'] === 'string' ? result['msg'].split('\n')[0] : ''
        if (result['unreachable'] === true) entry.unreachable ??= msg || 'unreachable'
        else if (result['failed'] === true && result['ignore_errors'] !== true)
          entry.failed.push(msg ? `${name}: ${msg}` : name)
        else if (result['changed'] === true) entry.changed.push(name)
      }
    }
  }
  return [...hosts.entries()].map(([name, c]) => ({
    host: name,
    changed: c.changed,
    ...(c.unreachable !== undefined ? { unreachable: c.unreachable } : {}),
    ...(c.failed.length > 0 ? { failed: c.failed } : {})
  }))
}
