import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../errors.js'
import type { ParsedJob, PlacementFailure, PlanResult } from '../types.js'
import { fakeClient, linesLogger } from './fakes.js'
import { planJob } from './plan.js'
import { describePlacementFailure } from './report.js'
import { renderPlanDiff } from './diff.js'

/**
 * plan.ts over a fake client: the job file's variables are checked before any request, the job is
 * parsed with them and planned, and the plan's diff, warnings and placement failures are logged.
 * Against the simulated cluster: staged.test.ts.
 */

const HCL = 'variable "image" {\n  type = string\n}\njob "website" {}\n'
const job: ParsedJob = { id: 'website', type: 'service', raw: { ID: 'website' } }
const failure: PlacementFailure = {
  group: 'web',
  nodesEvaluated: 2,
  nodesFiltered: 2,
  nodesExhausted: 0,
  nodesAvailable: { dc1: 2 },
  classFiltered: {},
  constraintFiltered: { '${attr.consul.version} semver >= 1.8.0': 2 },
  classExhausted: {},
  dimensionExhausted: {},
  quotaExhausted: [],
  coalescedFailures: 0
}
const plan = (over: Partial<PlanResult> = {}): PlanResult => ({
  jobModifyIndex: 40,
  diffType: 'Edited',
  diff: {
    type: 'Edited',
    name: 'website',
    fields: [{ type: 'Edited', name: 'Meta[version]', old: '1', new: '2' }],
    objects: [],
    children: [],
    updates: {}
  },
  failedPlacements: [],
  warnings: '',
  ...over
})

describe('planJob', () => {
  it('parses with the variables as a var-file, plans, logs the diff and returns the submission', async () => {
    const calls: string[] = []
    const answer = plan({ warnings: ' 1 warning:\n* deprecated \n', failedPlacements: [failure] })
    const client = fakeClient({
      parseJob: async (hcl, variables) => {
        calls.push(`parse ${hcl === HCL} ${JSON.stringify(variables)}`)
        return job
      },
      planJob: async j => {
        calls.push(`plan ${j.id}`)
        return answer
      }
    })
    const logger = linesLogger()
    const planned = await planJob(client, HCL, { image: 'ghcr.io/elm/website:2' }, logger)
    expect(calls).toEqual(['parse true "image = \\"ghcr.io/elm/website:2\\"\\n"', 'plan website'])
    expect(planned).toEqual({
      job,
      plan: answer,
      diff: [{ where: '', field: 'Meta[version]', change: '"1" → "2"', important: true }],
      diffText: renderPlanDiff('website', answer),
      submission: {
        source: HCL,
        format: 'hcl2',
        variableFlags: { image: 'ghcr.io/elm/website:2' },
        variables: ''
      }
    })
    expect(logger.lines).toEqual([
      ...renderPlanDiff('website', answer).map(l => `info: ${l}`),
      'warning: Nomad warns: 1 warning:\n* deprecated',
      `warning: The plan could not place everything: ${describePlacementFailure(failure)}`
    ])
  })

  it('logs no warning for blank warnings', async () => {
    const client = fakeClient({
      parseJob: async () => job,
      planJob: async () => plan({ warnings: ' \n' })
    })
    const logger = linesLogger()
    await planJob(client, HCL, {}, logger)
    expect(logger.lines.filter(l => l.startsWith('warning:'))).toEqual([])
  })

  it('refuses a variable the job does not declare before any request', async () => {
    const client = fakeClient({})
    await expect(planJob(client, HCL, { imgae: 'x' }, linesLogger())).rejects.toBeInstanceOf(
      InputError
    )
  })
})
