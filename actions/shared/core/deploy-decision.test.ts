import { describe, expect, it } from '@jest/globals'
import { parseAllocations, parseDeployment } from '../nomad/client/parse-deployment.js'
import { type DeployDecision, evaluateDeployment, readRollback } from './deploy-decision.js'

/** Recorded deployment states, in the JSON shapes Nomad sends (research/nomad-api.md §1.7, §1.8). */
const NOW = Date.parse('2026-08-21T10:10:00Z')
const LATER = NOW + 60_000

function group(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    AutoRevert: true,
    AutoPromote: false,
    ProgressDeadline: 600000000000,
    RequireProgressBy: '2026-08-21T10:15:00.123456789Z',
    Promoted: false,
    PlacedCanaries: ['c1'],
    DesiredCanaries: 1,
    DesiredTotal: 2,
    PlacedAllocs: 1,
    HealthyAllocs: 1,
    UnhealthyAllocs: 0,
    ...overrides
  }
}

function deployment(status: string, description: string, groups: Record<string, unknown>) {
  return parseDeployment({
    ID: '85ee4a9a-0000-0000-0000-000000000000',
    Namespace: 'default',
    JobID: 'web',
    JobVersion: 4,
    JobModifyIndex: 120,
    JobSpecModifyIndex: 120,
    JobCreateIndex: 7,
    IsMultiregion: false,
    TaskGroups: groups,
    Status: status,
    StatusDescription: description,
    EvalPriority: 50,
    CreateIndex: 121,
    ModifyIndex: 130,
    CreateTime: 1755771234000000000,
    ModifyTime: 1755771299000000000
  })
}

function alloc(id: string, healthy: boolean | null, canary: boolean, clientStatus = 'running') {
  return {
    ID: id,
    Name: `web.web[0]`,
    TaskGroup: 'web',
    JobVersion: 4,
    DesiredStatus: 'run',
    ClientStatus: clientStatus,
    TaskStates: {
      server: {
        State: clientStatus === 'failed' ? 'dead' : 'running',
        Failed: clientStatus === 'failed',
        Restarts: 0,
        Events: [
          {
            Type: 'Terminated',
            Time: 1755771299000000000,
            DisplayMessage: 'Exit Code: 1, Signal: 0'
          }
        ]
      }
    },
    DeploymentStatus:
      healthy === null && !canary ? null : { Healthy: healthy, Canary: canary, ModifyIndex: 130 }
  }
}

const manual = 'Deployment is running but requires manual promotion'
const cases: Array<{
  name: string
  deployment: ReturnType<typeof deployment>
  allocations: unknown[]
  now?: number
  expected: Partial<DeployDecision> & { kind: DeployDecision['kind'] }
}> = [
  {
    name: 'successful is done, success',
    deployment: deployment('successful', 'Deployment completed successfully', {
      web: group({ Promoted: true, HealthyAllocs: 2 })
    }),
    allocations: [],
    expected: { kind: 'done', outcome: 'success', reason: 'Deployment completed successfully' }
  },
  {
    name: 'failed with a rollback names the version',
    deployment: deployment(
      'failed',
      'Failed due to unhealthy allocations - rolling back to job version 3',
      { web: group({ HealthyAllocs: 0, UnhealthyAllocs: 1 }) }
    ),
    allocations: [alloc('c1', false, true, 'failed')],
    expected: { kind: 'done', outcome: 'failure', rollback: { kind: 'reverting', toVersion: 3 } }
  },
  {
    name: 'progress deadline failure without a stable version',
    deployment: deployment(
      'failed',
      'Failed due to progress deadline - no stable job version to auto revert to',
      { web: group({ HealthyAllocs: 0 }) }
    ),
    allocations: [alloc('c1', null, true)],
    expected: { kind: 'done', outcome: 'failure', rollback: { kind: 'no-stable-version' } }
  },
  {
    name: 'cancelled by a newer version is a failure',
    deployment: deployment('cancelled', 'Cancelled due to newer version of job', { web: group() }),
    allocations: [],
    expected: {
      kind: 'done',
      outcome: 'failure',
      reason: 'Cancelled due to newer version of job',
      rollback: { kind: 'none' }
    }
  },
  {
    name: 'canary placed and healthy, not promoted: promote',
    deployment: deployment('running', manual, { web: group() }),
    allocations: [alloc('c1', true, true), alloc('old1', null, false)],
    expected: { kind: 'promote', groups: ['web'] }
  },
  {
    name: 'canary placed but health undecided: wait',
    deployment: deployment('running', manual, { web: group({ HealthyAllocs: 0 }) }),
    allocations: [alloc('c1', null, true)],
    expected: { kind: 'wait', reason: 'waiting for web: 0/1 canaries healthy' }
  },
  {
    name: 'counter says healthy but the allocation list does not show it yet: wait',
    deployment: deployment('running', manual, { web: group() }),
    allocations: [],
    expected: { kind: 'wait' }
  },
  {
    name: 'unhealthy canary while Nomad reschedules: wait (Nomad decides the failure)',
    deployment: deployment('running', manual, {
      web: group({ HealthyAllocs: 0, UnhealthyAllocs: 1 })
    }),
    allocations: [alloc('c1', false, true, 'failed')],
    expected: { kind: 'wait' }
  },
  {
    name: 'a healthy canary that has since stopped does not count',
    deployment: deployment('running', manual, { web: group() }),
    allocations: [alloc('c1', true, true, 'complete')],
    expected: { kind: 'wait' }
  },
  {
    name: 'two groups: promote only when both are ready',
    deployment: deployment('running', manual, {
      web: group(),
      api: group({ PlacedCanaries: ['c2'], HealthyAllocs: 0 })
    }),
    allocations: [alloc('c1', true, true), alloc('c2', null, true)],
    expected: {
      kind: 'wait',
      reason: 'waiting for api: 0/1 canaries healthy; web: 1/1 canaries healthy'
    }
  },
  {
    name: 'no canaries (rolling update): wait for allocations',
    deployment: deployment('running', 'Deployment is running', {
      web: group({ DesiredCanaries: 0, PlacedCanaries: null })
    }),
    allocations: [alloc('a1', true, false)],
    expected: { kind: 'wait', reason: 'waiting for web: 1/2 allocations healthy' }
  },
  {
    name: 'promoted and all healthy: wait for Nomad to mark it successful',
    deployment: deployment('running', 'Deployment is running', {
      web: group({ Promoted: true, HealthyAllocs: 2 })
    }),
    allocations: [],
    expected: { kind: 'wait', reason: 'waiting for Nomad to mark the deployment successful' }
  },
  {
    name: 'auto-promote groups are left to Nomad',
    deployment: deployment('running', 'Deployment is running pending automatic promotion', {
      web: group({ AutoPromote: true })
    }),
    allocations: [alloc('c1', true, true)],
    expected: { kind: 'wait' }
  },
  {
    name: 'our deadline passed while waiting for manual promotion material: fail',
    deployment: deployment('running', manual, { web: group({ HealthyAllocs: 0 }) }),
    allocations: [alloc('c1', null, true)],
    now: LATER,
    expected: {
      kind: 'fail',
      reason: 'our deadline passed while waiting for web: 0/1 canaries healthy'
    }
  },
  {
    name: 'paused: wait, and fail at our deadline',
    deployment: deployment('paused', 'Deployment is paused', { web: group({ HealthyAllocs: 0 }) }),
    allocations: [],
    expected: { kind: 'wait', reason: 'deployment is paused: Deployment is paused' }
  },
  {
    name: 'terminal beats the deadline',
    deployment: deployment('successful', 'Deployment completed successfully', { web: group() }),
    allocations: [],
    now: LATER,
    expected: { kind: 'done', outcome: 'success' }
  }
]

describe('evaluateDeployment', () => {
  it.each(cases)('$name', ({ deployment: d, allocations, now, expected }) => {
    const decision = evaluateDeployment(d, parseAllocations(allocations), now ?? NOW, NOW + 30_000)
    expect(decision).toMatchObject(expected)
  })

  it('names the failed allocation and its events on failure', () => {
    const d = deployment('failed', 'Failed due to unhealthy allocations', { web: group() })
    const decision = evaluateDeployment(
      d,
      parseAllocations([alloc('c1', false, true, 'failed'), alloc('ok', true, false)]),
      NOW,
      LATER
    )
    expect(decision.kind === 'done' && decision.failedAllocations.map(a => a.id)).toEqual(['c1'])
    expect(
      decision.kind === 'done' && decision.failedAllocations[0]?.tasks[0]?.events[0]?.message
    ).toBe('Exit Code: 1, Signal: 0')
  })
})

describe('readRollback', () => {
  it.each([
    [
      'Failed due to progress deadline - rolling back to job version 3',
      { kind: 'reverting', toVersion: 3 }
    ],
    [
      'Deployment marked as failed - rolling back to job version 12',
      { kind: 'reverting', toVersion: 12 }
    ],
    [
      'Failed due to unhealthy allocations - not rolling back to stable job version 2 as current job has same specification',
      { kind: 'same-spec', stableVersion: 2 }
    ],
    [
      'Deployment marked as failed - no stable job version to auto revert to',
      { kind: 'no-stable-version' }
    ],
    ['Failed due to unhealthy allocations', { kind: 'none' }]
  ])('%s', (description, expected) => {
    expect(readRollback(description)).toEqual(expected)
  })
})

describe('evaluateDeployment: the finer points (mutants that survived)', () => {
  const running = (groups: Record<string, unknown>) => deployment('running', manual, groups)
  const decide = (d: ReturnType<typeof deployment>, allocations: unknown[]): DeployDecision =>
    evaluateDeployment(d, parseAllocations(allocations), NOW, LATER)

  it('a successful deployment is done with no rollback and no failed allocations', () => {
    const d = deployment('successful', 'Deployment completed successfully', {
      web: group({ Promoted: true, HealthyAllocs: 2 })
    })
    expect(decide(d, [alloc('c1', false, true, 'failed')])).toEqual({
      kind: 'done',
      outcome: 'success',
      reason: 'Deployment completed successfully',
      rollback: { kind: 'none' },
      failedAllocations: []
    })
  })

  it('a failure without a description still says what happened', () => {
    const d = deployment('failed', '', { web: group({ HealthyAllocs: 0 }) })
    expect(decide(d, [])).toMatchObject({ kind: 'done', reason: 'Deployment failed' })
  })

  it('names as failed an unhealthy, a failed and a lost allocation, and nothing else', () => {
    const d = deployment('failed', 'Failed due to unhealthy allocations', {
      web: group({ HealthyAllocs: 0 })
    })
    const decision = decide(d, [
      alloc('unhealthy', false, true),
      alloc('failed-undecided', null, true, 'failed'),
      alloc('lost-healthy', true, true, 'lost'),
      alloc('fine', true, true),
      alloc('undecided', null, true)
    ])
    if (decision.kind !== 'done') throw new Error(`expected done, got ${decision.kind}`)
    expect(decision.failedAllocations.map(a => a.id)).toEqual([
      'unhealthy',
      'failed-undecided',
      'lost-healthy'
    ])
  })

  it.each(['complete', 'failed', 'lost'])(
    'does not count a healthy canary whose client is %s',
    clientStatus => {
      const d = running({ web: group({ HealthyAllocs: 1 }) })
      expect(decide(d, [alloc('c1', true, true, clientStatus)]).kind).toBe('wait')
      expect(decide(d, [alloc('c1', true, true)]).kind).toBe('promote')
    }
  )

  it('waits while Nomad counts fewer healthy allocations than canaries, even if they look healthy', () => {
    const d = running({ web: group({ HealthyAllocs: 0 }) })
    expect(decide(d, [alloc('c1', true, true)]).kind).toBe('wait')
  })

  it('waits while a canary is unhealthy, even if Nomad counts enough healthy allocations', () => {
    const d = running({
      web: group({ HealthyAllocs: 2, DesiredCanaries: 2, PlacedCanaries: ['c1', 'c2'] })
    })
    expect(decide(d, [alloc('c1', true, true), alloc('c2', null, true)]).kind).toBe('wait')
    expect(decide(d, [alloc('c1', true, true), alloc('c2', true, true)]).kind).toBe('promote')
  })

  it('gives the groups and counts in the promote reason', () => {
    const d = running({
      web: group({ HealthyAllocs: 2, DesiredCanaries: 2, PlacedCanaries: ['c1', 'c2'] })
    })
    expect(decide(d, [alloc('c1', true, true), alloc('c2', true, true)])).toEqual({
      kind: 'promote',
      groups: ['web'],
      reason: 'every canary is healthy (web 2/2)'
    })
  })
})

describe('evaluateDeployment: promoting two groups', () => {
  it('names both groups, comma-separated, in the reason', () => {
    const d = deployment('running', manual, {
      web: group({ HealthyAllocs: 1 }),
      api: group({ HealthyAllocs: 1, PlacedCanaries: ['c2'] })
    })
    const both = [alloc('c1', true, true), { ...alloc('c2', true, true), TaskGroup: 'api' }]
    expect(evaluateDeployment(d, parseAllocations(both), NOW, LATER)).toMatchObject({
      kind: 'promote',
      reason: expect.stringMatching(
        /^every canary is healthy \((web 1\/1, api 1\/1|api 1\/1, web 1\/1)\)$/
      )
    })
  })
})

describe('readRollback: versions of more than one digit', () => {
  it('reads the whole version number', () => {
    // nomad/deploymentwatcher/deployment_watcher.go: "… - not rolling back to stable job version %d as current job has same specification"
    expect(
      readRollback(
        'Failed due to unhealthy allocations - not rolling back to stable job version 12 as current job has same specification'
      )
    ).toEqual({ kind: 'same-spec', stableVersion: 12 })
    expect(
      readRollback('Failed due to progress deadline - rolling back to job version 10')
    ).toEqual({ kind: 'reverting', toVersion: 10 })
  })
})
