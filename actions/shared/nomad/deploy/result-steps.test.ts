import { describe, expect, it } from '@jest/globals'
import type { Allocation, Deployment, JobInfo } from '../types.js'
import { deployment, fakeClient, fakeClock, group, jobInfo, linesLogger } from './fakes.js'
import { describeAllocation, describeProgress } from './report.js'
import {
  type DeployProgress,
  appVersionOf,
  emptyProgress,
  resultOf,
  resultOfWatch
} from './result.js'
import type { DoneDecision, WatchOutcome } from './watch.js'

/**
 * result.ts over a fake client: the result of a finished watch says what Nomad said, which
 * allocations failed, and whether and how Nomad rolled back (following the rollback's deployment:
 * rollback.ts). The same results end to end on the simulated cluster: scenarios.test.ts.
 */

const progress = (): DeployProgress => ({
  ...emptyProgress(),
  jobId: 'website',
  jobVersion: 4,
  planIndex: 40,
  deploymentId: 'dep-4',
  diff: [{ path: 'web.image', change: 'a → b' }] as unknown as DeployProgress['diff'],
  diffText: ['~ image']
})
const broken: Allocation = {
  id: 'a1b2c3d4-0000',
  name: 'website.web[0]',
  nodeName: 'n1',
  taskGroup: 'web',
  jobVersion: 4,
  desiredStatus: 'run',
  clientStatus: 'failed',
  clientDescription: 'Failed tasks',
  healthy: false,
  canary: false,
  tasks: []
}
const failedDeployment = deployment({
  id: 'dep-4',
  jobVersion: 4,
  status: 'failed',
  statusDescription: 'Failed due to unhealthy allocations - rolling back to job version 2'
})
function outcome(done: Partial<DoneDecision>, over: Partial<WatchOutcome> = {}): WatchOutcome {
  return {
    done: {
      kind: 'done',
      outcome: 'failure',
      reason: 'Failed due to unhealthy allocations',
      rollback: { kind: 'none' },
      failedAllocations: [broken],
      ...done
    },
    deployment: failedDeployment,
    allocations: [broken],
    promoted: false,
    timedOut: undefined,
    revertedByFail: undefined,
    ...over
  }
}
const rollbackOk = deployment({
  id: 'roll5678-0000',
  jobVersion: 5,
  status: 'successful',
  statusDescription: 'Deployment completed successfully',
  groups: [group({ placedAllocs: 1, healthyAllocs: 1 })]
})

function cluster(over: { job?: JobInfo | undefined; deployments?: Deployment[] } = {}) {
  const clock = fakeClock()
  const calls: string[] = []
  const client = fakeClient({
    readJob: async id => {
      calls.push(`job ${id}`)
      return 'job' in over ? over.job : jobInfo({ version: 5 })
    },
    readJobDeployments: async (id, q) => {
      calls.push(`deployments ${id}`)
      clock.at += q?.waitMs ?? 0
      return { value: over.deployments ?? [rollbackOk], index: 9 }
    },
    readDeployment: async id => {
      calls.push(`deployment ${id}`)
      return { value: rollbackOk, index: 10 }
    },
    readDeploymentAllocations: async () => ({ value: [], index: 10 })
  })
  return {
    clock,
    calls,
    client,
    ctx: { clock, logger: linesLogger(), deadline: clock.at + 60_000 }
  }
}

describe('resultOf', () => {
  it('carries the progress, Nomad’s description only when there is one, and no details by default', () => {
    const p = { ...progress(), promoted: true }
    expect(resultOf(p, 'no-changes', 'nothing to do')).toEqual({
      status: 'no-changes',
      jobId: 'website',
      jobVersion: 4,
      deploymentId: 'dep-4',
      promoted: true,
      revertedTo: undefined,
      reason: 'nothing to do',
      diff: p.diff,
      diffText: ['~ image'],
      details: []
    })
    expect(resultOf(p, 'failure', 'r', { statusDescription: '' })).not.toHaveProperty(
      'statusDescription'
    )
    expect(
      resultOf(p, 'failure', 'r', {
        statusDescription: 'Nomad says',
        details: ['x'],
        revertedTo: 2
      })
    ).toMatchObject({ statusDescription: 'Nomad says', details: ['x'], revertedTo: 2 })
  })

  it('starts from nothing', () => {
    expect(emptyProgress()).toEqual({
      jobId: '',
      jobVersion: undefined,
      planIndex: undefined,
      deploymentId: undefined,
      promoted: false,
      diff: [],
      diffText: []
    })
  })
})

describe('resultOfWatch', () => {
  it('a success is Nomad’s words, and remembers a promotion', async () => {
    const { client, ctx, calls } = cluster()
    const p = progress()
    const result = await resultOfWatch(
      p,
      outcome(
        { outcome: 'success', reason: 'Deployment completed successfully', failedAllocations: [] },
        { promoted: true }
      ),
      client,
      ctx
    )
    expect(result).toMatchObject({
      status: 'success',
      reason: 'Deployment completed successfully',
      promoted: true,
      details: []
    })
    expect(p.promoted).toBe(true)
    expect(calls).toEqual([])
    const again = await resultOfWatch(
      { ...progress(), promoted: true },
      outcome({ outcome: 'success', reason: 'ok' }),
      client,
      ctx
    )
    expect(again.promoted).toBe(true)
  })

  it('a failure Nomad reverted names the failed allocations, the rollback version, and follows its deployment', async () => {
    const { client, ctx, calls } = cluster()
    const result = await resultOfWatch(
      progress(),
      outcome({ rollback: { kind: 'reverting', toVersion: 2 } }),
      client,
      ctx
    )
    const followed =
      'The rollback deployment roll5678 (job version 5) succeeded: Deployment completed successfully'
    expect(result).toEqual({
      status: 'failure',
      jobId: 'website',
      jobVersion: 4,
      deploymentId: 'dep-4',
      promoted: false,
      revertedTo: 2,
      statusDescription: failedDeployment.statusDescription,
      reason: 'Deployment failed: Failed due to unhealthy allocations',
      diff: progress().diff,
      diffText: ['~ image'],
      details: [
        ...describeAllocation(broken),
        'Nomad rolled back: it registered job version 5 as a copy of stable version 2.',
        followed
      ]
    })
    expect(calls).toEqual(['job website', 'deployments website', 'deployment roll5678-0000'])
    expect(ctx.logger.lines).toEqual([
      ...describeAllocation(broken).map(l => `error: ${l}`),
      'error: Nomad rolled back: it registered job version 5 as a copy of stable version 2.',
      'info: Watching the rollback deployment roll5678-0000 (job version 5)',
      `info: ${describeProgress(rollbackOk)}`,
      `info: ${followed}`
    ])
  })

  it('a revert we caused by failing the deployment at our deadline is a revert too, and the reason says we timed out', async () => {
    const { client, ctx } = cluster({ job: undefined })
    const result = await resultOfWatch(
      progress(),
      outcome({}, { revertedByFail: 1, timedOut: 'our deadline passed while waiting for web' }),
      client,
      ctx
    )
    expect(result.revertedTo).toBe(1)
    expect(result.reason).toBe(
      'Timed out (our deadline passed while waiting for web); the deployment was failed: Failed due to unhealthy allocations'
    )
    // The job is gone: the rollback's version is not known, and there is nothing to follow.
    expect(result.details.at(-1)).toBe(
      'Nomad rolled back: it registered job version ? as a copy of stable version 1.'
    )
  })

  it.each([
    [
      { kind: 'same-spec', stableVersion: 3 },
      'Nomad did not roll back: stable version 3 has the same specification.'
    ],
    [
      { kind: 'no-stable-version' },
      'Nomad did not roll back: there is no stable job version to revert to.'
    ],
    [{ kind: 'none' }, 'Nomad did not roll back.']
  ] as const)('no revert (%j): says why, reads no job', async (rollback, line) => {
    const { client, ctx, calls } = cluster()
    const result = await resultOfWatch(progress(), outcome({ rollback }), client, ctx)
    expect(result.revertedTo).toBeUndefined()
    expect(result.details).toEqual([...describeAllocation(broken), line])
    expect(calls).toEqual([])
    expect(ctx.logger.lines.at(-1)).toBe(`error: ${line}`)
  })

  it('a rollback Nomad made no deployment for says so', async () => {
    const { client, ctx } = cluster({ deployments: [] })
    const result = await resultOfWatch(
      progress(),
      outcome({ rollback: { kind: 'reverting', toVersion: 2 } }),
      client,
      ctx
    )
    expect(result.details.at(-1)).toBe(
      'Nomad made no deployment for the rollback (job version 5): the running allocations already match it.'
    )
  })
})

describe('appVersionOf', () => {
  it('reads the meta.version of that job version, if Nomad still keeps it and it has one', async () => {
    const client = fakeClient({
      readJobVersions: async id => {
        expect(id).toBe('website')
        return [
          jobInfo({ version: 3, meta: { version: '1.4.0' } }),
          jobInfo({ version: 2, meta: { version: '' } }),
          jobInfo({ version: 1 })
        ]
      }
    })
    await expect(appVersionOf(client, 'website', 3)).resolves.toBe('1.4.0')
    await expect(appVersionOf(client, 'website', 2)).resolves.toBeUndefined()
    await expect(appVersionOf(client, 'website', 1)).resolves.toBeUndefined()
    await expect(appVersionOf(client, 'website', 0)).resolves.toBeUndefined()
  })
})
