import { describe, expect, test } from '@jest/globals'
import { type JobCheck, findUnmanagedJobs, nomadLayer } from './nomad-drift.js'
import { describeRevert, findRevert } from './nomad-revert.js'

const job = (jobId: string, type: string, changes: string[] = []): JobCheck => ({
  jobId,
  jobFile: `nomad/${jobId}.nomad.hcl`,
  ok: true,
  missing: type === 'Added',
  changes: type === 'Edited' && changes.length === 0 ? ['Priority: 50 → 70'] : changes,
  updates: []
})

describe('nomadLayer', () => {
  const cases: {
    name: string
    checks: JobCheck[]
    live: Parameters<typeof nomadLayer>[1]
    status: string
    subjects: string[]
  }[] = [
    {
      name: 'all None is in sync',
      checks: [job('a', 'None'), job('b', 'None')],
      live: [
        { id: 'a', status: 'running' },
        { id: 'b', status: 'running' }
      ],
      status: 'in-sync',
      subjects: []
    },
    {
      name: 'an edited job is drift',
      checks: [job('a', 'Edited', ['group web › Count: 2 → 3']), job('b', 'None')],
      live: [
        { id: 'a', status: 'running' },
        { id: 'b', status: 'running' }
      ],
      status: 'drift',
      subjects: ['a']
    },
    {
      name: 'a missing job is drift',
      checks: [job('a', 'Added')],
      live: [],
      status: 'drift',
      subjects: ['a']
    },
    {
      name: 'a running job without a file is drift',
      checks: [job('a', 'None')],
      live: [
        { id: 'a', status: 'running' },
        { id: 'rogue', status: 'running' }
      ],
      status: 'drift',
      subjects: ['rogue']
    },
    {
      name: 'a job that cannot be compared makes the layer unknown',
      checks: [
        job('a', 'None'),
        { jobId: 'b', jobFile: 'nomad/b.nomad.hcl', ok: false, error: 'connect ECONNREFUSED' }
      ],
      live: [
        { id: 'a', status: 'running' },
        { id: 'b', status: 'running' }
      ],
      status: 'unknown',
      subjects: []
    },
    {
      name: 'a failed listing makes the layer unknown',
      checks: [job('a', 'None')],
      live: { error: 'Permission denied' },
      status: 'unknown',
      subjects: []
    },
    {
      name: 'drift wins over a job that cannot be compared',
      checks: [
        job('a', 'Edited'),
        { jobId: 'b', jobFile: 'nomad/b.nomad.hcl', ok: false, error: 'boom' }
      ],
      live: [{ id: 'a', status: 'running' }],
      status: 'drift',
      subjects: ['a']
    }
  ]
  test.each(cases)('$name', ({ checks, live, status, subjects }) => {
    const layer = nomadLayer(checks, live)
    expect(layer.status).toBe(status)
    expect(layer.items.map(i => i.subject)).toEqual(subjects)
    if (status === 'unknown') expect(layer.reason).toBeTruthy()
  })

  test('the summary counts jobs, and the reason names the failed job', () => {
    const layer = nomadLayer(
      [
        job('a', 'Edited', ['Meta.owner: "a" → "b"']),
        { jobId: 'b', jobFile: 'nomad/b.nomad.hcl', ok: false, error: 'boom' }
      ],
      [
        { id: 'a', status: 'running' },
        { id: 'x', status: 'pending' }
      ]
    )
    expect(layer.summary).toBe('1 of 2 jobs differ, 1 not in the repo, 1 could not be compared')
    expect(layer.reason).toBe('b: boom')
    expect(layer.items).toContainEqual({ subject: 'a', detail: 'edited: Meta.owner: "a" → "b"' })
  })
})

describe('findUnmanagedJobs', () => {
  test('skips stopped jobs and dispatched/periodic children', () => {
    const live = [
      { id: 'web', status: 'running' },
      { id: 'old', status: 'dead' },
      { id: 'cron/periodic-1700000000', status: 'running', parentId: 'cron' },
      { id: 'stray', status: 'pending' }
    ]
    expect(findUnmanagedJobs(live, ['web']).map(j => j.id)).toEqual(['stray'])
  })
})

describe('findRevert', () => {
  const v = (version: number, image: string) => ({
    version,
    raw: {
      ID: 'web',
      Version: version,
      TaskGroups: [{ Name: 'web', Tasks: [{ Name: 'server', Config: { image } }] }]
    }
  })
  const versions = [v(2, 'ok'), v(1, 'failing'), v(0, 'ok')]
  // The description DeploymentStatusDescriptionRollback writes (nomad/structs/structs.go).
  const autoReverted = {
    jobVersion: 1,
    status: 'failed',
    statusDescription: 'Failed due to unhealthy allocations - rolling back to job version 0'
  }

  test('an auto-revert is read from the failed deployment’s description', () => {
    const found = findRevert(2, versions, [autoReverted])
    expect(found).toEqual({
      failedVersion: 1,
      revertedTo: 0,
      runningVersion: 2,
      description: autoReverted.statusDescription
    })
    expect(describeRevert(found!)).toBe(
      'the deploy of version 1 failed (Failed due to unhealthy allocations - rolling back to job version 0) and Nomad rolled back to version 0; running version 2'
    )
  })

  test('a revert after a failed deployment without Nomad’s words: the running version equals an older one', () => {
    const failed = {
      jobVersion: 1,
      status: 'failed',
      statusDescription: 'Deployment marked as failed'
    }
    expect(findRevert(2, versions, [failed])).toMatchObject({
      failedVersion: 1,
      revertedTo: 0
    })
  })

  test('a plain newer version, or a failed deploy not followed by a copy, is no revert', () => {
    expect(findRevert(2, versions, [])).toBeUndefined()
    expect(
      findRevert(
        2,
        [v(2, 'new'), v(1, 'failing'), v(0, 'ok')],
        [{ ...autoReverted, statusDescription: 'Deployment marked as failed' }]
      )
    ).toBeUndefined()
    // The failed deployment is older than the version before the running one.
    expect(findRevert(3, [v(3, 'ok'), ...versions], [autoReverted])).toBeUndefined()
  })

  test('an older spec registered again without a failed deploy is an edit, not a revert', () => {
    expect(findRevert(2, versions, [])).toBeUndefined()
  })
})
