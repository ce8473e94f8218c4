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

/** A failed allocation's block as report.ts's describeAllocation writes it. */
const block = (alloc: string, n: number, time: string, exit = 1): string[] => [
  `allocation ${alloc} (web[${n}], job version 3, node nomad-1): failed, unhealthy — Failed tasks`,
  '  task web: dead, failed, 2 restarts',
  `    ${time} Terminated: Exit Code: ${exit}, Exit Message: "Docker container exited with non-zero exit code: ${exit}"`,
  `    ${time} Killing: Sent interrupt. Waiting 5s before force killing (alloc ${alloc}-1111-2222-3333-444455556666)`
]
const T1 = '2026-12-08T01:02:03.456Z'
const T2 = '2026-12-08T01:07:59.001Z'

describe('dedupeLines: failed allocations', () => {
  it('says a block equal but for IDs, names and timestamps once, then one line naming the first', () => {
    const out = dedupeLines([
      ...block('1000000a', 0, T1),
      ...block('1000000b', 1, T2),
      ...block('1000000c', 2, T2),
      'deploy failed'
    ])
    expect(out).toEqual([
      ...block('1000000a', 0, T1),
      '2 more allocations failed the same way as 1000000a: 1000000b, 1000000c',
      'deploy failed'
    ])
  })

  it('names three repeats and counts the rest; one repeat is one allocation', () => {
    const ids = ['1000000a', '1000000b', '1000000c', '1000000d', '1000000e', '1000000f']
    expect(dedupeLines(ids.flatMap((id, i) => block(id, i, T1)))).toEqual([
      ...block('1000000a', 0, T1),
      '5 more allocations failed the same way as 1000000a: 1000000b, 1000000c, 1000000d and 2 more'
    ])
    expect(dedupeLines([...block('1000000a', 0, T1), ...block('2000000a', 0, T1)])).toEqual([
      ...block('1000000a', 0, T1),
      '1 more allocation failed the same way as 1000000a: 2000000a'
    ])
  })

  it('keeps different failures apart, each repeat run naming its own first', () => {
    const out = dedupeLines([
      ...block('1000000a', 0, T1),
      ...block('1000000b', 1, T1),
      ...block('2000000a', 0, T1, 137),
      ...block('2000000b', 1, T1, 137),
      ...block('1000000c', 2, T1)
    ])
    expect(out).toEqual([
      ...block('1000000a', 0, T1),
      '1 more allocation failed the same way as 1000000a: 1000000b',
      ...block('2000000a', 0, T1, 137),
      '1 more allocation failed the same way as 2000000a: 2000000b',
      '1 more allocation failed the same way as 1000000a: 1000000c'
    ])
  })

  it('matches through colour and the terminal’s prefixes, and emits the lines as they came', () => {
    const red = (line: string): string => `\x1b[1;31m${line}\x1b[0m`
    const first = block('1000000a', 0, T1).map(l => red(`✖ ${l}`))
    const again = block('1000000b', 1, T1).map(l => `error: ${l}`)
    expect(dedupeLines([...first, ...again, red('✖ done')])).toEqual([
      ...first,
      'error: 1 more allocation failed the same way as 1000000a: 1000000b',
      red('✖ done')
    ])
  })

  it('takes only lines indented by two or more spaces into a block', () => {
    const [head = '', task = ''] = block('1000000a', 0, T1)
    const lines = [head, task, ' one space is not a task line', '  nor is this, after it']
    expect(dedupeLines(lines)).toEqual(lines)
    expect(dedupeLines(['  no block open', head, task])).toEqual(['  no block open', head, task])
  })

  it('keeps a line that only starts like a header ("allocations …") out of the blocks', () => {
    const lines = ['allocations 1000000a failed', 'allocations 1000000a failed']
    expect(dedupeLines(lines)).toEqual(lines)
  })

  it('says nothing for nothing', () => {
    expect(dedupeLines([])).toEqual([])
  })
})

describe('dedupeLines: progress lines', () => {
  const p = (d: string, unhealthy: number, extra = ''): string =>
    `deployment ${d} running: web: allocations 0/1 healthy, ${unhealthy} unhealthy, ${unhealthy} replacement${unhealthy === 1 ? '' : 's'} for failed ones${extra} — Deployment is running`

  it('keeps the first and the last of a run that differs only in its counts, and says how many went', () => {
    const run = [1, 2, 3, 4].map(n => p('3f9f469c', n))
    expect(dedupeLines([...run, 'over'])).toEqual([run[0], '  … 2 more like it', run[3], 'over'])
    expect(dedupeLines(run.slice(0, 2))).toEqual(run.slice(0, 2))
    expect(dedupeLines(run.slice(0, 1))).toEqual(run.slice(0, 1))
  })

  it('starts a new run when anything but the counts changes', () => {
    const lines = [p('3f9f469c', 1), p('3f9f469c', 2, ' (canary promoted)'), p('3f9f469c', 3)]
    expect(dedupeLines(lines)).toEqual(lines)
    const deployments = [p('3f9f469c', 1), p('3f9f469c', 2), p('4f9f469c', 3), p('4f9f469c', 4)]
    expect(dedupeLines(deployments)).toEqual(deployments)
  })

  it('takes only lines that start with the progress words for progress', () => {
    const quoted = `note: ${p('3f9f469c', 1)}`
    expect(dedupeLines([quoted, quoted, quoted])).toEqual([quoted, quoted, quoted])
  })

  it('keeps the prefix on the count line, and a block ends a run', () => {
    const run = [1, 2, 3].map(n => `error: ${p('3f9f469c', n)}`)
    expect(dedupeLines([...run, ...block('1000000a', 0, T1)])).toEqual([
      run[0],
      'error:   … 1 more like it',
      run[2],
      ...block('1000000a', 0, T1)
    ])
  })

  it('ends a repeat run of blocks before the progress line', () => {
    const run = [1, 2].map(n => p('3f9f469c', n))
    expect(dedupeLines([...block('1000000a', 0, T1), ...block('1000000b', 1, T1), ...run])).toEqual(
      [
        ...block('1000000a', 0, T1),
        '1 more allocation failed the same way as 1000000a: 1000000b',
        ...run
      ]
    )
  })
})

describe('dedupeLines: CSI volume client lines', () => {
  const wait = (id: string, volume = 'vol-a'): string =>
    `client: allocation ${id}: volume ${volume} could not be claimed because it is in use, retry_in=2s`
  const claim = (id: string, s: number, attempt: number, volume = 'vol-a'): string =>
    `client: allocation ${id} claimed volume ${volume} after ${s} s (attempt ${attempt}); attaching`

  it('counts the later allocations of one volume into one line, attempts in numeric order', () => {
    const out = dedupeLines([
      wait('1000000a'),
      claim('1000000a', 30, 5),
      wait('1000000b'),
      claim('1000000b', 6, 10),
      wait('1000000c'),
      claim('1000000c', 7, 9),
      wait('1000000d'),
      'a line of its own',
      wait('1000000e')
    ])
    expect(out).toEqual([
      wait('1000000a'),
      claim('1000000a', 30, 5),
      'client: … 3 more allocations waited for volume vol-a the same way; 2 claimed it after 6–7 s (attempt 9, 10)',
      'a line of its own',
      'client: … 1 more allocation waited for volume vol-a the same way'
    ])
  })

  it('says "it" for one claimed, "each" for all, one span for equal times; volumes apart', () => {
    const out = dedupeLines([
      wait('1000000a'),
      claim('1000000a', 30, 5),
      wait('2000000a', 'vol-b'),
      claim('1000000b', 4, 2),
      claim('2000000b', 8, 3, 'vol-b'),
      claim('2000000c', 8, 3, 'vol-b'),
      claim('2000000d', 8, 3, 'vol-b')
    ])
    // The first claim on vol-b is printed as a line of its own, which says vol-a's held lines first.
    expect(out).toEqual([
      wait('1000000a'),
      claim('1000000a', 30, 5),
      wait('2000000a', 'vol-b'),
      'client: … 1 more allocation waited for volume vol-a the same way; it claimed it after 4 s (attempt 2)',
      claim('2000000b', 8, 3, 'vol-b'),
      'client: … 2 more allocations waited for volume vol-b the same way; each claimed it after 8 s (attempt 3)'
    ])
  })

  it('does not break a run of progress lines, and says nothing when nothing was held', () => {
    const p = (n: number): string =>
      `deployment 3f9f469c running: web: allocations 0/1 healthy, ${n} unhealthy — Deployment is running`
    expect(dedupeLines([wait('1000000a'), p(1), wait('1000000b'), p(2), p(3)])).toEqual([
      wait('1000000a'),
      p(1),
      '  … 1 more like it',
      p(3),
      'client: … 1 more allocation waited for volume vol-a the same way'
    ])
    expect(dedupeLines([wait('1000000a'), claim('1000000a', 3, 1), 'x'])).toEqual([
      wait('1000000a'),
      claim('1000000a', 3, 1),
      'x'
    ])
  })

  it('shows the first lines of each deployment in full again, the same deployment’s once', () => {
    const d = (id: string, status = 'running'): string =>
      `deployment ${id} ${status}: web: allocations 0/1 healthy — Deployment is ${status}`
    const out = dedupeLines([
      d('aaaaaaaa'),
      wait('1000000a'),
      d('aaaaaaaa', 'failed'),
      wait('1000000b'),
      d('bbbbbbbb'),
      wait('2000000a')
    ])
    expect(out).toEqual([
      d('aaaaaaaa'),
      wait('1000000a'),
      d('aaaaaaaa', 'failed'),
      'client: … 1 more allocation waited for volume vol-a the same way',
      d('bbbbbbbb'),
      wait('2000000a')
    ])
  })
})

describe('dedupeLines: what counts as the same failure', () => {
  const head = (id: string, n: number): string =>
    `allocation ${id} (website.web[${n}], job version 3, node nomad-1): failed, unhealthy`
  it('masks whole UUIDs, timestamps across a decade, and two-digit indexes', () => {
    const a = [
      head('1000000a', 10),
      '  task web: dead, failed',
      '    2029-12-31T23:59:59.900Z Killing: alloc 1000000a-1111-2222-3333-444455556666 replaced by 9abcdef0-aaaa-bbbb-cccc-ddddeeeeffff'
    ]
    const b = [
      head('2000000b', 11),
      '  task web: dead, failed',
      '    2030-01-01T00:00:00.100Z Killing: alloc 2000000b-4444-5555-6666-777788889999 replaced by 0fedcba9-eeee-ffff-0000-111122223333'
    ]
    expect(dedupeLines([...a, ...b])).toEqual([
      ...a,
      '1 more allocation failed the same way as 1000000a: 2000000b'
    ])
  })

  it('keeps apart lines that differ by having an id, a time, an index or a line break', () => {
    const events = [
      '    Killing: alloc 1000000a',
      '    at 2026-12-08T01:02:03.456Z',
      '    of web[1]'
    ]
    const a = [head('1000000a', 1), '  task web: dead', ...events]
    const noId = [
      head('2000000b', 1),
      '  task web: dead',
      '    Killing: alloc ',
      ...events.slice(1)
    ]
    const noTime = [
      head('3000000c', 1),
      '  task web: dead',
      events[0] ?? '',
      '    at ',
      events[2] ?? ''
    ]
    const noIndex = [head('4000000d', 1), '  task web: dead', ...events.slice(0, 2), '    of web']
    const joined = [head('5000000e', 1), `  task web: dead${events.join('')}`]
    for (const b of [noId, noTime, noIndex, joined])
      expect(dedupeLines([...a, ...b])).toEqual([...a, ...b])
  })

  it('names exactly three repeats without "and 0 more"', () => {
    const block = (id: string): string[] => [head(id, 0), '  task web: dead']
    expect(dedupeLines(['1000000a', '1000000b', '1000000c', '1000000d'].flatMap(block))).toEqual([
      ...block('1000000a'),
      '3 more allocations failed the same way as 1000000a: 1000000b, 1000000c, 1000000d'
    ])
  })

  it('a line after a repeated block that is not indented by two spaces is not part of it', () => {
    const block = (id: string): string[] => [head(id, 0), '  task web: dead']
    for (const line of [' one space', 'two  spaces inside']) {
      expect(dedupeLines([...block('1000000a'), ...block('1000000b'), line])).toEqual([
        ...block('1000000a'),
        '1 more allocation failed the same way as 1000000a: 1000000b',
        line
      ])
    }
  })

  it('client and deployment lines count only at the start of a line', () => {
    const wait = (id: string): string =>
      `client: allocation ${id}: volume vol-a could not be claimed because it is in use`
    const claim = (id: string): string =>
      `client: allocation ${id} claimed volume vol-a after 3 s (attempt 2)`
    const block = (id: string): string[] => [
      head(id, 0),
      `  task web: dead`,
      `    Driver: ${wait(id)}`,
      `    Driver: ${claim(id)}`
    ]
    // Quoted in task events they are part of the block, which repeats as usual.
    expect(dedupeLines([...block('1000000a'), ...block('1000000b')])).toEqual([
      ...block('1000000a'),
      '1 more allocation failed the same way as 1000000a: 1000000b'
    ])
    // A line that only mentions another deployment does not start that deployment's story.
    const lines = [
      'deployment aaaaaaaa running: web: allocations 0/1 healthy — Deployment is running',
      wait('1000000a'),
      'see deployment bbbbbbbb failed: its story',
      wait('1000000b')
    ]
    expect(dedupeLines(lines)).toEqual([
      ...lines.slice(0, 3),
      'client: … 1 more allocation waited for volume vol-a the same way'
    ])
  })
})
