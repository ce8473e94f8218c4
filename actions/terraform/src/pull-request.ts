/** The pull request a plan is for: the input, else the triggering pull_request event's number. */
export function pullRequestFromEvent(payload: unknown): number | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined
  const record = payload as Record<string, unknown>
  for (const key of ['pull_request', 'issue']) {
    const holder = record[key]
    if (typeof holder === 'object' && holder !== null) {
      const n = (holder as Record<string, unknown>)['number']
      if (typeof n === 'number' && Number.isInteger(n) && n > 0) return n
    }
  }
  const n = record['number']
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined
}
