import { describe, expect, it } from '@jest/globals'
import { NomadApiError } from '../client/errors.js'
import type { NomadClient } from '../client/client.js'
import type { Allocation, BlockingQuery, Deployment } from '../types.js'
import { deployment, fakeClient, fakeClock, group, linesLogger } from './fakes.js'
import { describeProgress } from './report.js'
import { failIfActive, watchDeployment } from './watch.js'

/**
 * watch.ts over a fake client whose deployment reads follow a script and move a fake clock: what
 * the watch asks Nomad (each blocking query), does (promote, fail), logs, and returns. The
 * decisions themselves are core/deploy-decision.ts's; the same watch against the simulated
 * cluster: staged.test.ts and scenarios.test.ts.
 */

const ID = 'abcdef12-0000-0000-0000-000000000000'
const canary: Allocation = {
  id: 'c1',
  name: 'website.web[0]',
  nodeName: 'n1',
  taskGroup: 'web',
  jobVersion: 1,
  desiredStatus: 'run',
  clientStatus: 'running',
  clientDescription: '',
  healthy: true,
  canary: true,
  tasks: []
}
const running = deployment({ id: ID, groups: [group({ placedAllocs: 1 })] })
const successful = deployment({
  id: ID,
  status: 'successful',
  statusDescription: 'Deployment completed successfully',
  groups: [group({ placedAllocs: 1, healthyAllocs: 1 })]
})
const failed = deployment({
  id: ID,
  status: 'failed',
  statusDescription: 'Deployment marked as failed - rolling back to job version 0',
  groups: [group({ placedAllocs: 1 })]
})
const awaitingPromotion = deployment({
  id: ID,
  statusDescription: 'Deployment is running but requires manual promotion',
  groups: [group({ desiredCanaries: 1, placedCanaries: ['c1'], placedAllocs: 1, healthyAllocs: 1 })]
})

function scripted(
  states: readonly Deployment[],
  clock: ReturnType<typeof fakeClock>,
  more: Partial<NomadClient> = {},
  stepMs = 1_000
) {
  const queries: (BlockingQuery | undefined)[] = []
  const calls: string[] = []
  const c = fakeClient({
    readDeployment: async (id, q) => {
      expect(id).toBe(ID)
      queries.push(q)
      clock.at += stepMs
      const value = states[Math.min(queries.length, states.length) - 1] ?? running
      return { value, index: 100 + queries.length }
    },
    readDeploymentAllocations: async id => {
      expect(id).toBe(ID)
      return { value: [canary], index: 1 }
    },
    promoteDeployment: async (id, groups) => {
      calls.push(`promote ${id} ${groups.join(',')}`)
      return { evalId: 'e', revertedJobVersion: undefined }
    },
    failDeployment: async id => {
      calls.push(`fail ${id}`)
      return { evalId: 'e', revertedJobVersion: 0 }
    },
    ...more
  })
  return { c, queries, calls }
}

describe('watchDeployment', () => {
  it('blocks on the deployment from the index it last saw, at most 300 s, until it is terminal', async () => {
    const clock = fakeClock()
    const { c, queries, calls } = scripted([running, running, successful], clock)
    const logger = linesLogger()
    const seen: string[] = []
    const outcome = await watchDeployment(ID, {
      client: c,
      clock,
      logger,
      deadline: clock.at + 3_600_000,
      onProgress: d => void seen.push(d.status)
    })
    expect(outcome).toEqual({
      done: {
        kind: 'done',
        outcome: 'success',
        reason: 'Deployment completed successfully',
        rollback: { kind: 'none' },
        failedAllocations: []
      },
      deployment: successful,
      allocations: [canary],
      promoted: false,
      timedOut: undefined,
      revertedByFail: undefined
    })
    expect(queries).toEqual([
      undefined,
      { index: 101, waitMs: 300_000 },
      { index: 102, waitMs: 300_000 }
    ])
    expect(seen).toEqual(['running', 'running', 'successful'])
    expect(calls).toEqual([])
    // A line per change, the same state's line once; the decision's wait reason at debug.
    expect(logger.lines).toEqual([
      `info: ${describeProgress(running)}`,
      'debug: waiting for web: 0/1 allocations healthy',
      'debug: waiting for web: 0/1 allocations healthy',
      `info: ${describeProgress(successful)}`
    ])
  })

  it('waits no longer than our own deadline', async () => {
    const clock = fakeClock()
    const { c, queries } = scripted([running, running, successful], clock)
    await watchDeployment(ID, {
      client: c,
      clock,
      logger: linesLogger(),
      deadline: clock.at + 4_500
    })
    expect(queries).toEqual([
      undefined,
      { index: 101, waitMs: 3_500 },
      { index: 102, waitMs: 2_500 }
    ])
  })

  it('promotes healthy canaries once and says it was promoted', async () => {
    const clock = fakeClock()
    const promotedState = deployment({
      ...awaitingPromotion,
      statusDescription: 'Deployment is running',
      groups: [group({ ...awaitingPromotion.groups[0], promoted: true })]
    })
    const { c, calls } = scripted([awaitingPromotion, promotedState, successful], clock)
    const logger = linesLogger()
    const outcome = await watchDeployment(ID, {
      client: c,
      clock,
      logger,
      deadline: clock.at + 600_000
    })
    expect(calls).toEqual([`promote ${ID} web`])
    expect(outcome.promoted).toBe(true)
    expect(logger.lines).toContain('info: Promoting web: every canary is healthy (web 1/1)')
  })

  it('promotes every canary group at once, naming them all', async () => {
    const clock = fakeClock()
    const api = { ...canary, id: 'c2', taskGroup: 'api' }
    const two = deployment({
      ...awaitingPromotion,
      groups: [
        ...awaitingPromotion.groups,
        group({
          name: 'api',
          desiredCanaries: 1,
          placedCanaries: ['c2'],
          placedAllocs: 1,
          healthyAllocs: 1
        })
      ]
    })
    const { c, calls } = scripted([two, successful], clock, {
      readDeploymentAllocations: async () => ({ value: [canary, api], index: 1 })
    })
    const logger = linesLogger()
    await watchDeployment(ID, { client: c, clock, logger, deadline: clock.at + 600_000 })
    expect(calls).toEqual([`promote ${ID} web,api`])
    expect(logger.lines).toContain(
      'info: Promoting web, api: every canary is healthy (web 1/1, api 1/1)'
    )
  })

  it('watches on when Nomad refuses the promotion (500), and stops on any other refusal', async () => {
    const clock = fakeClock()
    const refused = new NomadApiError(500, ' rpc error: canary unhealthy \n', 'POST', '/p')
    const { c } = scripted([awaitingPromotion, successful], clock, {
      promoteDeployment: async () => {
        throw refused
      }
    })
    const logger = linesLogger()
    const outcome = await watchDeployment(ID, {
      client: c,
      clock,
      logger,
      deadline: clock.at + 60_000
    })
    expect(outcome.promoted).toBe(false)
    expect(logger.lines).toContain(
      'warning: Nomad refused the promotion, watching on: rpc error: canary unhealthy'
    )
    for (const error of [
      new NomadApiError(403, 'Permission denied', 'POST', '/p'),
      new Error('socket hang up')
    ]) {
      const other = scripted([awaitingPromotion, successful], clock, {
        promoteDeployment: async () => {
          throw error
        }
      })
      await expect(
        watchDeployment(ID, { client: other.c, clock, logger, deadline: clock.at + 60_000 })
      ).rejects.toBe(error)
    }
  })

  it('at our deadline fails the deployment, then gives Nomad 30 s to show it failed', async () => {
    const clock = fakeClock()
    const { c, queries, calls } = scripted([running, running, failed], clock)
    const logger = linesLogger()
    const outcome = await watchDeployment(ID, {
      client: c,
      clock,
      logger,
      deadline: clock.at + 1_000
    })
    expect(calls).toEqual([`fail ${ID}`])
    expect(queries).toEqual([
      undefined,
      { index: 101, waitMs: 30_000 },
      { index: 102, waitMs: 29_000 }
    ])
    expect(outcome).toMatchObject({
      done: { outcome: 'failure', rollback: { kind: 'reverting', toVersion: 0 } },
      timedOut: 'our deadline passed while waiting for web: 0/1 allocations healthy',
      revertedByFail: 0,
      promoted: false
    })
    expect(logger.lines).toContain(
      `error: Timed out: our deadline passed while waiting for web: 0/1 allocations healthy. Failing deployment ${ID} so Nomad reverts.`
    )
  })

  it('when Nomad does not show it failed within the 30 s, says so', async () => {
    const clock = fakeClock()
    const { c, calls } = scripted([running], clock, {}, 20_000)
    const outcome = await watchDeployment(ID, {
      client: c,
      clock,
      logger: linesLogger(),
      deadline: clock.at + 1_000
    })
    expect(calls).toEqual([`fail ${ID}`])
    expect(outcome).toEqual({
      done: {
        kind: 'done',
        outcome: 'failure',
        reason: `Nomad did not mark deployment ${ID} failed within 30 s of our request`,
        rollback: { kind: 'none' },
        failedAllocations: []
      },
      deployment: running,
      allocations: [canary],
      promoted: false,
      timedOut: 'our deadline passed while waiting for web: 0/1 allocations healthy',
      revertedByFail: 0
    })
  })

  it('with atDeadline "stop" (a rollback being followed), stops watching and fails nothing', async () => {
    const clock = fakeClock()
    const { c, calls } = scripted([running], clock)
    const outcome = await watchDeployment(ID, {
      client: c,
      clock,
      logger: linesLogger(),
      deadline: clock.at + 500,
      atDeadline: 'stop'
    })
    expect(calls).toEqual([])
    expect(outcome).toEqual({
      done: {
        kind: 'done',
        outcome: 'failure',
        reason: 'still running when we stopped watching: Deployment is running',
        rollback: { kind: 'none' },
        failedAllocations: []
      },
      deployment: running,
      allocations: [canary],
      promoted: false,
      timedOut: 'our deadline passed while waiting for web: 0/1 allocations healthy',
      revertedByFail: undefined
    })
  })
})

describe('failIfActive', () => {
  it('answers the version Nomad reverts to', async () => {
    const c = fakeClient({ failDeployment: async () => ({ evalId: 'e', revertedJobVersion: 4 }) })
    await expect(failIfActive(c, ID, linesLogger())).resolves.toBe(4)
  })

  it('takes only "can\'t fail terminal deployment" for a deployment that had finished', async () => {
    const refusing = (error: Error) =>
      fakeClient({
        failDeployment: async () => {
          throw error
        }
      })
    const logger = linesLogger()
    const terminal = new NomadApiError(
      500,
      "rpc error: can't fail terminal deployment",
      'POST',
      `/v1/deployment/fail/${ID}`
    )
    await expect(failIfActive(refusing(terminal), ID, logger)).resolves.toBeUndefined()
    expect(logger.lines).toEqual([`info: Deployment ${ID} had already finished.`])
    for (const error of [
      new NomadApiError(403, 'Permission denied', 'POST', '/f'),
      new NomadApiError(500, 'rpc error: No cluster leader', 'POST', '/f'),
      new Error("can't fail terminal deployment")
    ]) {
      await expect(failIfActive(refusing(error), ID, linesLogger())).rejects.toBe(error)
    }
  })
})
