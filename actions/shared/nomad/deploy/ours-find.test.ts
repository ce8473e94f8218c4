import { describe, expect, it } from '@jest/globals'
import { NomadApiError } from '../client/errors.js'
import type { BlockingQuery, Deployment, Indexed, ParsedJob } from '../types.js'
import { deployment, fakeClient, fakeClock, linesLogger } from './fakes.js'
import { expectsDeployment, findOurDeployment, isOurDeployment } from './ours.js'

/**
 * ours.ts without a cluster: `isOurDeployment` and `expectsDeployment` on hand-made values, and
 * `findOurDeployment` over a fake client whose blocking reads move a fake clock by the wait they
 * were given (as a blocking query that sees no change does), so each read's query is asserted
 * exactly. The same decisions against the simulated cluster: ours.test.ts.
 */

const ours = { jobId: 'website', version: 3, specIndex: 120 }
const mine = deployment({ id: 'aaaaaaaa-1111', jobVersion: 3, jobSpecModifyIndex: 120 })
/** Same job and version number, another incarnation (a purged and re-created job). */
const twin = deployment({ id: 'bbbbbbbb-2222', jobVersion: 3, jobSpecModifyIndex: 15 })
const older = deployment({ id: 'cccccccc-3333', jobVersion: 2, jobSpecModifyIndex: 90 })
const newer = deployment({ id: 'dddddddd-4444', jobVersion: 4, jobSpecModifyIndex: 130 })

/** readJobDeployments answering `answers` in turn (the last one again once they run out). */
function listing(
  answers: readonly (readonly Deployment[])[],
  clock: ReturnType<typeof fakeClock>,
  step: (query: BlockingQuery | undefined) => number = q => q?.waitMs ?? 0
): {
  queries: (BlockingQuery | undefined)[]
  read: (jobId: string, query?: BlockingQuery) => Promise<Indexed<Deployment[]>>
} {
  const queries: (BlockingQuery | undefined)[] = []
  return {
    queries,
    read: async (jobId, query) => {
      expect(jobId).toBe('website')
      queries.push(query)
      clock.at += step(query)
      const value = answers[Math.min(queries.length, answers.length) - 1] ?? []
      return { value: [...value], index: 10 + queries.length }
    }
  }
}

function options(clock: ReturnType<typeof fakeClock>, waitMs: number, deadline: number) {
  const logger = linesLogger()
  return { logger, opts: { waitMs, remainingMs: () => deadline - clock.now(), logger } }
}

describe('isOurDeployment', () => {
  it('needs the same job, version number and JobSpecModifyIndex', () => {
    expect(isOurDeployment(mine, ours)).toBe(true)
    expect(isOurDeployment(twin, ours)).toBe(false)
    expect(isOurDeployment(older, ours)).toBe(false)
    expect(isOurDeployment({ ...mine, jobId: 'www' }, ours)).toBe(false)
  })

  it('takes a deployment without JobSpecModifyIndex (0) by job and version alone', () => {
    expect(isOurDeployment({ ...mine, jobSpecModifyIndex: 0 }, ours)).toBe(true)
    expect(isOurDeployment({ ...older, jobSpecModifyIndex: 0 }, ours)).toBe(false)
    expect(isOurDeployment({ ...mine, jobSpecModifyIndex: 0, jobId: 'www' }, ours)).toBe(false)
  })
})

describe('findOurDeployment', () => {
  it("returns the eval's candidate when it is ours, without listing the job's deployments", async () => {
    const clock = fakeClock()
    const { logger, opts } = options(clock, 10_000, clock.at + 60_000)
    const asked: string[] = []
    const client = fakeClient({
      readDeployment: async id => {
        asked.push(id)
        return { value: mine, index: 5 }
      }
    })
    await expect(findOurDeployment(client, ours, mine.id, opts)).resolves.toBe(mine)
    expect(asked).toEqual([mine.id])
    expect(logger.lines).toEqual([])
  })

  it('with no candidate, reads no deployment by id and takes ours from the listing, not its twin', async () => {
    const clock = fakeClock()
    const { logger, opts } = options(clock, 10_000, clock.at + 60_000)
    const list = listing([[twin, mine, older]], clock)
    const client = fakeClient({ readJobDeployments: list.read })
    await expect(findOurDeployment(client, ours, '', opts)).resolves.toBe(mine)
    expect(list.queries).toEqual([undefined])
    expect(logger.lines).toEqual([])
  })

  it('says why a candidate is not ours, then finds ours in the listing', async () => {
    const clock = fakeClock()
    const { logger, opts } = options(clock, 10_000, clock.at + 60_000)
    const list = listing([[mine, older]], clock)
    const client = fakeClient({
      readDeployment: async () => ({ value: { ...older, status: 'successful' }, index: 5 }),
      readJobDeployments: list.read
    })
    await expect(findOurDeployment(client, ours, older.id, opts)).resolves.toBe(mine)
    expect(logger.lines).toEqual([
      "info: The evaluation names deployment cccccccc of job version 2 (successful), not ours (version 3): Nomad's eval carries the job's latest deployment. Looking for the deployment of version 3."
    ])
  })

  it('a candidate that is gone (404) is looked for in the listing; any other refusal is thrown', async () => {
    const clock = fakeClock()
    const { logger, opts } = options(clock, 10_000, clock.at + 60_000)
    const list = listing([[mine]], clock)
    const refusing = (error: Error) =>
      fakeClient({
        readDeployment: async () => {
          throw error
        },
        readJobDeployments: list.read
      })
    const gone = new NomadApiError(404, 'deployment not found', 'GET', '/v1/deployment/x')
    await expect(findOurDeployment(refusing(gone), ours, 'x', opts)).resolves.toBe(mine)
    expect(logger.lines).toEqual([])
    const denied = new NomadApiError(403, 'Permission denied', 'GET', '/v1/deployment/x')
    await expect(findOurDeployment(refusing(denied), ours, 'x', opts)).rejects.toBe(denied)
    const broken = new Error('socket hang up')
    await expect(findOurDeployment(refusing(broken), ours, 'x', opts)).rejects.toBe(broken)
    expect(list.queries).toEqual([undefined])
  })

  it('waits with blocking queries, at most 5 s each, until ours appears', async () => {
    const clock = fakeClock()
    const { opts } = options(clock, 20_000, clock.at + 60_000)
    const list = listing([[older], [older, twin], [mine, older, twin]], clock)
    const client = fakeClient({ readJobDeployments: list.read })
    await expect(findOurDeployment(client, ours, '', opts)).resolves.toBe(mine)
    // A twin of the same version number is not a newer version: the wait goes on.
    expect(list.queries).toEqual([
      undefined,
      { index: 11, waitMs: 5_000 },
      { index: 12, waitMs: 5_000 }
    ])
  })

  it('gives up after waitMs with the last wait cut to what is left', async () => {
    const clock = fakeClock()
    const { opts } = options(clock, 12_000, clock.at + 60_000)
    const list = listing([[older]], clock)
    const client = fakeClient({ readJobDeployments: list.read })
    await expect(findOurDeployment(client, ours, '', opts)).resolves.toBeUndefined()
    expect(list.queries).toEqual([
      undefined,
      { index: 11, waitMs: 5_000 },
      { index: 12, waitMs: 5_000 },
      { index: 13, waitMs: 2_000 }
    ])
  })

  it('never waits past the deploy’s own remaining time, nor for less than 1 ms', async () => {
    const clock = fakeClock()
    const { opts } = options(clock, 12_000, clock.at + 3_000)
    // Each read takes all it was given, and the first (non-blocking) one 2999.5 ms.
    const list = listing([[older]], clock, q => q?.waitMs ?? 2_999.5)
    const client = fakeClient({ readJobDeployments: list.read })
    await expect(findOurDeployment(client, ours, '', opts)).resolves.toBeUndefined()
    expect(list.queries).toEqual([undefined, { index: 11, waitMs: 1 }])
  })

  it('with no time at all, reads the listing once', async () => {
    const clock = fakeClock()
    const { opts } = options(clock, 12_000, clock.at)
    const list = listing([[older]], clock)
    const client = fakeClient({ readJobDeployments: list.read })
    await expect(findOurDeployment(client, ours, '', opts)).resolves.toBeUndefined()
    expect(list.queries).toEqual([undefined])
  })

  it('stops at once when a newer version has a deployment: ours was superseded', async () => {
    const clock = fakeClock()
    const { opts } = options(clock, 20_000, clock.at + 60_000)
    const list = listing([[newer, older]], clock)
    const client = fakeClient({ readJobDeployments: list.read })
    await expect(findOurDeployment(client, ours, '', opts)).resolves.toBeUndefined()
    expect(list.queries).toEqual([undefined])
  })
})

describe('expectsDeployment (canonicalized TaskGroups)', () => {
  const job = (type: string, raw: Record<string, unknown>): ParsedJob => ({ id: 'j', type, raw })
  const groups = (...g: unknown[]) => ({ TaskGroups: g })
  it.each([
    ['service', {}, false],
    ['service', groups(), false],
    ['service', groups({ Update: { MaxParallel: 1 } }), true],
    ['service', groups({ Count: null, Update: { MaxParallel: 1 } }), true],
    ['service', groups({ Count: 1, Update: { MaxParallel: null } }), false],
    ['service', groups({ Count: 1, Update: {} }), false],
    ['service', groups({ Count: 1 }), false],
    [
      'service',
      groups({ Count: 0, Update: { MaxParallel: 1 } }, { Count: 1, Update: null }),
      false
    ],
    [
      'service',
      groups({ Count: 0, Update: { MaxParallel: 1 } }, { Count: 2, Update: { MaxParallel: 2 } }),
      true
    ],
    ['system', groups({ Count: 0, Update: { MaxParallel: 1 } }), true],
    ['system', groups({ Update: { MaxParallel: 0 } }), false],
    ['sysbatch', groups({ Count: 1, Update: { MaxParallel: 1 } }), false]
  ] as const)('%s %j → %s', (type, raw, want) => {
    expect(expectsDeployment(job(type, raw))).toBe(want)
  })
})
