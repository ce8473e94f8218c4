import { describe, expect, it } from '@jest/globals'
import type { Allocation, BlockingQuery, ParsedJob } from '../types.js'
import { fakeClient, fakeClock, linesLogger } from './fakes.js'
import { goalOf, judgeAllocations, watchAllocations } from './allocs.js'
import { describeAllocation } from './report.js'

/**
 * allocs.ts without a cluster: the verdict's words, the goal read from the canonicalized job, and
 * the watch over a fake client whose blocking reads move a fake clock. The kinds of verdict on
 * Nomad's own JSON: pure.test.ts; end to end (max_parallel = 0): ours.test.ts.
 */

const alloc = (over: Partial<Allocation>): Allocation => ({
  id: 'a0000000-0000',
  name: 'website.web[0]',
  nodeName: 'n1',
  taskGroup: 'web',
  jobVersion: 2,
  desiredStatus: 'run',
  clientStatus: 'running',
  clientDescription: '',
  healthy: undefined,
  canary: false,
  tasks: [],
  ...over
})
const task = (over: { failed?: boolean; restarts?: number }) => ({
  name: 'web',
  state: 'running',
  failed: over.failed ?? false,
  restarts: over.restarts ?? 0,
  events: []
})
const service = { type: 'service', count: 2 }

describe('goalOf', () => {
  const job = (raw: Record<string, unknown>, type = 'service'): ParsedJob => ({
    id: 'j',
    type,
    raw
  })
  it('sums the groups’ counts, a group without one counting 1', () => {
    expect(goalOf(job({ TaskGroups: [{ Count: 2 }, { Count: null }, {}, { Count: 0 }] }))).toEqual({
      type: 'service',
      count: 4
    })
    expect(goalOf(job({}, 'system'))).toEqual({ type: 'system', count: 0 })
  })
})

describe('judgeAllocations: the words', () => {
  it('names each failed allocation’s node once, "?" for none, counting only live ones of our version', () => {
    const allocs = [
      alloc({ id: 'a1', healthy: false, nodeName: 'n1' }),
      alloc({ id: 'a2', clientStatus: 'failed', nodeName: 'n1' }),
      alloc({ id: 'a3', tasks: [task({ failed: true })], nodeName: '' }),
      alloc({ id: 'a4', tasks: [task({ restarts: 2 })], nodeName: 'n2' }),
      alloc({ id: 'old', jobVersion: 1, clientStatus: 'failed' }),
      alloc({ id: 'stopped', desiredStatus: 'stop', clientStatus: 'lost' })
    ]
    const verdict = judgeAllocations(allocs, 2, service)
    expect(verdict).toEqual({
      kind: 'failure',
      reason: '4 allocation(s) of job version 2 failed (node n1, ?, n2)',
      failed: allocs.slice(0, 4)
    })
  })

  it('a healthy running allocation with tasks that never restarted is not a failure', () => {
    const fine = alloc({ healthy: true, tasks: [task({})] })
    expect(judgeAllocations([fine, { ...fine, id: 'b' }], 2, service)).toEqual({
      kind: 'success',
      reason: 'all 2 allocation(s) of job version 2 are healthy'
    })
  })

  it('a service waits for count healthy ones; count 0 needs none', () => {
    expect(judgeAllocations([alloc({ healthy: true })], 2, service)).toEqual({
      kind: 'wait',
      reason: '1/2 allocation(s) of job version 2 healthy'
    })
    expect(judgeAllocations([], 2, { type: 'service', count: 0 })).toEqual({
      kind: 'success',
      reason: 'job version 2 runs no allocations (count 0)'
    })
    expect(judgeAllocations([], 2, { type: 'batch', count: 0 }).kind).toBe('success')
  })

  it('a system job: every live allocation ours and healthy, on every node; none at all waits', () => {
    const system = { type: 'system', count: 0 }
    const on = (node: string, over: Partial<Allocation> = {}) =>
      alloc({ id: node, nodeName: node, healthy: true, ...over })
    expect(judgeAllocations([on('n1'), on('n2')], 2, system)).toEqual({
      kind: 'success',
      reason: 'job version 2 is healthy on all 2 node(s)'
    })
    expect(judgeAllocations([on('n1'), on('n2', { healthy: undefined })], 2, system)).toEqual({
      kind: 'wait',
      reason: 'job version 2 healthy on 1/2 node(s)'
    })
    expect(judgeAllocations([on('n1'), on('n2', { jobVersion: 1 })], 2, system)).toEqual({
      kind: 'wait',
      reason: 'job version 2 healthy on 1/2 node(s)'
    })
    expect(judgeAllocations([], 2, system)).toEqual({
      kind: 'wait',
      reason: 'job version 2 healthy on 0/0 node(s)'
    })
    expect(
      judgeAllocations(
        [on('n1', { jobVersion: 1 }), on('n2', { desiredStatus: 'stop' })],
        2,
        system
      )
    ).toEqual({ kind: 'wait', reason: 'job version 2 healthy on 0/1 node(s)' })
  })
})

describe('watchAllocations', () => {
  const job: ParsedJob = { id: 'website', type: 'service', raw: { TaskGroups: [{ Count: 1 }] } }
  function reads(answers: readonly (readonly Allocation[])[], clock: ReturnType<typeof fakeClock>) {
    const queries: (BlockingQuery | undefined)[] = []
    const client = fakeClient({
      readJobAllocations: async (id, q) => {
        expect(id).toBe('website')
        queries.push(q)
        clock.at += q?.waitMs ?? 1_000
        return {
          value: [...(answers[Math.min(queries.length, answers.length) - 1] ?? [])],
          index: 30 + queries.length
        }
      }
    })
    return { client, queries }
  }

  it('waits with blocking queries and logs each new verdict once, until success', async () => {
    const clock = fakeClock()
    const logger = linesLogger()
    const { client, queries } = reads([[], [], [alloc({ healthy: true })]], clock)
    await expect(
      watchAllocations(client, 'website', 2, job, { clock, logger, deadline: clock.at + 900_000 })
    ).resolves.toEqual({
      ok: true,
      reason: 'all 1 allocation(s) of job version 2 are healthy',
      details: []
    })
    expect(queries).toEqual([
      undefined,
      { index: 31, waitMs: 300_000 },
      { index: 32, waitMs: 300_000 }
    ])
    expect(logger.lines).toEqual([
      'info: job website: 0/1 allocation(s) of job version 2 healthy',
      'info: job website: all 1 allocation(s) of job version 2 are healthy'
    ])
  })

  it('a failure names the failed allocations in the details', async () => {
    const clock = fakeClock()
    const bad = alloc({ healthy: false })
    const { client } = reads([[bad]], clock)
    await expect(
      watchAllocations(client, 'website', 2, job, {
        clock,
        logger: linesLogger(),
        deadline: clock.at + 60_000
      })
    ).resolves.toEqual({
      ok: false,
      reason: '1 allocation(s) of job version 2 failed (node n1)',
      details: describeAllocation(bad)
    })
  })

  it('times out at the deadline with the last verdict, or none seen', async () => {
    const clock = fakeClock()
    const { client, queries } = reads([[]], clock)
    await expect(
      watchAllocations(client, 'website', 2, job, {
        clock,
        logger: linesLogger(),
        deadline: clock.at + 4_000
      })
    ).resolves.toEqual({
      ok: false,
      reason: 'Timed out: 0/1 allocation(s) of job version 2 healthy',
      details: []
    })
    expect(queries).toEqual([undefined, { index: 31, waitMs: 3_000 }])
    const none = reads([[]], clock)
    await expect(
      watchAllocations(none.client, 'website', 2, job, {
        clock,
        logger: linesLogger(),
        deadline: clock.at
      })
    ).resolves.toEqual({ ok: false, reason: 'Timed out: no allocations seen', details: [] })
    expect(none.queries).toEqual([])
  })
})
