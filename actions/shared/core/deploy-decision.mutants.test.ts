import { describe, expect, it } from '@jest/globals'
import { parseAllocations, parseDeployment } from '../nomad/client/parse-deployment.js'
import { evaluateDeployment, failedAllocationsOf } from './deploy-decision.js'

/**
 * One test per bug that issue #18 planted by hand in deploy-decision.ts and saw survive: each
 * fails on its mutant and passes on the code. States are in Nomad's JSON shapes
 * (nomad/structs/structs.go: Deployment, DeploymentState, Allocation; api-docs/deployments.mdx).
 */
const NOW = Date.parse('2026-08-21T10:10:00Z')

function group(name: string, overrides: Record<string, unknown> = {}): [string, unknown] {
  return [
    name,
    {
      AutoRevert: true,
      AutoPromote: false,
      Promoted: false,
      PlacedCanaries: [`${name}-c1`],
      DesiredCanaries: 1,
      DesiredTotal: 2,
      PlacedAllocs: 1,
      HealthyAllocs: 1,
      UnhealthyAllocs: 0,
      ...overrides
    }
  ]
}

function deployment(status: string, description: string, groups: [string, unknown][]) {
  return parseDeployment({
    ID: '85ee4a9a-0000-0000-0000-000000000000',
    Namespace: 'default',
    JobID: 'web',
    JobVersion: 4,
    TaskGroups: Object.fromEntries(groups),
    Status: status,
    StatusDescription: description,
    CreateIndex: 121,
    ModifyIndex: 130
  })
}

function alloc(
  id: string,
  group: string,
  over: { healthy?: boolean | null; client?: string; desired?: string } = {}
) {
  return {
    ID: id,
    Name: `web.${group}[0]`,
    TaskGroup: group,
    JobVersion: 4,
    DesiredStatus: over.desired ?? 'run',
    ClientStatus: over.client ?? 'running',
    TaskStates: {},
    DeploymentStatus:
      over.healthy === null ? null : { Healthy: over.healthy ?? true, Canary: true, ModifyIndex: 1 }
  }
}

describe('evaluateDeployment: the mutants that survived before', () => {
  it('fails a paused deployment once our deadline has passed (deadline checked before status)', () => {
    const paused = deployment('paused', 'Deployment is paused', [group('web')])
    const allocations = parseAllocations([alloc('web-c1', 'web')])
    expect(evaluateDeployment(paused, allocations, NOW, NOW - 1).kind).toBe('fail')
    expect(evaluateDeployment(paused, allocations, NOW, NOW + 1)).toEqual({
      kind: 'wait',
      reason: 'deployment is paused: Deployment is paused'
    })
  })

  it('fails exactly at the deadline, not one tick later (now >= deadline)', () => {
    const running = deployment('running', 'Deployment is running', [
      group('web', { PlacedCanaries: [], HealthyAllocs: 0 })
    ])
    expect(evaluateDeployment(running, [], NOW, NOW)).toEqual({
      kind: 'fail',
      reason: 'our deadline passed while waiting for web: 0/1 canaries healthy'
    })
    expect(evaluateDeployment(running, [], NOW - 1, NOW).kind).toBe('wait')
  })

  it('promotes mixed auto/manual canary groups: only all-auto is left to Nomad (every, not some)', () => {
    const mixed = deployment('running', 'Deployment is running but requires manual promotion', [
      group('web', { AutoPromote: true }),
      group('api', { AutoPromote: false })
    ])
    const allocations = parseAllocations([alloc('web-c1', 'web'), alloc('api-c1', 'api')])
    expect(evaluateDeployment(mixed, allocations, NOW, NOW + 60_000)).toMatchObject({
      kind: 'promote',
      groups: ['api', 'web']
    })
    const allAuto = deployment('running', 'Deployment is running', [
      group('web', { AutoPromote: true }),
      group('api', { AutoPromote: true })
    ])
    expect(evaluateDeployment(allAuto, allocations, NOW, NOW + 60_000)).toMatchObject({
      kind: 'wait',
      reason: expect.stringContaining('Nomad promotes automatically')
    })
  })

  it('names a lost allocation among the failed ones', () => {
    const failed = deployment(
      'failed',
      'Failed due to unhealthy allocations - rolling back to job version 3',
      [group('web')]
    )
    const allocations = parseAllocations([
      alloc('lost-1', 'web', { healthy: null, client: 'lost' }),
      alloc('ok-1', 'web', { healthy: true })
    ])
    const decision = evaluateDeployment(failed, allocations, NOW, NOW + 60_000)
    expect(decision.kind === 'done' && decision.failedAllocations.map(a => a.id)).toEqual([
      'lost-1'
    ])
    expect(failedAllocationsOf(allocations).map(a => a.id)).toEqual(['lost-1'])
  })

  it('does not count a stopping canary as healthy (DesiredStatus must be run)', () => {
    const running = deployment('running', 'Deployment is running but requires manual promotion', [
      group('web')
    ])
    const stopping = parseAllocations([alloc('web-c1', 'web', { desired: 'stop' })])
    expect(evaluateDeployment(running, stopping, NOW, NOW + 60_000)).toEqual({
      kind: 'wait',
      reason: 'waiting for web: 0/1 canaries healthy'
    })
    const running1 = parseAllocations([alloc('web-c1', 'web')])
    expect(evaluateDeployment(running, running1, NOW, NOW + 60_000).kind).toBe('promote')
  })
})
