import { describe, expect, test } from '@jest/globals'
import { parsePlan } from '../nomad/parse-job.js'
import { type JobCheck, findUnmanagedJobs, nomadLayer, summariseJobDiff } from './nomad-drift.js'

/** Through the client's own boundary parser, as the real check does. */
const diffOf = (diff: unknown) => parsePlan({ Diff: diff, JobModifyIndex: 7 }).diff

/** A plan Diff as Nomad returns it (nomad-api.md §1.2): image and count edited in group web. */
const EDITED = {
  Type: 'Edited',
  ID: 'website',
  Fields: [{ Type: 'None', Name: 'Priority', Old: '50', New: '50' }],
  Objects: [{ Type: 'Edited', Name: 'Meta', Fields: [] }],
  TaskGroups: [
    {
      Type: 'Edited',
      Name: 'web',
      Fields: [{ Type: 'Edited', Name: 'Count', Old: '2', New: '3' }],
      Objects: null,
      Tasks: [
        {
          Type: 'Edited',
          Name: 'server',
          Fields: [{ Type: 'Edited', Name: 'Env[SECRET]', Old: 'a', New: 'hunter2' }],
          Objects: [{ Type: 'Edited', Name: 'Config', Fields: [] }]
        },
        { Type: 'None', Name: 'sidecar', Fields: [], Objects: [] }
      ],
      Updates: { 'create/destroy update': 2 }
    },
    { Type: 'None', Name: 'idle', Fields: [], Objects: [], Tasks: [] }
  ]
}

const job = (jobId: string, type: string, paths: string[] = []): JobCheck => ({
  jobId,
  jobFile: `nomad/${jobId}.nomad.hcl`,
  ok: true,
  diff: { type, paths }
})

describe('summariseJobDiff', () => {
  test('names what changed, per group and task, never the values', () => {
    const summary = summariseJobDiff(diffOf(EDITED))
    expect(summary).toEqual({
      type: 'Edited',
      paths: ['Meta', 'group web: Count', 'group web › task server: Env[SECRET], Config']
    })
    expect(JSON.stringify(summary)).not.toContain('hunter2')
  })

  test('None has no paths', () => {
    expect(
      summariseJobDiff(diffOf({ Type: 'None', Fields: null, Objects: null, TaskGroups: null }))
    ).toEqual({ type: 'None', paths: [] })
  })
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
      checks: [job('a', 'Edited', ['group web: Count']), job('b', 'None')],
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
      name: 'a failed plan makes the layer unknown',
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
      name: 'drift wins over a failed plan',
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
        job('a', 'Edited', ['Meta']),
        { jobId: 'b', jobFile: 'nomad/b.nomad.hcl', ok: false, error: 'boom' }
      ],
      [
        { id: 'a', status: 'running' },
        { id: 'x', status: 'pending' }
      ]
    )
    expect(layer.summary).toBe('1 of 2 jobs differ, 1 not in the repo, 1 could not be planned')
    expect(layer.reason).toBe('b: boom')
    expect(layer.items).toContainEqual({ subject: 'a', detail: 'edited: Meta' })
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
