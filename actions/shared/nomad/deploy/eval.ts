import type { NomadClient } from '../client/client.js'
import type { Evaluation } from '../types.js'

/**
 * Follows an evaluation with blocking queries until it is no longer pending, then along NextEval
 * (as `nomad job run` does). Returns the last evaluation; the caller judges it.
 */
export async function followEvaluation(
  client: NomadClient,
  evalId: string,
  remainingMs: () => number,
  /** Follow NextEval (`nomad job run` does). */
  followNext = true
): Promise<Evaluation | undefined> {
  let id = evalId
  let index = 0
  for (;;) {
    if (remainingMs() <= 0) return undefined
    const read = await client.readEvaluation(
      id,
      index > 0 ? { index, waitMs: Math.min(remainingMs(), 60_000) } : undefined
    )
    const ev = read.value
    index = read.index
    if (ev.status === 'pending') continue
    if (
      followNext &&
      ev.status === 'complete' &&
      ev.nextEval !== '' &&
      ev.failedPlacements.length === 0
    ) {
      id = ev.nextEval
      index = 0
      continue
    }
    return ev
  }
}
