import { describe, expect, it } from '@jest/globals'
import { failureParagraph, firstFailedAllocation } from './failure-paragraph.js'
import type { DeployResult } from './types.js'

/** The closing paragraph of a failed deploy, from the result's fields and details. */

const details = [
  'allocation 1a2b3c4d (website.web[0], job version 4, node n1): failed, unhealthy — Failed tasks',
  '  task proxy: running',
  '    2026-12-08T01:00:00.000Z Started: Task started by client',
  '  task web: dead, failed, 3 restarts',
  '    2026-12-08T01:00:01.000Z Terminated: Exit Code: 137, Exit Message: "OOM Killed"',
  '  task later: dead',
  'allocation 9f9f9f9f (website.web[1], job version 4, node n2): failed, unhealthy',
  '  task other: dead'
]
const result = (over: Partial<DeployResult>): DeployResult => ({
  status: 'failure',
  jobId: 'website',
  jobVersion: 4,
  deploymentId: 'deadbeef-1234',
  promoted: false,
  revertedTo: undefined,
  statusDescription: 'Failed due to unhealthy allocations',
  reason: 'Deployment failed: Failed due to unhealthy allocations',
  diff: [],
  diffText: [],
  details: [],
  ...over
})
const facts = (over: Partial<DeployResult>, notAttempted: string[] = []) => ({
  service: 'website',
  version: '1.5.0',
  result: result(over),
  notAttempted
})

describe('firstFailedAllocation', () => {
  it('the first allocation, the task whose events hold the exit code, and the code', () => {
    expect(firstFailedAllocation(['Deployment failed', ...details])).toEqual({
      id: '1a2b3c4d',
      task: 'web',
      exitCode: '137'
    })
  })

  it('without an exit code: the first task named; without tasks: the id alone', () => {
    expect(firstFailedAllocation([details[0] ?? '', details[1] ?? '', details[3] ?? ''])).toEqual({
      id: '1a2b3c4d',
      task: 'proxy'
    })
    expect(firstFailedAllocation([details[0] ?? '', 'task web: not indented'])).toEqual({
      id: '1a2b3c4d'
    })
  })

  it('the task of the exit code when it is the third, not a task an event quotes', () => {
    expect(
      firstFailedAllocation([
        details[0] ?? '',
        '  task a: running',
        '  task b: running',
        '  task c: dead, failed',
        '    2026-12-08T01:00:00.000Z Restart Signaled: task proxy: health check failed',
        '    2026-12-08T01:00:01.000Z Terminated: Exit Code: 2'
      ])
    ).toEqual({ id: '1a2b3c4d', task: 'c', exitCode: '2' })
  })

  it('reads only the indented lines after the header', () => {
    expect(
      firstFailedAllocation([
        '  task before: dead',
        details[0] ?? '',
        'Nomad rolled back (Exit Code: 9 was the old one)',
        '  task web: dead',
        '    Terminated: Exit Code: 1'
      ])
    ).toEqual({ id: '1a2b3c4d', task: 'web', exitCode: '1' })
    expect(
      firstFailedAllocation(['  task before: dead', details[0] ?? '', '  task web: dead'])
    ).toEqual({ id: '1a2b3c4d', task: 'web' })
    expect(
      firstFailedAllocation([details[0] ?? '', '    Terminated: Exit Code: 1', '  task web: dead'])
    ).toEqual({
      id: '1a2b3c4d',
      exitCode: '1'
    })
  })

  it('none when no line is an allocation header', () => {
    expect(firstFailedAllocation([])).toBeUndefined()
    expect(
      firstFailedAllocation(['allocations 1a2b3c4d', ' allocation 1a2b3c4d x'])
    ).toBeUndefined()
    expect(firstFailedAllocation(['allocation 1a2b3c4dx (web)'])).toBeUndefined()
  })
})

describe('failureParagraph', () => {
  it('a reverted failure: Nomad’s reason, the version it rolled back to with its app version, the next commands', () => {
    expect(
      failureParagraph({
        ...facts({ revertedTo: 2, details }, ['package-site', 'worker']),
        revertedAppVersion: '1.4.0'
      })
    ).toEqual([
      '✖ website 1.5.0 was not deployed: deployment deadbeef failed; Nomad\'s reason: "Failed due to unhealthy allocations".',
      '  Nomad rolled back to job version 2 (website 1.4.0), which keeps serving.',
      '  Not attempted (the pipeline stops at the first failure): package-site, worker.',
      '  Next: `nomad alloc logs -stderr 1a2b3c4d web` (why it exited with code 137); once fixed, `elm-infra deploy website <new version>`.'
    ])
  })

  it('the result’s own app version wins; without one, points at the job history', () => {
    expect(
      failureParagraph({
        ...facts({ revertedTo: 2, revertedAppVersion: '1.3.9' }),
        revertedAppVersion: '1.4.0'
      })[1]
    ).toBe('  Nomad rolled back to job version 2 (website 1.3.9), which keeps serving.')
    expect(failureParagraph(facts({ revertedTo: 2 }))[1]).toBe(
      '  Nomad rolled back to job version 2 (its app version is not known: `nomad job history website`).'
    )
  })

  it('no revert: the version left registered, and the way back', () => {
    expect(failureParagraph(facts({ details: [details[0] ?? '', '  task web: dead'] }))).toEqual([
      '✖ website 1.5.0 was not deployed: deployment deadbeef failed; Nomad\'s reason: "Failed due to unhealthy allocations".',
      '  Nomad did not roll back: job version 4 (website 1.5.0) is registered; `nomad job status website` shows what runs.',
      '  Next: `nomad alloc logs -stderr 1a2b3c4d web` (why it failed); `elm-infra deploy website --previous` (back to the version before 1.5.0).'
    ])
  })

  it('without a task, the logs of the whole allocation', () => {
    expect(failureParagraph(facts({ details: [details[0] ?? ''] })).at(-1)).toBe(
      '  Next: `nomad alloc logs -stderr 1a2b3c4d` (why it failed); `elm-infra deploy website --previous` (back to the version before 1.5.0).'
    )
  })

  it('a timeout and a cancel say who failed the deployment', () => {
    expect(
      failureParagraph(facts({ reason: 'Timed out (x); the deployment was failed: y' }))[0]
    ).toBe(
      '✖ website 1.5.0 was not deployed: deployment deadbeef did not finish in time, so this deploy failed it; Nomad\'s reason: "Failed due to unhealthy allocations".'
    )
    const cancelled = failureParagraph(facts({ status: 'cancelled', reason: 'Timed out' }))
    expect(cancelled).toEqual([
      '✖ website 1.5.0 was not deployed: the run was cancelled and deployment deadbeef failed so Nomad reverts; Nomad\'s reason: "Failed due to unhealthy allocations".',
      '  Next: `elm-infra deploy website --previous` (back to the version before 1.5.0).'
    ])
  })

  it('without Nomad’s description or a deployment, the reason; never registered: nothing to do next', () => {
    expect(
      failureParagraph(
        facts({ statusDescription: undefined, jobVersion: undefined, reason: 'plan refused' })
      )
    ).toEqual(['✖ website 1.5.0 was not deployed: plan refused.'])
    expect(
      failureParagraph(
        facts({ deploymentId: undefined, jobVersion: undefined, reason: '2 allocation(s) failed' })
      )
    ).toEqual(['✖ website 1.5.0 was not deployed: 2 allocation(s) failed.'])
  })
})
