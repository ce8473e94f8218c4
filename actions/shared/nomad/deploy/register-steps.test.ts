import { describe, expect, it } from '@jest/globals'
import { JobChangedError } from '../client/register.js'
import type { NomadClient } from '../client/client.js'
import type {
  BlockingQuery,
  Deployment,
  Indexed,
  JobInfo,
  PlanResult,
  RegisterResult
} from '../types.js'
import { deployment, fakeClient, fakeClock, jobInfo, linesLogger } from './fakes.js'
import type { PlannedJob } from './plan.js'
import {
  findDeploymentFor,
  isUnchangedRegister,
  registerPlanned,
  registeredVersion
} from './register.js'

/**
 * register.ts over a fake client: which version a register wrote (Nomad 2.0.5's answers:
 * nomad/job_endpoint.go `Job.Register`, `Job.Plan`, as register.ts cites), what is logged, and the
 * bounded wait for a rollback's deployment. The same steps against the simulated cluster:
 * staged.test.ts.
 */

const job = { id: 'website', type: 'service', raw: { ID: 'website' } }
const plan = (over: Partial<PlanResult> = {}): PlanResult => ({
  jobModifyIndex: 40,
  diffType: 'Edited',
  diff: { type: 'Edited', name: 'website', fields: [], objects: [], children: [], updates: {} },
  failedPlacements: [],
  warnings: '',
  ...over
})
const planned = (over: Partial<PlanResult> = {}): PlannedJob => ({
  job,
  plan: plan(over),
  diff: [],
  diffText: [],
  submission: { source: 'job "website" {}', format: 'hcl2', variableFlags: {}, variables: '' }
})
const v0 = jobInfo({ version: 0, jobModifyIndex: 20, modifyIndex: 25 })
const v1 = jobInfo({ version: 1, jobModifyIndex: 40, modifyIndex: 45 })
const v2 = jobInfo({ version: 2, jobModifyIndex: 60, modifyIndex: 60 })

function client(over: {
  answer: RegisterResult | Awaited<ReturnType<NomadClient['registerJob']>>
  versions?: readonly JobInfo[]
  job?: JobInfo | undefined
  again?: PlanResult
}) {
  const calls: string[] = []
  const c = fakeClient({
    registerJob: async (j, index, submission) => {
      calls.push(`register ${j.id} at ${index} with ${submission?.format ?? 'no submission'}`)
      return over.answer
    },
    readJobVersions: async id => {
      calls.push(`versions ${id}`)
      return [...(over.versions ?? [])]
    },
    readJob: async id => {
      calls.push(`job ${id}`)
      return over.job
    },
    planJob: async j => {
      calls.push(`plan ${j.id}`)
      return over.again ?? plan()
    }
  })
  return { c, calls }
}

describe('registerPlanned', () => {
  it('a changed spec: the version whose JobModifyIndex is the answer, with the eval, and warnings said', async () => {
    const { c, calls } = client({
      answer: { evalId: 'e1e1e1e1-0000', jobModifyIndex: 60, warnings: '  a warning \n' },
      versions: [v2, v1, v0]
    })
    const logger = linesLogger()
    await expect(registerPlanned(c, planned(), logger)).resolves.toEqual({
      evalId: 'e1e1e1e1-0000',
      jobModifyIndex: 60,
      version: 2,
      specIndex: 60,
      unchanged: false
    })
    expect(calls).toEqual(['register website at 40 with hcl2', 'versions website'])
    expect(logger.lines).toEqual([
      'warning: Nomad warns: a warning',
      "info: Registered job 'website' as version 2 (JobModifyIndex 60), evaluation e1e1e1e1"
    ])
  })

  it('an unchanged spec (2.0.5 answers the ModifyIndex): still the planned version, its own spec index', async () => {
    const { c } = client({
      answer: { evalId: '', jobModifyIndex: 45, warnings: '   ' },
      versions: [v1, v0]
    })
    const logger = linesLogger()
    await expect(registerPlanned(c, planned({ diffType: 'None' }), logger)).resolves.toEqual({
      evalId: '',
      jobModifyIndex: 45,
      version: 1,
      specIndex: 40,
      unchanged: true
    })
    expect(logger.lines).toEqual([
      "info: Nomad wrote no new version of job 'website': its specification is unchanged (still version 1)"
    ])
    const withEval = client({
      answer: { evalId: 'e2e2e2e2-0000', jobModifyIndex: 40, warnings: '' },
      versions: [v1, v0]
    })
    const l2 = linesLogger()
    await registerPlanned(withEval.c, planned({ diffType: 'None' }), l2)
    expect(l2.lines).toEqual([
      "info: Nomad wrote no new version of job 'website': its specification is unchanged (still version 1); evaluation e2e2e2e2"
    ])
  })

  it('an unchanged spec is the planned version even when someone registered a newer one since', async () => {
    const { c } = client({
      answer: { evalId: '', jobModifyIndex: 45, warnings: '' },
      versions: [v2, v1, v0]
    })
    await expect(
      registerPlanned(c, planned({ diffType: 'None' }), linesLogger())
    ).resolves.toMatchObject({ version: 1, specIndex: 40, unchanged: true })
  })

  it('a changed spec whose version the job has moved past is read from the job; else version 0', async () => {
    const moved = client({
      answer: { evalId: '', jobModifyIndex: 70, warnings: '' },
      versions: [v1, v0],
      job: jobInfo({ version: 3, jobModifyIndex: 70 })
    })
    const logger = linesLogger()
    await expect(registerPlanned(moved.c, planned(), logger)).resolves.toMatchObject({
      version: 3,
      specIndex: 70
    })
    expect(moved.calls).toEqual([
      'register website at 40 with hcl2',
      'versions website',
      'job website'
    ])
    expect(logger.lines).toEqual([
      "info: Registered job 'website' as version 3 (JobModifyIndex 70)"
    ])
    const lost = client({ answer: { evalId: 'e', jobModifyIndex: 70, warnings: '' }, versions: [] })
    await expect(registerPlanned(lost.c, planned(), linesLogger())).resolves.toMatchObject({
      version: 0,
      specIndex: 70,
      unchanged: false
    })
  })

  it('a lost answer whose job plans as ours (diff None) is ours, at the version that holds the index', async () => {
    const { c, calls } = client({
      answer: {
        evalId: '',
        jobModifyIndex: 60,
        warnings: '',
        landedWithoutAnswer: true,
        version: 9
      },
      versions: [v2, v1],
      again: plan({ diffType: 'None', jobModifyIndex: 60 })
    })
    const logger = linesLogger()
    await expect(registerPlanned(c, planned(), logger)).resolves.toEqual({
      evalId: '',
      jobModifyIndex: 60,
      version: 2,
      specIndex: 60,
      unchanged: false
    })
    expect(calls).toEqual(['register website at 40 with hcl2', 'plan website', 'versions website'])
    expect(logger.lines).toEqual([
      "warning: The answer to the register was lost, but job 'website' is now at JobModifyIndex 60: checking it is ours instead of registering again."
    ])
    // No version holds it any more: the answer's own version and index.
    const gone = client({
      answer: {
        evalId: '',
        jobModifyIndex: 61,
        warnings: '',
        landedWithoutAnswer: true,
        version: 9
      },
      versions: [v2],
      again: plan({ diffType: 'None' })
    })
    await expect(registerPlanned(gone.c, planned(), linesLogger())).resolves.toMatchObject({
      version: 9,
      specIndex: 61
    })
  })

  it('a lost answer whose job plans with a difference was someone else’s change: JobChangedError', async () => {
    const { c, calls } = client({
      answer: {
        evalId: '',
        jobModifyIndex: 60,
        warnings: '',
        landedWithoutAnswer: true,
        version: 2
      },
      again: plan({ diffType: 'Edited' })
    })
    const error = await registerPlanned(c, planned(), linesLogger()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(JobChangedError)
    expect((error as Error).message).toBe(
      "Job 'website' was changed by someone else since the plan (the registered job differs from ours); plan again and retry."
    )
    expect(calls).toEqual(['register website at 40 with hcl2', 'plan website'])
  })
})

describe('isUnchangedRegister: the edges', () => {
  it('a changed plan is never unchanged, even when the answer is the planned index', () => {
    expect(isUnchangedRegister({ diffType: 'Edited', jobModifyIndex: 40 }, 40, [v1])).toBe(false)
    expect(isUnchangedRegister({ diffType: 'None', jobModifyIndex: 40 }, 45, [])).toBe(true)
  })
})

describe('registeredVersion', () => {
  it('reads the versions only when not given them, and the job only when they do not hold it', async () => {
    const known = client({ answer: { evalId: '', jobModifyIndex: 0, warnings: '' } })
    await expect(registeredVersion(known.c, 'website', 40, [v1, v0])).resolves.toBe(v1)
    expect(known.calls).toEqual([])
    const read = client({ answer: { evalId: '', jobModifyIndex: 0, warnings: '' }, versions: [v1] })
    await expect(registeredVersion(read.c, 'website', 40)).resolves.toEqual(v1)
    expect(read.calls).toEqual(['versions website'])
    const current = jobInfo({ version: 5, jobModifyIndex: 90 })
    const onJob = client({ answer: { evalId: '', jobModifyIndex: 0, warnings: '' }, job: current })
    await expect(registeredVersion(onJob.c, 'website', 90, [v1])).resolves.toBe(current)
    await expect(registeredVersion(onJob.c, 'website', 91, [v1])).resolves.toBeUndefined()
    const none = client({ answer: { evalId: '', jobModifyIndex: 0, warnings: '' }, job: undefined })
    await expect(registeredVersion(none.c, 'website', 91, [])).resolves.toBeUndefined()
  })
})

describe('findDeploymentFor (a rollback’s deployment, no eval to follow)', () => {
  function listing(
    answers: readonly (readonly Deployment[])[],
    clock: ReturnType<typeof fakeClock>
  ) {
    const queries: (BlockingQuery | undefined)[] = []
    const read = async (id: string, q?: BlockingQuery): Promise<Indexed<Deployment[]>> => {
      expect(id).toBe('website')
      queries.push(q)
      clock.at += q?.waitMs ?? 0
      return {
        value: [...(answers[Math.min(queries.length, answers.length) - 1] ?? [])],
        index: 20 + queries.length
      }
    }
    return { queries, c: fakeClient({ readJobDeployments: read }) }
  }
  const d3 = deployment({ id: 'rollback-3', jobVersion: 3 })
  const d2 = deployment({ id: 'failed-2', jobVersion: 2 })

  it('returns the id of the deployment of that version, waiting 5 s at a time', async () => {
    const clock = fakeClock()
    const deadline = clock.at + 60_000
    const { queries, c } = listing([[d2], [d2], [d3, d2]], clock)
    await expect(findDeploymentFor(c, 'website', 3, () => deadline - clock.now())).resolves.toBe(
      'rollback-3'
    )
    expect(queries).toEqual([undefined, { index: 21, waitMs: 5_000 }, { index: 22, waitMs: 5_000 }])
  })

  it('gives up after 30 s at most, or what is left, whichever is less', async () => {
    const clock = fakeClock()
    const far = clock.at + 600_000
    const long = listing([[d2]], clock)
    await expect(
      findDeploymentFor(long.c, 'website', 3, () => far - clock.now())
    ).resolves.toBeUndefined()
    expect(long.queries).toHaveLength(7)
    expect(long.queries.slice(1).map(q => q?.waitMs)).toEqual([
      5_000, 5_000, 5_000, 5_000, 5_000, 5_000
    ])
    const near = clock.at + 7_000
    const short = listing([[d2]], clock)
    await expect(
      findDeploymentFor(short.c, 'website', 3, () => near - clock.now())
    ).resolves.toBeUndefined()
    expect(short.queries).toEqual([
      undefined,
      { index: 21, waitMs: 5_000 },
      { index: 22, waitMs: 2_000 }
    ])
  })

  it('never asks for less than 1 ms, and reads once when no time is left', async () => {
    const clock = fakeClock()
    const past = clock.at - 10
    const { queries, c } = listing([[d2]], clock)
    await expect(
      findDeploymentFor(c, 'website', 3, () => past - clock.now())
    ).resolves.toBeUndefined()
    expect(queries).toEqual([undefined])
    const soon = clock.at + 0.5
    const tiny = listing([[d2]], clock)
    await expect(
      findDeploymentFor(tiny.c, 'website', 3, () => soon - clock.now())
    ).resolves.toBeUndefined()
    expect(tiny.queries).toEqual([undefined, { index: 21, waitMs: 1 }])
  })
})
