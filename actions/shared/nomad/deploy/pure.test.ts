import { describe, expect, it } from '@jest/globals'
import { judgeAllocations } from './allocs.js'
import { isUnchangedRegister } from './register.js'
import { expectsDeployment } from './ours.js'
import { readPlanDiff, renderPlanDiff } from './diff.js'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { NOMAD_FIXTURES_DIR } from '../../versions.js'
import {
  describeAllocation,
  describePlacementFailure,
  describeProgress,
  healthCounts
} from './report.js'
import { renderVariables } from './variables.js'
import { parseAllocations, parseDeployment } from '../client/parse-deployment.js'
import { parsePlacementFailures, parsePlan } from '../client/parse-job.js'

/** The pure pieces of the deploy: diff, report lines, variables, allocation verdicts (shapes from nomad-api.md). */
const plan = parsePlan({
  JobModifyIndex: 52,
  Index: 52,
  FailedTGAllocs: null,
  Warnings: '',
  Diff: {
    Type: 'Edited',
    ID: 'web',
    Fields: [{ Type: 'Edited', Name: 'Meta[version]', Old: '1', New: '2', Annotations: null }],
    Objects: null,
    TaskGroups: [
      {
        Type: 'Edited',
        Name: 'web',
        Fields: [{ Type: 'Edited', Name: 'Count', Old: '2', New: '3', Annotations: null }],
        Objects: null,
        Updates: { canary: 1, ignore: 2 },
        Tasks: [
          {
            Type: 'Edited',
            Name: 'server',
            Annotations: ['forces create/destroy update'],
            Fields: [
              { Type: 'Edited', Name: 'Env[VERSION]', Old: '1', New: '2' },
              { Type: 'Edited', Name: 'KillTimeout', Old: '5000000000', New: '10000000000' }
            ],
            Objects: [
              {
                Type: 'Edited',
                Name: 'Config',
                Fields: [{ Type: 'Edited', Name: 'image', Old: 'a@sha256:1', New: 'a@sha256:2' }]
              },
              {
                Type: 'Edited',
                Name: 'Resources',
                Fields: [{ Type: 'Edited', Name: 'MemoryMB', Old: '128', New: '256' }]
              }
            ]
          }
        ]
      }
    ]
  }
})

describe('plan diff', () => {
  it('puts image, count, env and resources first', () => {
    expect(renderPlanDiff('web', plan)).toEqual([
      "Job 'web' changes:",
      '  job Meta[version]: "1" → "2"',
      '  group web Count: "2" → "3"',
      '  group web › task server Env[VERSION]: "1" → "2"',
      '  group web › task server Config.image: "a@sha256:1" → "a@sha256:2"',
      '  group web › task server Resources.MemoryMB: "128" → "256"',
      '  group web › task server KillTimeout: "5000000000" → "10000000000"',
      '  scheduler: web: canary 1, ignore 2'
    ])
    expect(
      readPlanDiff(plan)
        .filter(l => !l.important)
        .map(l => l.field)
    ).toEqual(['KillTimeout'])
  })

  it('says no changes for a None diff', () => {
    const none = parsePlan({
      JobModifyIndex: 9,
      Diff: { Type: 'None', ID: 'web', Fields: null, Objects: null, TaskGroups: null }
    })
    expect(renderPlanDiff('web', none)).toEqual(["Job 'web': no changes"])
    expect(readPlanDiff(none)).toEqual([])
  })
})

describe('report lines', () => {
  it('describes a deployment per group', () => {
    const d = parseDeployment({
      ID: '85ee4a9a-0000',
      Status: 'running',
      StatusDescription: 'Deployment is running but requires manual promotion',
      TaskGroups: {
        web: {
          DesiredCanaries: 1,
          PlacedCanaries: ['c1'],
          DesiredTotal: 2,
          PlacedAllocs: 1,
          HealthyAllocs: 0,
          UnhealthyAllocs: 0,
          Promoted: false
        }
      }
    })
    expect(describeProgress(d)).toBe(
      'deployment 85ee4a9a running: web: canary 0/1 healthy — waiting for the canaries to turn healthy; this deploy then promotes them'
    )
  })

  it("Nomad's upstream sample (3 wanted, 1 canary, none placed yet) reads as 0/1 canary healthy", () => {
    const d = parseDeployment(
      (
        JSON.parse(
          readFileSync(
            join(import.meta.dirname, '../fixtures', NOMAD_FIXTURES_DIR, 'deployment.json'),
            'utf8'
          )
        ) as { response: unknown }
      ).response
    )
    expect(describeProgress(d)).toBe(
      'deployment 70638f62 running: cache: canary 0/1 healthy, 0/1 placed — '
    )
    expect(healthCounts(d)).toEqual({ healthy: 0, wanted: 1 })
  })

  // Issue #17 item 6: Nomad counts every placement, replacements of failed allocations included
  // (state_store.go updateDeploymentWithAlloc), so a crashing version read "canaries 5/1 placed"
  // and "allocations 28/1 placed". The counters below are those a progress deadline produces.
  it.each([
    {
      name: 'a crashing canary, replaced 4 times',
      group: {
        DesiredCanaries: 1,
        PlacedCanaries: ['a', 'b', 'c', 'd', 'e'],
        DesiredTotal: 2,
        PlacedAllocs: 5,
        HealthyAllocs: 0,
        UnhealthyAllocs: 5
      },
      status: ['running', 'Deployment is running but requires manual promotion'],
      line: 'web: canary 0/1 healthy, 5 unhealthy, 4 replacements for failed ones — waiting for the canaries to turn healthy; this deploy then promotes them'
    },
    {
      name: 'a crashing rolling update, replaced 28 times',
      group: {
        DesiredCanaries: 0,
        PlacedCanaries: null,
        DesiredTotal: 1,
        PlacedAllocs: 29,
        HealthyAllocs: 0,
        UnhealthyAllocs: 29
      },
      status: ['failed', 'Failed due to progress deadline - rolling back to job version 0'],
      line: 'web: allocations 0/1 healthy, 29 unhealthy, 28 replacements for failed ones — Failed due to progress deadline - rolling back to job version 0'
    },
    {
      name: 'healthy canaries waiting for our promotion',
      group: {
        DesiredCanaries: 1,
        PlacedCanaries: ['a'],
        DesiredTotal: 2,
        PlacedAllocs: 1,
        HealthyAllocs: 1,
        UnhealthyAllocs: 0
      },
      status: ['running', 'Deployment is running but requires manual promotion'],
      line: 'web: canary 1/1 healthy — canaries healthy: this deploy promotes them'
    },
    {
      name: 'promoted, half way',
      group: {
        DesiredCanaries: 1,
        PlacedCanaries: ['a'],
        DesiredTotal: 2,
        PlacedAllocs: 2,
        HealthyAllocs: 1,
        UnhealthyAllocs: 0,
        Promoted: true
      },
      status: ['running', 'Deployment is running'],
      line: 'web: allocations 1/2 healthy (canary promoted) — Deployment is running'
    }
  ])('$name', ({ group, status, line }) => {
    const d = parseDeployment({
      ID: '85ee4a9a-0000',
      Status: status[0],
      StatusDescription: status[1],
      TaskGroups: { web: { Promoted: false, ...group } }
    })
    const text = describeProgress(d)
    expect(text).toBe(`deployment 85ee4a9a ${status[0]}: ${line}`)
    expect(text).not.toContain('requires manual promotion')
    for (const [, a, b] of text.matchAll(/(\d+)\/(\d+)/g))
      expect(Number(a)).toBeLessThanOrEqual(Number(b))
  })

  it('names an allocation and its task events', () => {
    const [alloc] = parseAllocations([
      {
        ID: 'd0ad0808-1111',
        Name: 'web.web[0]',
        NodeName: 'node-1',
        TaskGroup: 'web',
        JobVersion: 4,
        DesiredStatus: 'run',
        ClientStatus: 'failed',
        ClientDescription: 'Failed tasks',
        DeploymentStatus: { Healthy: false, Canary: true },
        TaskStates: {
          server: {
            State: 'dead',
            Failed: true,
            Restarts: 0,
            Events: [
              {
                Type: 'Driver Failure',
                Time: 1755771299000000000,
                DisplayMessage: '',
                DriverError: 'Failed to pull `ghcr.io/elm/web:nope`: manifest unknown'
              },
              {
                Type: 'Alloc Unhealthy',
                Time: 1755771300000000000,
                DisplayMessage: 'Unhealthy because of failed task'
              }
            ]
          }
        }
      }
    ])
    expect(alloc && describeAllocation(alloc)).toEqual([
      'allocation d0ad0808 (web.web[0], job version 4, node node-1, canary): failed, unhealthy — Failed tasks',
      '  task server: dead, failed',
      '    2025-08-21T10:14:59.000Z Driver Failure: Failed to pull `ghcr.io/elm/web:nope`: manifest unknown',
      '    2025-08-21T10:15:00.000Z Alloc Unhealthy: Unhealthy because of failed task'
    ])
  })

  it('explains a placement failure like nomad job run', () => {
    const [failure] = parsePlacementFailures({
      web: {
        NodesEvaluated: 2,
        NodesFiltered: 0,
        NodesAvailable: { dc1: 2 },
        NodesExhausted: 2,
        DimensionExhausted: { memory: 2 },
        CoalescedFailures: 1
      }
    })
    expect(failure && describePlacementFailure(failure)).toBe(
      'group "web" could not be placed: resources exhausted on 2 nodes; dimension "memory" exhausted on 2 nodes (1 more allocations failed the same way)'
    )
  })
})

describe('renderVariables', () => {
  it('writes an HCL var-file that never interpolates', () => {
    expect(renderVariables({ image: 'ghcr.io/elm/web@sha256:ab', version: 'v"1"\\${x}%{y}' })).toBe(
      'image = "ghcr.io/elm/web@sha256:ab"\nversion = "v\\"1\\"\\\\$${x}%%{y}"\n'
    )
    expect(() => renderVariables({ 'bad name': 'x' })).toThrow(/not an HCL identifier/)
  })
})

describe('judgeAllocations (no deployment of our version)', () => {
  const alloc = (
    id: string,
    version: number,
    clientStatus: string,
    extra: Record<string, unknown> = {}
  ): Record<string, unknown> => ({
    ID: id,
    NodeName: `node-${id}`,
    JobVersion: version,
    DesiredStatus: 'run',
    ClientStatus: clientStatus,
    ...extra
  })
  const healthy = { DeploymentStatus: { Healthy: true } }
  const service = { type: 'service', count: 2 }
  it.each([
    [
      [
        alloc('a', 1, 'running', healthy),
        alloc('b', 1, 'running', healthy),
        alloc('o', 0, 'failed')
      ],
      'success'
    ],
    // running is not enough for a service: Nomad's health (migrate strategy) must say healthy
    [[alloc('a', 1, 'running', healthy), alloc('b', 1, 'running')], 'wait'],
    [[alloc('a', 1, 'running', healthy)], 'wait'],
    [[alloc('a', 1, 'running'), alloc('b', 1, 'failed')], 'failure'],
    [[alloc('a', 1, 'running', { DeploymentStatus: { Healthy: false } })], 'failure'],
    [[alloc('a', 1, 'lost')], 'failure'],
    [[], 'wait']
  ])('service %j → %s', (allocs, kind) => {
    expect(judgeAllocations(parseAllocations(allocs), 1, service).kind).toBe(kind)
  })

  it('a count-0 version succeeds with nothing to run', () => {
    expect(judgeAllocations([], 1, { ...service, count: 0 }).kind).toBe('success')
  })

  // Since Nomad 1.11 the client tracks a system allocation's health too (health_hook.go), so a
  // system version without a deployment is judged by Nomad's health, one allocation per node.
  describe('system jobs: every node on our version and healthy', () => {
    const system = { type: 'system', count: 1 }
    it('waits while a node still runs the older version', () => {
      const allocs = parseAllocations([alloc('a', 1, 'running', healthy), alloc('b', 0, 'running')])
      expect(judgeAllocations(allocs, 1, system)).toMatchObject({
        kind: 'wait',
        reason: 'job version 1 healthy on 1/2 node(s)'
      })
    })
    it.each([
      [[alloc('a', 1, 'running', healthy), alloc('c', 1, 'running', healthy)], 'success'],
      [[alloc('a', 1, 'running', healthy), alloc('c', 1, 'running')], 'wait'],
      [
        [
          alloc('a', 1, 'running', healthy),
          alloc('c', 1, 'running', { DeploymentStatus: { Healthy: false } })
        ],
        'failure'
      ]
    ])('%j → %s', (allocs, kind) => {
      expect(judgeAllocations(parseAllocations(allocs), 1, system).kind).toBe(kind)
    })
    it('a restarted task fails the gate and names the node', () => {
      const restarted = parseAllocations([
        alloc('a', 1, 'running', {
          TaskStates: { t: { State: 'running', Restarts: 1, Events: [] } }
        })
      ])
      expect(judgeAllocations(restarted, 1, system)).toMatchObject({
        kind: 'failure',
        reason: '1 allocation(s) of job version 1 failed (node node-a)'
      })
    })
  })
})

describe('isUnchangedRegister (the plan and register answers of Nomad 2.0.5)', () => {
  const version = (v: number, jobModifyIndex: number) => ({
    id: 'web',
    type: 'service',
    status: 'running',
    version: v,
    stable: true,
    modifyIndex: jobModifyIndex + 5,
    jobModifyIndex
  })
  const versions = [version(1, 40), version(0, 20)]
  it.each([
    // 2.0.5: an unchanged register answers the job's ModifyIndex (45), which no version carries.
    ['None', 40, 45, true],
    // the job's ModifyIndex had not moved since the register of version 1 (and 1.10's answer)
    ['None', 40, 40, true],
    // a changed spec: the answer is the new version's JobModifyIndex
    ['Edited', 40, 60, false],
    // diff None, yet the register wrote a version (SpecChanged saw a difference the diff did not)
    ['None', 20, 40, false]
  ])('plan %s at %d, register answered %d → unchanged %s', (diffType, planIndex, answer, want) => {
    expect(isUnchangedRegister({ diffType, jobModifyIndex: planIndex }, answer, versions)).toBe(
      want
    )
  })
})

describe('expectsDeployment', () => {
  const job = (type: string, groups: unknown[]) =>
    ({ id: 'j', type, raw: { TaskGroups: groups } }) as unknown as Parameters<
      typeof expectsDeployment
    >[0]
  it.each([
    ['service', [{ Count: 2, Update: { MaxParallel: 1 } }], true],
    ['service', [{ Count: 0, Update: { MaxParallel: 1 } }], false],
    ['service', [{ Count: 2, Update: { MaxParallel: 0 } }], false],
    ['service', [{ Count: 2, Update: null }], false],
    ['system', [{ Count: 1, Update: { MaxParallel: 1 } }], true],
    ['batch', [{ Count: 1, Update: { MaxParallel: 1 } }], false]
  ])('%s %j → %s', (type, groups, want) => {
    expect(expectsDeployment(job(type, groups))).toBe(want)
  })
})
