import type { Clock } from '../../actions/shared/ports.js'
import { systemClock } from '../../actions/shared/ports.js'

/**
 * A clock that runs `speed` times faster than the wall: the simulated cluster and the deploy loop
 * share it, so a job's 10 s min_healthy_time passes in 1 s of the rehearsal at speed 10, and every
 * deadline keeps its proportion.
 */
export function scaledClock(speed: number, base: Clock = systemClock): Clock {
  const realStart = base.now()
  return {
    now: () => realStart + (base.now() - realStart) * speed,
    sleep: (ms, signal) => base.sleep(ms / speed, signal)
  }
}
