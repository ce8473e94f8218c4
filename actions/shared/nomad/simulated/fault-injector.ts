/** A fault the simulated HTTP layer injects on matching requests. */
export interface FaultRule {
  /** Only this HTTP method (default: any). */
  readonly method?: string
  /** Path prefix (string) or pattern (RegExp) matched against the URL path. */
  readonly path: string | RegExp
  /** Answer with this status instead (500, 502, 503, 429, …). */
  readonly status?: number
  /** Body for `status` (default: a realistic text per status). */
  readonly body?: string
  /** Destroy the connection without answering (ECONNRESET at the client). */
  readonly reset?: boolean
  /** Delay before handling, in real milliseconds. */
  readonly delayMs?: number
  /** Fire at most this many times (default: unlimited). */
  readonly times?: number
  /** Chance (0–1) that a matching request is hit (default 1), drawn from the seeded RNG. */
  readonly probability?: number
  /** `before` (default): the request never reaches the cluster; `after`: it does, then the answer is lost. */
  readonly when?: 'before' | 'after'
}

/** The fault to apply to one request. */
export interface FaultHit {
  readonly rule: FaultRule
  readonly delayMs: number
  readonly when: 'before' | 'after'
}

const DEFAULT_BODIES: Readonly<Record<number, string>> = {
  429: 'Your IP is issuing too many concurrent connections, please rate limit your calls\n',
  500: 'No cluster leader',
  502: 'Bad Gateway',
  503: 'Service Unavailable'
}

/** Default body for an injected status. */
export function faultBody(rule: FaultRule): string {
  return rule.body ?? DEFAULT_BODIES[rule.status ?? 500] ?? 'injected fault'
}

/** Deterministic RNG (mulberry32) so "20% faults" runs are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Holds the rules and their remaining counts; picks the fault for a request. */
export class FaultInjector {
  readonly #rules: { rule: FaultRule; remaining: number }[] = []
  readonly #random: () => number

  constructor(rules: readonly FaultRule[] = [], seed = 1) {
    this.#random = seededRandom(seed)
    for (const r of rules) this.add(r)
  }

  add(rule: FaultRule): void {
    this.#rules.push({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY })
  }

  clear(): void {
    this.#rules.length = 0
  }

  /** The first matching rule that fires for this request, if any (consumes one of its `times`). */
  pick(method: string, path: string): FaultHit | undefined {
    for (const entry of this.#rules) {
      const { rule } = entry
      if (entry.remaining <= 0) continue
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue
      const hit = typeof rule.path === 'string' ? path.startsWith(rule.path) : rule.path.test(path)
      if (!hit) continue
      if (rule.probability !== undefined && this.#random() >= rule.probability) continue
      entry.remaining -= 1
      return { rule, delayMs: rule.delayMs ?? 0, when: rule.when ?? 'before' }
    }
    return undefined
  }
}
