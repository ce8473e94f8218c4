/**
 * The JSON stdout callback's document (`ANSIBLE_STDOUT_CALLBACK=json`, ansible.posix.json in
 * ansible-core 2.14) turned into what we report: a per-host recap, the changed tasks per host (drift
 * in check mode) and the failures. Pure: no I/O.
 *
 * Shape (checked against real runs, see fixtures/): `{plays: [{play: {name}, tasks: [{task: {name},
 * hosts: {<host>: <result>}}]}], stats: {<host>: {ok, changed, failures, unreachable, skipped,
 * rescued, ignored}}}`. With `serial`, each batch is a separate entry in `plays`. Handlers appear as
 * tasks. The callback drops the ignore_errors flag, so an ignored failure looks like a real one:
 * `stats.failures` is the truth, and a host's real failures are its last `failures` failed results
 * (Ansible stops a host at its first unignored failure).
 */

import { cutText } from '../cut-text.js'

export interface HostRecap {
  readonly host: string
  readonly ok: number
  readonly changed: number
  readonly failed: number
  readonly unreachable: number
  readonly skipped: number
  readonly rescued: number
  readonly ignored: number
}

export interface TaskChange {
  readonly host: string
  readonly play: string
  readonly task: string
}

export interface TaskFailure {
  readonly host: string
  readonly task: string
  readonly message: string
  readonly unreachable: boolean
}

export interface PlaybookReport {
  readonly recap: readonly HostRecap[]
  readonly changes: readonly TaskChange[]
  readonly failures: readonly TaskFailure[]
}

export type ParsedReport =
  | { readonly ok: true; readonly report: PlaybookReport }
  | { readonly ok: false; readonly reason: string }

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

function count(stats: Json, key: string): number {
  const value = stats[key]
  return typeof value === 'number' && Number.isFinite(value) ? value : 0
}

/** Finds the JSON document in stdout: the callback prints it last, as one object. */
function findDocument(stdout: string): unknown {
  const start = stdout.search(/^\{/m)
  if (start < 0) return undefined
  try {
    return JSON.parse(stdout.slice(start))
  } catch {
    return undefined
  }
}

const MAX_MESSAGE = 400

/** One line; a long one keeps its start and its end, where ssh and modules put the verdict. */
function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim()
  return cutText(oneLine, MAX_MESSAGE, { keep: 'middle', ellipsis: ' … ' })
}

/** A result's reason in one line: msg, else the last stderr line, else the first failed item's. */
export function describeResult(result: Json): string {
  const items = asArray(result['results']).filter(isObject)
  const failedItem = items.find(i => i['failed'] === true || i['unreachable'] === true)
  const msg = typeof result['msg'] === 'string' ? result['msg'] : ''
  if (
    failedItem &&
    (msg === '' || msg === 'One or more items failed' || msg.startsWith('All items'))
  ) {
    const label = failedItem['_ansible_item_label'] ?? failedItem['item']
    const prefix = typeof label === 'string' ? `item ${label}: ` : ''
    return prefix + describeResult(failedItem)
  }
  const stderr = typeof result['stderr'] === 'string' ? result['stderr'].trim() : ''
  const lastStderr = stderr.split('\n').pop() ?? ''
  const text = [msg, lastStderr].filter(t => t !== '').join(': ')
  return shorten(text === '' ? 'failed (no message)' : text)
}

function isUnreachable(result: Json): boolean {
  if (result['unreachable'] === true) return true
  const items = asArray(result['results']).filter(isObject)
  return items.length > 0 && items.every(i => i['unreachable'] === true)
}

interface Outcome {
  readonly host: string
  readonly play: string
  readonly task: string
  readonly result: Json
}

function outcomes(plays: unknown[]): Outcome[] {
  const out: Outcome[] = []
  for (const entry of plays.filter(isObject)) {
    const play = isObject(entry['play']) ? String(entry['play']['name'] ?? '') : ''
    for (const t of asArray(entry['tasks']).filter(isObject)) {
      const task = isObject(t['task']) ? String(t['task']['name'] ?? '') : ''
      const hosts = isObject(t['hosts']) ? t['hosts'] : {}
      for (const [host, result] of Object.entries(hosts)) {
        if (isObject(result)) out.push({ host, play, task, result })
      }
    }
  }
  return out
}

/** The last `n` items of a list (none when n ≤ 0). */
function lastN<T>(items: readonly T[], n: number): T[] {
  return n > 0 ? items.slice(-n) : []
}

/** Parses the callback's stdout into a report, or says why it cannot. */
export function parsePlaybookReport(stdout: string): ParsedReport {
  const doc = findDocument(stdout)
  if (!isObject(doc) || !isObject(doc['stats']) || !Array.isArray(doc['plays'])) {
    return { ok: false, reason: 'no JSON report from ansible-playbook (is the json callback on?)' }
  }
  const stats = doc['stats']
  const recap: HostRecap[] = Object.keys(stats)
    .sort()
    .map(host => {
      const s = isObject(stats[host]) ? stats[host] : {}
      return {
        host,
        ok: count(s, 'ok'),
        changed: count(s, 'changed'),
        failed: count(s, 'failures'),
        unreachable: count(s, 'unreachable'),
        skipped: count(s, 'skipped'),
        rescued: count(s, 'rescued'),
        ignored: count(s, 'ignored')
      }
    })
  const all = outcomes(doc['plays'])
  const changes: TaskChange[] = all
    .filter(o => o.result['changed'] === true && o.result['failed'] !== true)
    .map(o => ({ host: o.host, play: o.play, task: o.task }))
  const failures: TaskFailure[] = recap.flatMap(r => {
    const mine = all.filter(o => o.host === r.host)
    const unreachable = lastN(
      mine.filter(o => isUnreachable(o.result)),
      r.unreachable
    )
    const failed = lastN(
      mine.filter(o => o.result['failed'] === true && !isUnreachable(o.result)),
      r.failed
    )
    return [...failed, ...unreachable].map(o => ({
      host: o.host,
      task: o.task,
      message: describeResult(o.result),
      unreachable: isUnreachable(o.result)
    }))
  })
  return { ok: true, report: { recap, changes, failures } }
}
