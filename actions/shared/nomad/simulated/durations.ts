/** Go `time.Duration` text ↔ nanoseconds, the way Nomad reads and prints durations. */

const UNIT_NS: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9
}

/** Parses a Go duration (`10s`, `5m`, `1h30m`, `300000ms`) into nanoseconds; undefined if invalid. */
export function parseGoDuration(text: string): number | undefined {
  const trimmed = text.trim()
  if (trimmed === '0') return 0
  const match = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.exec(trimmed)
  if (!match) return undefined
  let total = 0
  for (const part of trimmed.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(part[1]) * (UNIT_NS[part[2] ?? ''] ?? 0)
  }
  return Math.round(match[1] === '-' ? -total : total)
}

/** Prints nanoseconds as Go's `Duration.String()` does (`5m0s`, `10s`, `1h0m0s`, `1.5s`). */
export function formatGoDuration(ns: number): string {
  if (ns === 0) return '0s'
  const sign = ns < 0 ? '-' : ''
  const abs = Math.abs(ns)
  if (abs < 1e9) {
    if (abs < 1e3) return `${sign}${abs}ns`
    if (abs < 1e6) return `${sign}${trimFraction(abs / 1e3)}µs`
    return `${sign}${trimFraction(abs / 1e6)}ms`
  }
  const hours = Math.floor(abs / 3600e9)
  const minutes = Math.floor((abs % 3600e9) / 60e9)
  const seconds = trimFraction((abs % 60e9) / 1e9)
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}s`
  if (minutes > 0) return `${sign}${minutes}m${seconds}s`
  return `${sign}${seconds}s`
}

function trimFraction(value: number): string {
  return String(Number(value.toFixed(9)))
}

/** Milliseconds → nanoseconds (integer). */
export function msToNs(ms: number): number {
  return Math.round(ms * 1e6)
}

/** Nanoseconds → milliseconds. */
export function nsToMs(ns: number): number {
  return ns / 1e6
}
