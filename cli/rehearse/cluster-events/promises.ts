/**
 * What the README promises about losing or draining a node, written once: the node-event
 * rehearsal judges against these numbers (simulate.ts), `rehearse --help` quotes them, and the
 * README's table is generated from them and from the rehearsal's own measurements
 * (readme-numbers.ts; a test fails when the README says anything else).
 */
const min = 60_000

export const PROMISES = {
  /** A replicated service (count ≥ 2) in a drain: requests it may lose. */
  drainReplicatedLostRequests: 0,
  /**
   * The single writer on a volume (package-site, count = 1, no canary) in a drain: the longest it
   * may answer nothing while the old allocation stops, the volume moves and the new one passes its
   * check.
   */
  drainSingleWriterDownMs: 2 * min,
  /** A replicated service when a node is lost: time it may be without a healthy instance. */
  loseReplicatedNoHealthyMs: 0,
  /**
   * The single writer when its node is lost, worst case: the node held the Raft leader, so Nomad
   * declares it down only after the failover heartbeat TTL (300 s), then the volume moves and the
   * server starts (semantics.ts). A job may set its own with `meta { recovery_time = "…" }`.
   */
  loseSingleWriterDownMs: 7 * min
} as const

/** "2 min", "90 s", "7 min". */
export function span(ms: number): string {
  return ms % min === 0 ? `${ms / min} min` : `${Math.round(ms / 1000)} s`
}

/** The promises in words, as `--help` and the README say them. */
export function promiseWords(): { drain: string; lose: string } {
  return {
    drain: `a replicated service loses ${PROMISES.drainReplicatedLostRequests === 0 ? 'no request' : `at most ${PROMISES.drainReplicatedLostRequests} requests`}; the single writer on a volume (package-site) answers nothing for at most ${span(PROMISES.drainSingleWriterDownMs)} while its volume moves`,
    lose: `a replicated service keeps a healthy instance throughout; the single writer on a volume is back within ${span(PROMISES.loseSingleWriterDownMs)} (the worst case: the node held the Raft leader)`
  }
}
