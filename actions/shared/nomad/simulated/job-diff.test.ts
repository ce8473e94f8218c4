import { beforeAll, expect, jest, test } from '@jest/globals'
import { parseJobHcl } from '../job-diff/json.js'
import { canonicalizeJob } from './canonicalize.js'
import { fixtureJobHcl } from './harness.js'
import { diffJobs } from './job-diff.js'
import type { Job } from './types.js'

// Parsing loads a WASM HCL parser; on a loaded CI machine that alone can take seconds.
jest.setTimeout(30_000)

let base: Job

beforeAll(async () => {
  base = canonicalizeJob(await parseJobHcl({ hcl: fixtureJobHcl() }))
})

function edited(edit: (job: Job) => void): Job {
  const job = structuredClone(base)
  edit(job)
  return job
}

const group = (job: Job): Job['TaskGroups'][number] =>
  job.TaskGroups[0] as Job['TaskGroups'][number]
const task = (job: Job): Job['TaskGroups'][number]['Tasks'][number] =>
  group(job).Tasks[0] as Job['TaskGroups'][number]['Tasks'][number]

test.each([
  {
    name: 'image change: an Edited Config object on the task, forcing create/destroy',
    edit: (j: Job) => (task(j).Config = { ...task(j).Config, image: 'ghcr.io/elm/web:2' }),
    expected: {
      Type: 'Edited',
      TaskGroups: [
        {
          Type: 'Edited',
          Name: 'web',
          Tasks: [
            {
              Type: 'Edited',
              Name: 'server',
              Annotations: ['forces create/destroy update'],
              Objects: [
                {
                  Type: 'Edited',
                  Name: 'Config',
                  Fields: [
                    {
                      Type: 'Edited',
                      Name: 'image',
                      Old: 'ghcr.io/elm/web:1',
                      New: 'ghcr.io/elm/web:2',
                      Annotations: null
                    }
                  ]
                }
              ]
            }
          ]
        }
      ]
    }
  },
  {
    name: 'count change: a group field',
    edit: (j: Job) => (group(j).Count = 3),
    expected: {
      Type: 'Edited',
      TaskGroups: [
        { Type: 'Edited', Fields: [{ Type: 'Edited', Name: 'Count', Old: '2', New: '3' }] }
      ]
    }
  },
  {
    name: 'env added: a map field named Env[KEY]',
    edit: (j: Job) => (task(j).Env = { ...task(j).Env, DEBUG: '1' }),
    expected: {
      TaskGroups: [
        { Tasks: [{ Fields: [{ Type: 'Added', Name: 'Env[DEBUG]', Old: '', New: '1' }] }] }
      ]
    }
  },
  {
    name: 'memory change: an Edited Resources object',
    edit: (j: Job) => (task(j).Resources.MemoryMB = 256),
    expected: {
      TaskGroups: [
        {
          Tasks: [
            {
              Objects: [
                {
                  Type: 'Edited',
                  Name: 'Resources',
                  Fields: [{ Name: 'MemoryMB', Old: '128', New: '256' }]
                }
              ]
            }
          ]
        }
      ]
    }
  },
  {
    name: 'job meta change: a job-level field',
    edit: (j: Job) => (j.Meta = { version: '2' }),
    expected: {
      Type: 'Edited',
      Fields: [{ Type: 'Edited', Name: 'Meta[version]', Old: '1', New: '2' }],
      TaskGroups: [{ Type: 'None' }]
    }
  },
  {
    name: 'datacenter added: a primitive set',
    edit: (j: Job) => (j.Datacenters = ['*', 'dc2']),
    expected: {
      Objects: [
        {
          Type: 'Edited',
          Name: 'Datacenters',
          Fields: [{ Type: 'Added', Name: 'Datacenters', Old: '', New: 'dc2' }]
        }
      ]
    }
  },
  {
    name: 'nothing changed: None',
    edit: () => undefined,
    expected: {
      Type: 'None',
      Fields: null,
      Objects: null,
      TaskGroups: [{ Type: 'None', Tasks: [{ Type: 'None', Annotations: null }] }]
    }
  }
])('$name', ({ edit, expected }) => {
  expect(diffJobs(base, edited(edit))).toMatchObject({ ID: 'web', ...expected })
})

test('a new job is Added with its groups and tasks Added', () => {
  const diff = diffJobs(undefined, base, { web: { create: 2 } })
  expect(diff).toMatchObject({
    Type: 'Added',
    TaskGroups: [
      {
        Type: 'Added',
        Name: 'web',
        Updates: { create: 2 },
        Tasks: [{ Type: 'Added', Annotations: ['forces create'] }]
      }
    ]
  })
})
