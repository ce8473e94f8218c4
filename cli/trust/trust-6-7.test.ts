/** Issue #17 items 6 (failure output) and 7 (network failures, terminal vs GitHub output). */
import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { type AddressInfo, type Socket, createServer } from 'node:net'
import { join } from 'node:path'
import { EXIT } from '../program.js'
import { dedupeAllocationBlocks } from '../output/dedupe-blocks.js'
import { SimulatedCluster } from '../../actions/shared/nomad/simulated/cluster.js'
import { serveSimulatedNomad } from '../../actions/shared/nomad/simulated/http.js'
import { wantsColor } from '../terminal.js'
import { cli } from '../test-support/run-cli.js'
import { repoVolumes } from '../../actions/shared/nomad/simulated/repo-volumes.js'

jest.setTimeout(120_000)
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})
const repoRoot = join(import.meta.dirname, '..', '..')

describe('6. a failed rehearsal ends short and actionable', () => {
  // The issue's words, each a problem it saw: counters read as "x of y", Nomad's advice to a person
  // although the tool promotes, a status repeated in brackets, job versions without app versions.
  const ISSUE_WORDS = [
    /canaries \d+\/\d+ placed/,
    /allocations \d+\/\d+ placed/,
    /requires manual promotion/,
    /failed \(failure\)/,
    /reverted to job version \d+/
  ]
  const expectShortAndActionable = (out: string, err: string, service: string, rest: string) => {
    // The progress on stderr, then the report on stdout.
    const lines = `${err}${out}`.split('\n').filter(l => l !== '')
    // The issue counted 164 lines; the markdown is for GitHub (--github), the blocks are deduplicated.
    expect(lines.length).toBeLessThan(70)
    for (const words of ISSUE_WORDS) expect(`${out}${err}`).not.toMatch(words)
    // No allocation block twice: one block printed in full, the equal ones as one line.
    expect(lines.filter(l => /allocation [0-9a-f]{8} \(/.test(l))).toHaveLength(1)
    expect(err.match(/Terminated: Exit Code: 1/g)).toHaveLength(1)
    expect(err).toMatch(/\d+ more allocations? failed the same way as [0-9a-f]{8}: [0-9a-f]{8}/)
    // The paragraph closes the output.
    const tail = lines.slice(-4).join('\n')
    expect(tail).toMatch(
      new RegExp(
        `✖ ${service} 1\\.1\\.0 was not deployed: deployment [0-9a-f]{8} failed; Nomad's reason: "Failed due to progress deadline - rolling back to job version 0"`
      )
    )
    expect(tail).toContain(
      `Nomad rolled back to job version 0 (${service} 1.0.0), which keeps serving.`
    )
    expect(tail).toContain(`Not attempted (the pipeline stops at the first failure): ${rest}.`)
    expect(tail).toMatch(
      /Next: `nomad alloc logs -stderr [0-9a-f]{8} [a-z]+` \(why it exited with code 1\)/
    )
    expect(out).not.toContain('| --- |')
  }

  it('rehearse --unhealthy package-site (a rolling update): each failure once, then one paragraph with the next commands', async () => {
    const { code, out, err } = await cli(['rehearse', '--unhealthy', 'package-site'])
    expect(code).toBe(EXIT.failure)
    expectShortAndActionable(out, err, 'package-site', 'website, www')
    // 29 allocations were placed for the one wanted: the replacements are named as such.
    expect(err).toMatch(
      /package-site: allocations 0\/1 healthy, \d+ unhealthy, \d+ replacements for failed ones/
    )
  })

  it('rehearse --unhealthy website (a canary): the canary is waited for, never "requires manual promotion"', async () => {
    const { code, out, err } = await cli(['rehearse', '--unhealthy', 'website'])
    expect(code).toBe(EXIT.failure)
    expectShortAndActionable(out, err, 'website', 'www')
    expect(err).toMatch(
      /website: canary 0\/1 healthy, \d+ unhealthy, \d+ replacements for failed ones — waiting for the canaries to turn healthy; this deploy then promotes them/
    )
  })

  it('dedupeAllocationBlocks keeps different failures and collapses equal ones', () => {
    const seen: string[] = []
    const t = dedupeAllocationBlocks({
      out: () => undefined,
      err: l => void seen.push(l),
      isTTY: false
    })
    const block = (id: string, code: number, at: string): void => {
      t.err(`error: allocation ${id} (web.web[2], job version 1): failed`)
      t.err(`error:     ${at} Terminated: Exit Code: ${code}`)
    }
    block('aaaaaaaa', 1, '2026-01-01T00:00:00.000Z')
    block('bbbbbbbb', 1, '2026-01-01T00:01:00.000Z')
    block('cccccccc', 2, '2026-01-01T00:02:00.000Z')
    t.err('done')
    expect(seen).toEqual([
      'error: allocation aaaaaaaa (web.web[2], job version 1): failed',
      'error:     2026-01-01T00:00:00.000Z Terminated: Exit Code: 1',
      'error: 1 more allocation failed the same way as aaaaaaaa: bbbbbbbb',
      'error: allocation cccccccc (web.web[2], job version 1): failed',
      'error:     2026-01-01T00:02:00.000Z Terminated: Exit Code: 2',
      'done'
    ])
  })
})

describe('7. network failures and where markdown goes', () => {
  it('ECONNREFUSED comes with a hint', async () => {
    const closed = createServer()
    await new Promise<void>(done => closed.listen(0, '127.0.0.1', done))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>(done => closed.close(() => done()))
    const { code, err, out } = await cli(
      [
        'deploy',
        'website',
        '1.3',
        '--target',
        `http://127.0.0.1:${port}`,
        '--yes',
        '--timeout',
        '5s'
      ],
      {},
      repoRoot
    )
    expect(code).toBe(EXIT.failure)
    expect(`${err}${out}`).toContain(`Hint: nothing listens at http://127.0.0.1:${port}`)
    // An address that never answered and refuses: one answer is final (issue 28), no retries.
    expect(err).not.toMatch(/retrying/)
  })

  it('a server that accepts and never answers: progress lines, then a clear give-up within the configured time, exit 1', async () => {
    // A real loopback server that accepts every connection and never says a word; real timers.
    const sockets = new Set<Socket>()
    const silent = createServer(socket => void sockets.add(socket))
    await new Promise<void>(done => silent.listen(0, '127.0.0.1', done))
    cleanups.push(async () => {
      for (const s of sockets) s.destroy()
      await new Promise<void>(done => silent.close(() => done()))
    })
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`
    const started = Date.now()
    const { code, err, out } = await cli(
      ['deploy', 'website', '1.3', '--target', url, '--yes'].concat(
        ['--request-timeout', '1s', '--progress-every', '300ms'],
        ['--timeout', '10m']
      ),
      {},
      repoRoot
    )
    const tookMs = Date.now() - started
    expect(code).toBe(EXIT.failure)
    // One request may wait 1 s; its retries share 4 × that: given up after ~4-5 s, never minutes.
    expect(tookMs).toBeGreaterThanOrEqual(3_000)
    expect(tookMs).toBeLessThan(15_000)
    expect(sockets.size).toBeGreaterThanOrEqual(2)
    expect(err).toMatch(/POST \/v1\/jobs\/parse: no answer within 1000 ms/)
    expect(err).toMatch(/gave up on parse job after \d attempts within [\d.]+ s/)
    expect(err).toMatch(/retrying \(attempt 2\)/)
    // Never silent: a line for each stretch of 300 ms without news.
    const waits = err
      .split('\n')
      .filter(l =>
        l.startsWith(`… still waiting for Nomad at ${url} to plan and register website 1.3`)
      )
    expect(waits.length).toBeGreaterThanOrEqual(3)
    expect(out).toContain('✖ website 1.3 was not deployed:')
    expect(out).toContain(
      `Hint: ${url} accepted the connection (or dropped it silently) but never answered`
    )
  })

  it('on a terminal: a live status line redrawn in place, cleared around every other line', async () => {
    const cluster = new SimulatedCluster({
      volumes: repoVolumes(repoRoot),
      nodes: [{}, {}],
      health: { healthyAfterMs: 1_500 }
    })
    const server = await serveSimulatedNomad(cluster)
    cleanups.push(async () => {
      await server.close()
      cluster.close()
    })
    const live: string[] = []
    const run = (color: boolean) =>
      cli(
        ['deploy', 'website', '1.3', '--target', server.url, '--yes', '--timeout', '1m'],
        {},
        repoRoot,
        { isTTY: true, color, columns: 100, live: t => void live.push(t) }
      )
    const { code, err } = await run(false)
    expect(code).toBe(EXIT.ok)
    const frames = live.filter(t => t.startsWith('\r\x1b[2K') && t.length > 4)
    expect(
      frames.some(f => /deployment [0-9a-f]{8} of website 1\.3 \([0-2]\/2 healthy/.test(f))
    ).toBe(true)
    expect(frames.every(f => f.length <= '\r\x1b[2K'.length + 99)).toBe(true)
    expect(frames.join('')).not.toContain('\x1b[2m')
    // The last write clears the line: nothing is left behind the final lines.
    expect(live.at(-1)).toBe('\r\x1b[2K')
    // No "still waiting" lines on a terminal: the live line says it.
    expect(err).not.toContain('still waiting for')
    live.length = 0
    expect((await run(true)).code).toBe(EXIT.ok)
    expect(live.join('')).toContain('\x1b[2m')
  })

  it('rehearse on a terminal: the same live line, labelled [simulated], gone at the end', async () => {
    const live: string[] = []
    const { code } = await cli(['rehearse'], {}, repoRoot, {
      isTTY: true,
      live: t => void live.push(t)
    })
    expect(code).toBe(EXIT.ok)
    const clearLine = '\r\x1b[2K'
    expect(
      live.some(
        t =>
          t.startsWith(clearLine) &&
          /^. \[simulated\] deployment [0-9a-f]{8} of www 1\.1\.0 \(\d\/2 healthy\)/.test(
            t.slice(clearLine.length)
          )
      )
    ).toBe(true)
    expect(live.at(-1)).toBe('\r\x1b[2K')
  })

  it('markdown only for GitHub: GITHUB_ACTIONS or --github prints the step summary', async () => {
    const human = await cli(['rehearse'])
    expect(human.out).not.toContain('| --- |')
    expect(human.out).not.toContain('----- step summary')
    const github = await cli(['rehearse'], { GITHUB_ACTIONS: 'true' })
    expect(github.out).toContain('----- step summary: nomad-deploy')
    expect(github.out).toContain('| --- |')
  })

  it('colour honours NO_COLOR and FORCE_COLOR', () => {
    expect(wantsColor({}, true)).toBe(true)
    expect(wantsColor({}, false)).toBe(false)
    expect(wantsColor({ NO_COLOR: '1' }, true)).toBe(false)
    expect(wantsColor({ NO_COLOR: '1', FORCE_COLOR: '1' }, true)).toBe(false)
    expect(wantsColor({ FORCE_COLOR: '1' }, false)).toBe(true)
    expect(wantsColor({ FORCE_COLOR: '0' }, true)).toBe(false)
  })
})
