import type { Engine } from './engine.js'
import type { Allocation, TaskGroup } from './types.js'

/**
 * CSI volumes and their claims, as Nomad 2.0.5 handles a `single-node-writer` volume (the package
 * site's): one write claim at a time, taken by the *client* once the allocation is placed, not by
 * the scheduler.
 *
 * - Claim: the allocation runner's CSI hook asks the server (`CSIVolume.Claim`); with a write
 *   claim held by another allocation the server refuses with `ErrCSIVolumeMaxClaims`
 *   ("volume max claims reached": nomad/structs/csi.go `CSIVolume.claimWrite` →
 *   `HasFreeWriteClaims`, which allows one writer for single-node-writer). The client retries:
 *   first at once, then after 2 s, 4 s, 8 s … capped at 1 min, for up to 24 h
 *   (client/allocrunner/csi_hook.go `claimWithRetry`: minBackoffInterval 1 s doubled before
 *   each wait, maxBackoffInterval 1 min, maxBackoffDuration 24 h), logging "volume could not be
 *   claimed because it is in use" with `retry_in`. Meanwhile the allocation stays `pending`.
 * - The health hook starts before the CSI hook (client/allocrunner/alloc_runner_hooks.go: the
 *   health watcher is created before `newCSIHook`), so `healthy_deadline` runs from placement
 *   and must cover the wait, the attach, the image pull and the restore.
 * - Attach: after the claim, the controller publishes (attaches the block device to the droplet)
 *   and the node plugin stages and publishes it: `attachMs`.
 * - Release: when the claiming allocation stops, the client unpublishes, then the server's volume
 *   watcher has the controller detach the device before the claim is freed
 *   (nomad/volumewatcher, `CSIVolume.Unpublish`): `detachMs` after the stop.
 *
 * Placement (placement.ts): a group whose CSI volume does not exist cannot be placed, "missing CSI
 * volume(s) <source>"; a write claim held by an allocation *of the same job* does not block
 * placement, only one of another live job does (scheduler/feasible/feasible.go
 * `CSIVolumeChecker.isFeasible`, v2.0.5). So the replacement of the claimant, or a canary, is
 * placed and then waits on the client until its deadline.
 */

/** A registered CSI volume (`nomad volume create` / `register`). */
export interface SimVolume {
  readonly id: string
  readonly accessMode: 'single-node-writer' | 'multi-node-multi-writer'
  /** The allocation holding the write claim, if any. */
  writer: string | undefined
  /** While the previous writer's device detaches: epoch ms when the claim is free again. */
  releasedAt: number | undefined
}

/** How long the volume's moves take (defaults: a DigitalOcean block-storage volume). */
export interface CsiTimings {
  /** Controller publish + node stage/publish after a claim (default 15 s). */
  readonly attachMs: number
  /** Node unpublish + controller unpublish after the claimant stops (default 20 s). */
  readonly detachMs: number
}

export const DEFAULT_CSI_TIMINGS: CsiTimings = { attachMs: 15_000, detachMs: 20_000 }

/** The backoff of `claimWithRetry` (csi_hook.go, v2.0.5): the wait before attempt n+1. */
export const CLAIM_MIN_BACKOFF_MS = 1_000
export const CLAIM_MAX_BACKOFF_MS = 60_000
export const CLAIM_MAX_DURATION_MS = 24 * 3_600_000

/** Pure: the waits between claim attempts, in order (2 s, 4 s, … 60 s, 60 s …). */
export function claimBackoffs(count: number): number[] {
  const out: number[] = []
  let backoff = CLAIM_MIN_BACKOFF_MS
  for (let i = 0; i < count; i++) {
    if (backoff < CLAIM_MAX_BACKOFF_MS) backoff = Math.min(backoff * 2, CLAIM_MAX_BACKOFF_MS)
    out.push(backoff)
  }
  return out
}

/**
 * Pure: when a writer placed at 0 gets its claim if the previous claim is free at `freeAtMs`:
 * the first attempt at or after it (attempts at 0, 2, 6, 14, 30, 62, 122 … s).
 */
export function claimTimeMs(freeAtMs: number): number {
  let t = 0
  const waits = claimBackoffs(2_000)
  for (let i = 0; t < freeAtMs; i++) t += waits[i] ?? CLAIM_MAX_BACKOFF_MS
  return t
}

/** The group's CSI volume requests: [volume name in the group, source volume ID]. */
export function csiVolumesOf(group: TaskGroup | undefined): { name: string; source: string }[] {
  const volumes = (group?.['Volumes'] ?? null) as Record<
    string,
    { Type?: string; Source?: string; ReadOnly?: boolean }
  > | null
  return Object.entries(volumes ?? {})
    .filter(([, v]) => v.Type === 'csi' && v.ReadOnly !== true)
    .map(([name, v]) => ({ name, source: v.Source ?? '' }))
}

/**
 * The client's CSI hook for a placed allocation: claim (retrying with backoff while another
 * allocation holds the write claim), attach, then `ready()` starts the tasks. Logs what Nomad's
 * client logs.
 */
export function claimThenAttach(
  engine: Engine,
  alloc: Allocation,
  volumeId: string,
  ready: () => void,
  /** The group's healthy_deadline (ns), running since placement; named in the log lines. */
  healthyDeadlineNs = 0
): void {
  const volume = engine.volumes.get(volumeId)
  if (!volume) return
  const started = engine.nowMs()
  const timers = engine.store.extra(alloc.ID).timers
  let attempt = 0
  const deadline = (now: number): string =>
    healthyDeadlineNs > 0
      ? `; ${Math.round((started + healthyDeadlineNs / 1e6 - now) / 1000)} s left of its ${Math.round(healthyDeadlineNs / 1e9)} s healthy_deadline`
      : ''
  const tryClaim = (): void => {
    if (alloc.DesiredStatus !== 'run') return
    const now = engine.nowMs()
    const free =
      volume.accessMode !== 'single-node-writer' ||
      volume.writer === alloc.ID ||
      (volume.writer === undefined && (volume.releasedAt ?? 0) <= now)
    if (free) {
      volume.writer = alloc.ID
      volume.releasedAt = undefined
      // Said only after a wait (a free volume is claimed without a word).
      if (attempt > 0)
        engine.log(
          `client: allocation ${alloc.ID.slice(0, 8)} claimed volume ${volumeId} after ${Math.round((now - started) / 1000)} s (attempt ${attempt + 1}); attaching (${Math.round(engine.csi.attachMs / 1000)} s)${deadline(now)}`
        )
      timers.push(engine.after(engine.csi.attachMs, ready))
      return
    }
    if (now - started >= CLAIM_MAX_DURATION_MS) return
    const wait = claimBackoffs(attempt + 1)[attempt] ?? CLAIM_MAX_BACKOFF_MS
    attempt += 1
    const holder =
      volume.writer === undefined
        ? 'the stopped allocation, still detaching'
        : `allocation ${volume.writer.slice(0, 8)}`
    // Nomad's client logs every retry (at debug level); the first says what is going on.
    if (attempt === 1) {
      engine.log(
        `client: allocation ${alloc.ID.slice(0, 8)}: volume ${volumeId} could not be claimed because it is in use (volume max claims reached: held by ${holder}), retry_in=${wait / 1000}s, backing off to 1 min${deadline(now)}`
      )
    }
    timers.push(engine.after(wait, tryClaim))
  }
  tryClaim()
}

/** The allocation stopped: its write claims are freed once the device has detached. */
export function releaseClaims(engine: Engine, alloc: Allocation): void {
  for (const volume of engine.volumes.values()) {
    if (volume.writer !== alloc.ID) continue
    volume.writer = undefined
    volume.releasedAt = engine.nowMs() + engine.csi.detachMs
  }
}
