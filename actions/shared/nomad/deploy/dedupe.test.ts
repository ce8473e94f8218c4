import { describe, expect, it } from '@jest/globals'
import { dedupeLines } from './dedupe.js'
import { PROGRESS_REPEAT_MS, shouldLogProgress } from './report.js'

// The lines simulated/csi.ts and report.ts's describeProgress write, as `rehearse --unhealthy
// package-site` printed them (Nomad 2.0.5 simulated CSI volume, single-node-writer).
const wait = (id: string): string =>
  `nomad client: allocation ${id}: volume package-site-data could not be claimed because it is in use (volume max claims reached: held by the stopped allocation, still detaching), retry_in=2s, backing off to 1 min; 300 s left of its 300 s healthy_deadline`
const claim = (id: string, s: number, attempt: number): string =>
  `nomad client: allocation ${id} claimed volume package-site-data after ${s} s (attempt ${attempt}); attaching (15 s); ${300 - s} s left of its 300 s healthy_deadline`
const progress = (d: string, unhealthy: number, replacements: number): string =>
  `deployment ${d} running: package-site: allocations 0/1 healthy${unhealthy > 0 ? `, ${unhealthy} unhealthy` : ''}${replacements > 0 ? `, ${replacements} replacement${replacements > 1 ? 's' : ''} for failed ones` : ''} — Deployment is running`
const id = (i: number): string => (0x10000000 + i).toString(16)

/** A deployment whose allocation and its 14 replacements each wait for the volume. */
function failingRollout(): string[] {
  const lines = [wait(id(0)), progress('3f9f469c', 0, 0), claim(id(0), 30, 5)]
  for (let i = 1; i <= 14; i++) {
    lines.push(progress('3f9f469c', i, i - 1), wait(id(i)), progress('3f9f469c', i, i))
    lines.push(claim(id(i), i === 3 ? 7 : 6, 3))
  }
  lines.push(
    'deployment 3f9f469c failed: package-site: allocations 0/1 healthy, 14 unhealthy, 14 replacements for failed ones — Failed due to progress deadline - rolling back to job version 0',
    'deployment b40aec0c running: package-site: allocations 0/1 healthy — Deployment is running',
    claim(id(99), 30, 5),
    'deployment b40aec0c successful: package-site: allocations 1/1 healthy — Deployment completed successfully'
  )
  return lines
}

describe('dedupeLines: the simulated CSI client lines', () => {
  const input = failingRollout()
  const out = dedupeLines(input)

  it('prints each kind in full for the first allocation, then one line counting the rest', () => {
    expect(input.length).toBe(63)
    expect(out.filter(l => l.includes('could not be claimed'))).toEqual([wait(id(0))])
    // The rollback deployment's first claim is its own story: in full again.
    expect(out.filter(l => / claimed volume /.test(l))).toEqual([
      claim(id(0), 30, 5),
      claim(id(99), 30, 5)
    ])
    expect(out.filter(l => /waited for volume/.test(l))).toEqual([
      'nomad client: … 14 more allocations waited for volume package-site-data the same way; each claimed it after 6–7 s (attempt 3)'
    ])
  })

  it('lets the progress lines that differ only in their counters collapse', () => {
    const running = out.filter(l => / running: /.test(l))
    expect(running.length).toBeLessThanOrEqual(5)
    expect(running).toContain(progress('3f9f469c', 14, 14))
    expect(out.some(l => /… \d+ more like it/.test(l))).toBe(true)
    expect(out.length).toBeLessThanOrEqual(12)
    // The summary is said before the deployment's verdict, which stays last of its deployment.
    const verdict = out.findIndex(l => /3f9f469c failed/.test(l))
    expect(out.findIndex(l => /waited for volume/.test(l))).toBeLessThan(verdict)
    expect(out.at(-1)).toMatch(/b40aec0c successful/)
  })
})

describe('shouldLogProgress: the deploy log (nomad-deploy, the CLI) off a terminal', () => {
  it('logs a change of status or health, and a change of only the failure counters once a minute', () => {
    const logged: string[] = []
    let last: { line: string; at: number } | undefined
    const see = (line: string, at: number): void => {
      if (!shouldLogProgress(line, last, at)) return
      logged.push(line)
      last = { line, at }
    }
    see(progress('3f9f469c', 0, 0), 0)
    // A replacement every 15 s for 10 min: ~80 reads whose lines differ only in their counters.
    for (let i = 1; i <= 40; i++) {
      see(progress('3f9f469c', i, i - 1), i * 15_000)
      see(progress('3f9f469c', i, i), i * 15_000 + 7_000)
    }
    const verdict =
      'deployment 3f9f469c failed: package-site: allocations 0/1 healthy, 40 unhealthy, 40 replacements for failed ones — Failed due to progress deadline - rolling back to job version 0'
    see(verdict, 601_000)
    expect(logged.slice(0, 3)).toEqual([
      progress('3f9f469c', 0, 0),
      progress('3f9f469c', 1, 0),
      progress('3f9f469c', 1, 1)
    ])
    // Then one a minute (10 min), and the verdict whatever its timing.
    expect(logged.length).toBeGreaterThanOrEqual(11)
    expect(logged.length).toBeLessThanOrEqual(14)
    expect(logged.at(-1)).toBe(verdict)
    // The same line twice is never logged twice, however late.
    expect(shouldLogProgress(verdict, { line: verdict, at: 0 }, 10 * PROGRESS_REPEAT_MS)).toBe(
      false
    )
  })
})
