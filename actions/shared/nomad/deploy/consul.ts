import type { CheckStatuses, ConsulChecks } from './allocs.js'

/**
 * The system-job gate's view of Consul: the checks of each allocation's services. Nomad registers
 * an allocation's Consul services with IDs `_nomad-task-<allocID>-<task or group>-<service>-<port>`
 * (client/serviceregistration/id.go `MakeAllocServiceID`), so one filtered query per allocation
 * finds them: `GET /v1/health/state/any?filter=ServiceID contains "<allocID>"` (Consul's health
 * endpoint with its filter expression). Worst status wins; no check at all leaves the allocation
 * out of the map (not yet registered).
 */
export function createConsulChecks(options: {
  readonly address: string
  readonly token?: string | undefined
  readonly fetch?: typeof fetch
  readonly timeoutMs?: number
}): ConsulChecks {
  const doFetch = options.fetch ?? fetch
  const base = options.address.replace(/\/+$/, '')
  return {
    async statuses(allocationIds: readonly string[]): Promise<CheckStatuses> {
      const out = new Map<string, 'passing' | 'warning' | 'critical'>()
      for (const id of allocationIds) {
        if (!/^[0-9a-f-]+$/i.test(id)) continue
        const filter = encodeURIComponent(`ServiceID contains "${id}"`)
        const headers: Record<string, string> = {}
        if (options.token) headers['X-Consul-Token'] = options.token
        const res = await doFetch(`${base}/v1/health/state/any?filter=${filter}`, {
          headers,
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000)
        })
        if (!res.ok) {
          throw new Error(
            `Consul answered ${res.status} to GET /v1/health/state/any: ${(await res.text()).slice(0, 200)}`
          )
        }
        const checks = (await res.json()) as { Status?: unknown; ServiceID?: unknown }[]
        const mine = checks.filter(c => typeof c.ServiceID === 'string' && c.ServiceID.includes(id))
        if (mine.length === 0) continue
        const statuses = mine.map(c => String(c.Status))
        out.set(
          id,
          statuses.includes('critical')
            ? 'critical'
            : statuses.includes('warning')
              ? 'warning'
              : statuses.every(s => s === 'passing')
                ? 'passing'
                : 'critical'
        )
      }
      return out
    }
  }
}
