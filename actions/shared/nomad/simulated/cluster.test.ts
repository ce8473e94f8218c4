import { afterEach, beforeAll, describe, expect, jest, test } from '@jest/globals'
import { parseJobHcl } from '../job-diff/json.js'
import { type Harness, fixtureJobHcl, startHarness } from './harness.js'
import type { Allocation, Deployment, Evaluation, Job } from './types.js'

// Parsing loads a WASM HCL parser; on a loaded CI machine that alone can take seconds.
jest.setTimeout(30_000)

type Loose = Record<string, unknown>

let baseJob: Loose
let harness: Harness | undefined

beforeAll(async () => {
  baseJob = await parseJobHcl({ hcl: fixtureJobHcl() })
})

afterEach(async () => {
  await harness?.close()
  harness = undefined
})

/** The fixture job with another image (and optional edits to its only group). */
function webJob(image: string, edit: (group: Loose, job: Loose) => void = () => undefined): Loose {
  const job = structuredClone(baseJob)
  const group = (job.TaskGroups as Loose[])[0] as Loose
  const task = (group.Tasks as Loose[])[0] as Loose
  task.Config = { ...(task.Config as Loose), image }
  edit(group, job)
  return job
}

async function start(options: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  harness = await startHarness(options)
  return harness
}

async function register(h: Harness, job: Loose, extra: Loose = {}): Promise<Loose> {
  const res = await h.call('POST', '/v1/jobs', { Job: job, ...extra })
  expect(res.status).toBe(200)
  await h.cluster.settle()
  return res.json as Loose
}

async function evaluation(h: Harness, id: unknown): Promise<Evaluation> {
  return (await h.call('GET', `/v1/evaluation/${String(id)}`)).json as Evaluation
}

async function latest(h: Harness, job = 'web'): Promise<Deployment> {
  return (await h.call('GET', `/v1/job/${job}/deployment`)).json as Deployment
}

function live(h: Harness, job = 'web'): Allocation[] {
  return h.cluster.allocations(a => a.JobID === job && a.DesiredStatus === 'run')
}

async function healthyAll(h: Harness): Promise<void> {
  h.cluster.setAllocHealth(
    a => a.DesiredStatus === 'run' && a.DeploymentStatus?.Healthy == null && a.DeploymentID !== '',
    'healthy'
  )
  await h.cluster.settle()
}

/** Registers version 0 and makes it healthy, so the next register is an update. */
async function deployFirst(h: Harness): Promise<void> {
  await register(h, webJob('ghcr.io/elm/web:1'))
  await healthyAll(h)
  expect((await latest(h)).Status).toBe('successful')
}

describe('first version', () => {
  test('places count allocations without canaries; eval completes with the deployment ID', async () => {
    const h = await start()
    const reg = await register(h, webJob('ghcr.io/elm/web:1'))
    expect(reg).toMatchObject({ JobModifyIndex: reg.EvalCreateIndex, Warnings: '' })
    const ev = await evaluation(h, reg.EvalID)
    const d = await latest(h)
    expect(ev).toMatchObject({
      Status: 'complete',
      TriggeredBy: 'job-register',
      DeploymentID: d.ID,
      FailedTGAllocs: null
    })
    expect(d).toMatchObject({
      Status: 'running',
      StatusDescription: 'Deployment is running',
      JobVersion: 0,
      JobSpecModifyIndex: reg.JobModifyIndex
    })
    expect(d.TaskGroups.web).toMatchObject({
      DesiredCanaries: 0,
      DesiredTotal: 2,
      PlacedAllocs: 2,
      PlacedCanaries: null,
      ProgressDeadline: 600e9
    })
    expect(new Set(live(h).map(a => a.NodeID)).size).toBe(2)
    await healthyAll(h)
    expect(await latest(h)).toMatchObject({
      Status: 'successful',
      StatusDescription: 'Deployment completed successfully'
    })
    const job = (await h.call('GET', '/v1/job/web')).json as Job
    expect(job).toMatchObject({
      Stable: true,
      Version: 0,
      Status: 'running',
      JobModifyIndex: reg.JobModifyIndex
    })
    expect(job.ModifyIndex).toBeGreaterThan(job.JobModifyIndex)
  })
})

describe('healthy canary flow', () => {
  test('canary placed on update, promote refused until healthy, then rolled out and stable', async () => {
    const h = await start()
    await deployFirst(h)
    const plan = (
      await h.call('POST', '/v1/job/web/plan', { Job: webJob('ghcr.io/elm/web:2'), Diff: true })
    ).json as Loose
    const reg = await register(h, webJob('ghcr.io/elm/web:2'), {
      EnforceIndex: true,
      JobModifyIndex: plan.JobModifyIndex
    })
    const d = await latest(h)
    expect((await evaluation(h, reg.EvalID)).DeploymentID).toBe(d.ID)
    expect(d).toMatchObject({
      JobVersion: 1,
      Status: 'running',
      StatusDescription: 'Deployment is running but requires manual promotion'
    })
    expect(d.TaskGroups.web).toMatchObject({
      DesiredCanaries: 1,
      DesiredTotal: 2,
      PlacedAllocs: 1,
      Promoted: false
    })
    const [canaryId] = d.TaskGroups.web?.PlacedCanaries ?? []
    expect(h.cluster.allocations(canaryId ?? '')[0]?.DeploymentStatus).toMatchObject({
      Canary: true,
      Healthy: null
    })
    expect(live(h)).toHaveLength(3)

    const early = await h.call('POST', `/v1/deployment/promote/${d.ID}`, {
      DeploymentID: d.ID,
      All: true
    })
    expect(early.status).toBe(500)
    expect(early.text).toBe(
      '1 error occurred:\n\t* Task group "web" has 0/1 healthy allocations\n\n'
    )

    h.cluster.setAllocHealth(canaryId ?? '', 'healthy')
    await h.cluster.settle()
    expect((await h.call('GET', `/v1/deployment/${d.ID}`)).json).toMatchObject({
      TaskGroups: { web: { HealthyAllocs: 1 } },
      Status: 'running'
    })
    const promoted = await h.call('POST', `/v1/deployment/promote/${d.ID}`, {
      deploymentid: d.ID,
      all: true
    })
    expect(promoted.status).toBe(200)
    expect(promoted.json).toMatchObject({ RevertedJobVersion: null })
    await h.cluster.settle()
    const after = (await h.call('GET', `/v1/deployment/${d.ID}`)).json as Deployment
    expect(after).toMatchObject({
      StatusDescription: 'Deployment is running',
      TaskGroups: { web: { Promoted: true } }
    })
    expect(h.cluster.allocations(canaryId ?? '')[0]?.DeploymentStatus?.Canary).toBe(false)
    await healthyAll(h)
    expect(await latest(h)).toMatchObject({
      ID: d.ID,
      Status: 'successful',
      TaskGroups: { web: { HealthyAllocs: 2 } }
    })
    expect(live(h).map(a => a.JobVersion)).toEqual([1, 1])
    expect(h.cluster.job('web')).toMatchObject({ Version: 1, Stable: true })
  })

  test('auto_promote promotes by itself once the canary is healthy', async () => {
    const h = await start()
    await deployFirst(h)
    await register(
      h,
      webJob('ghcr.io/elm/web:2', g => Object.assign(g.Update as Loose, { AutoPromote: true }))
    )
    const d = await latest(h)
    expect(d.StatusDescription).toBe('Deployment is running pending automatic promotion')
    await healthyAll(h)
    await healthyAll(h)
    expect(await latest(h)).toMatchObject({
      Status: 'successful',
      TaskGroups: { web: { Promoted: true } }
    })
  })
})

describe('unhealthy canary', () => {
  test('fails the deployment and auto-reverts to the stable version as a new version', async () => {
    const h = await start({ reschedule: 'never' })
    await deployFirst(h)
    await register(h, webJob('ghcr.io/elm/web:bad'))
    const d = await latest(h)
    const [canaryId] = d.TaskGroups.web?.PlacedCanaries ?? []
    h.cluster.setAllocHealth(canaryId ?? '', 'unhealthy', { exitCode: 3 })
    await h.cluster.settle()
    const failed = (await h.call('GET', `/v1/deployment/${d.ID}`)).json as Deployment
    expect(failed).toMatchObject({
      Status: 'failed',
      StatusDescription: 'Failed due to unhealthy allocations - rolling back to job version 0',
      TaskGroups: { web: { UnhealthyAllocs: 1 } }
    })
    const alloc = (await h.call('GET', `/v1/allocation/${canaryId ?? ''}`)).json as Allocation
    const events = alloc.TaskStates?.server?.Events ?? []
    expect(events.map(e => e.Type)).toEqual(
      expect.arrayContaining(['Received', 'Terminated', 'Not Restarting', 'Alloc Unhealthy'])
    )
    expect(events.find(e => e.Type === 'Terminated')).toMatchObject({
      ExitCode: 3,
      DisplayMessage:
        'Exit Code: 3, Exit Message: "Docker container exited with non-zero exit code: 3"'
    })
    expect(events.find(e => e.Type === 'Alloc Unhealthy')?.DisplayMessage).toBe(
      'Unhealthy because of failed task'
    )
    expect(h.cluster.job('web')).toMatchObject({ Version: 2, Stable: false })
    const versions = (await h.call('GET', '/v1/job/web/versions')).json as { Versions: Job[] }
    expect(versions.Versions.map(v => [v.Version, v.Stable])).toEqual([
      [2, false],
      [1, false],
      [0, true]
    ])
    const rollback = await latest(h)
    expect(rollback.ID).not.toBe(d.ID)
    expect(rollback).toMatchObject({
      JobVersion: 2,
      Status: 'running',
      TaskGroups: { web: { DesiredCanaries: 0 } }
    })
    expect(h.cluster.allocations(canaryId ?? '')[0]?.DesiredStatus).toBe('stop')
    await healthyAll(h)
    expect(await latest(h)).toMatchObject({ JobVersion: 2, Status: 'successful' })
    expect(h.cluster.job('web')).toMatchObject({ Version: 2, Stable: true })
  })

  test('a health policy fails matching images by itself (rehearse --unhealthy)', async () => {
    const h = await start({
      health: { healthyAfterMs: 500, unhealthy: [{ job: 'web', image: ':bad', exitCode: 2 }] },
      reschedule: 'never'
    })
    await register(h, webJob('ghcr.io/elm/web:1'))
    await h.clock.advance(600)
    expect((await latest(h)).Status).toBe('successful')
    await register(h, webJob('ghcr.io/elm/web:bad'))
    const d = await latest(h)
    await h.clock.advance(600)
    await h.cluster.settle()
    expect((await h.call('GET', `/v1/deployment/${d.ID}`)).json).toMatchObject({
      Status: 'failed',
      StatusDescription: 'Failed due to unhealthy allocations - rolling back to job version 0'
    })
    await h.clock.advance(600)
    expect(await latest(h)).toMatchObject({ JobVersion: 2, Status: 'successful' })
  })

  test('with rescheduling, replacements are placed until the progress deadline fails it', async () => {
    const h = await start({ health: { healthyAfterMs: 1000, unhealthy: [{ image: ':bad' }] } })
    await register(h, webJob('ghcr.io/elm/web:1'))
    await h.clock.advance(1000)
    await register(h, webJob('ghcr.io/elm/web:bad'))
    const d = await latest(h)
    await h.clock.advance(5 * 60_000)
    const mid = (await h.call('GET', `/v1/deployment/${d.ID}`)).json as Deployment
    expect(mid.Status).toBe('running')
    expect(mid.TaskGroups.web?.UnhealthyAllocs).toBeGreaterThan(2)
    expect(mid.TaskGroups.web?.PlacedCanaries?.length).toBe(mid.TaskGroups.web?.UnhealthyAllocs)
    await h.clock.advance(6 * 60_000)
    expect((await h.call('GET', `/v1/deployment/${d.ID}`)).json).toMatchObject({
      Status: 'failed',
      StatusDescription: 'Failed due to progress deadline - rolling back to job version 0'
    })
  })
})

describe('deadlines', () => {
  test('progress deadline fails a canary that never reports health', async () => {
    const h = await start()
    await deployFirst(h)
    await register(
      h,
      webJob('ghcr.io/elm/web:2', g =>
        Object.assign(g.Update as Loose, { HealthyDeadline: 3600e9, ProgressDeadline: 7200e9 })
      )
    )
    const d = await latest(h)
    await h.clock.advance(7200_000 - 1)
    expect((await h.call('GET', `/v1/deployment/${d.ID}`)).json).toMatchObject({
      Status: 'running'
    })
    await h.clock.advance(1)
    await h.cluster.settle()
    expect((await h.call('GET', `/v1/deployment/${d.ID}`)).json).toMatchObject({
      Status: 'failed',
      StatusDescription: 'Failed due to progress deadline - rolling back to job version 0'
    })
  })

  test("healthy_deadline marks a silent allocation unhealthy with Nomad's message", async () => {
    const h = await start({ reschedule: 'never' })
    await deployFirst(h)
    await register(h, webJob('ghcr.io/elm/web:2'))
    const d = await latest(h)
    await h.clock.advance(180_000)
    const canary = h.cluster.allocations(d.TaskGroups.web?.PlacedCanaries?.[0] ?? '')[0]
    expect(canary?.DeploymentStatus?.Healthy).toBe(false)
    const unhealthy = canary?.TaskStates?.server?.Events.find(e => e.Type === 'Alloc Unhealthy')
    expect(unhealthy?.DisplayMessage).toBe('Services not healthy by deadline: web')
  })

  test('a deployment waiting for manual promotion never times out by itself', async () => {
    const h = await start()
    await deployFirst(h)
    await register(h, webJob('ghcr.io/elm/web:2'))
    await healthyAll(h)
    await h.clock.advance(3 * 3600_000)
    expect(await latest(h)).toMatchObject({
      Status: 'running',
      StatusDescription: 'Deployment is running but requires manual promotion'
    })
  })
})

describe('fail and cancel', () => {
  test('fail by the user auto-reverts and reports the stable version copied', async () => {
    const h = await start()
    await deployFirst(h)
    await register(h, webJob('ghcr.io/elm/web:2'))
    const d = await latest(h)
    const res = await h.call('POST', `/v1/deployment/fail/${d.ID}`)
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ RevertedJobVersion: 0 })
    expect((await h.call('GET', `/v1/deployment/${d.ID}`)).json).toMatchObject({
      Status: 'failed',
      StatusDescription: 'Deployment marked as failed - rolling back to job version 0'
    })
    const again = await h.call('POST', `/v1/deployment/fail/${d.ID}`)
    expect([again.status, again.text]).toEqual([500, "can't fail terminal deployment"])
  })

  test('a failed first version has nothing to revert to', async () => {
    const h = await start()
    await register(h, webJob('ghcr.io/elm/web:1'))
    const d = await latest(h)
    await h.call('POST', `/v1/deployment/fail/${d.ID}`)
    expect((await h.call('GET', `/v1/deployment/${d.ID}`)).json).toMatchObject({
      StatusDescription: 'Deployment marked as failed - no stable job version to auto revert to'
    })
  })

  test('a newer version cancels the running deployment', async () => {
    const h = await start()
    await deployFirst(h)
    await register(h, webJob('ghcr.io/elm/web:2'))
    const d = await latest(h)
    await register(h, webJob('ghcr.io/elm/web:3'))
    expect((await h.call('GET', `/v1/deployment/${d.ID}`)).json).toMatchObject({
      Status: 'cancelled',
      StatusDescription: 'Cancelled due to newer version of job'
    })
    expect(await latest(h)).toMatchObject({ JobVersion: 2, Status: 'running' })
  })
})

describe('no-op register', () => {
  test('an unchanged job creates no version and no deployment; its eval names the latest one', async () => {
    const h = await start()
    await deployFirst(h)
    const before = await latest(h)
    const job = h.cluster.job('web')
    const reg = await register(h, webJob('ghcr.io/elm/web:1'))
    // `reply.JobModifyIndex = existingJob.ModifyIndex` (Job.Register, nomad/job_endpoint.go
    // v2.0.5, GH-27386); marking the version stable bumped ModifyIndex, not JobModifyIndex.
    expect(reg.JobModifyIndex).toBe(job?.ModifyIndex)
    expect(job?.ModifyIndex).not.toBe(job?.JobModifyIndex)
    expect(h.cluster.job('web')?.Version).toBe(0)
    expect((await latest(h)).ID).toBe(before.ID)
    // generic_sched.go: s.deployment = LatestDeploymentByJobID(…); setStatus(…, s.deployment.GetID())
    expect(await evaluation(h, reg.EvalID)).toMatchObject({
      Status: 'complete',
      DeploymentID: before.ID
    })
    const plan = (
      await h.call('POST', '/v1/job/web/plan', { Job: webJob('ghcr.io/elm/web:1'), Diff: true })
    ).json as Loose
    expect(plan.Diff).toMatchObject({ Type: 'None' })
  })
})

describe('version tags are part of the spec', () => {
  test('re-registering a tagged version’s spec (untagged, as a parse gives it) writes a new version', async () => {
    const h = await start()
    await deployFirst(h)
    h.cluster.tagVersion('web', 0, 'golden')
    const before = h.cluster.job('web')
    const reg = await register(h, webJob('ghcr.io/elm/web:1'))
    // nomad/structs/structs.go `Job.SpecChanged` leaves VersionTag in the DeepEqual.
    expect(h.cluster.job('web')?.Version).toBe(1)
    expect(reg.JobModifyIndex).not.toBe(before?.JobModifyIndex)
    expect(h.cluster.job('web')?.VersionTag).toBeUndefined()
  })
})

describe('rolling update without canaries', () => {
  test('replaces max_parallel allocations at a time, each after the previous is healthy', async () => {
    const h = await start()
    const noCanary = (image: string): Loose =>
      webJob(image, g =>
        Object.assign(g, { Count: 3, Update: { ...(g.Update as Loose), Canary: 0 } })
      )
    await register(h, noCanary('ghcr.io/elm/web:1'))
    await healthyAll(h)
    await register(h, noCanary('ghcr.io/elm/web:2'))
    const d = await latest(h)
    expect(d).toMatchObject({
      StatusDescription: 'Deployment is running',
      TaskGroups: { web: { DesiredCanaries: 0, DesiredTotal: 3 } }
    })
    const versions = (): number[] =>
      live(h)
        .map(a => a.JobVersion)
        .sort()
    expect(versions()).toEqual([0, 0, 1])
    await healthyAll(h)
    expect(versions()).toEqual([0, 1, 1])
    await healthyAll(h)
    expect(versions()).toEqual([1, 1, 1])
    await healthyAll(h)
    expect(await latest(h)).toMatchObject({
      Status: 'successful',
      TaskGroups: { web: { HealthyAllocs: 3, PlacedAllocs: 3 } }
    })
  })
})

describe('placement failure', () => {
  test('not enough memory: eval complete with FailedTGAllocs and a blocked eval; deployment never progresses', async () => {
    const h = await start({ nodes: [{ memoryMB: 512 }] })
    const big = webJob('ghcr.io/elm/web:1', g =>
      Object.assign(((g.Tasks as Loose[])[0] as Loose).Resources as Loose, { MemoryMB: 4096 })
    )
    const plan = (await h.call('POST', '/v1/job/web/plan', { Job: big })).json as Loose
    expect(plan.FailedTGAllocs).toMatchObject({
      web: { DimensionExhausted: { memory: 1 }, CoalescedFailures: 1 }
    })
    const reg = await register(h, big)
    const ev = await evaluation(h, reg.EvalID)
    expect(ev).toMatchObject({
      Status: 'complete',
      FailedTGAllocs: {
        web: { NodesEvaluated: 1, NodesExhausted: 1, DimensionExhausted: { memory: 1 } }
      },
      QueuedAllocations: { web: 2 }
    })
    const blocked = await evaluation(h, ev.BlockedEval)
    expect(blocked).toMatchObject({
      Status: 'blocked',
      StatusDescription: 'created to place remaining allocations',
      TriggeredBy: 'queued-allocs'
    })
    const d = await latest(h)
    expect(d).toMatchObject({
      Status: 'running',
      TaskGroups: { web: { PlacedAllocs: 0, RequireProgressBy: null } }
    })
    await h.clock.advance(3600_000)
    expect((await latest(h)).Status).toBe('running')
    h.cluster.addNode({ memoryMB: 16384 })
    await h.cluster.settle()
    expect(live(h)).toHaveLength(2)
    expect((await evaluation(h, ev.BlockedEval)).Status).toBe('complete')
  })
})

describe('system job', () => {
  test('one allocation per node, no deployment object, and updates replace in place', async () => {
    const h = await start({ nodes: [{}, {}, {}], health: { healthyAfterMs: 100 } })
    const traefik = (image: string): Loose => ({
      ID: 'traefik',
      Type: 'system',
      Datacenters: ['*'],
      TaskGroups: [
        {
          Name: 'traefik',
          Tasks: [
            {
              Name: 'traefik',
              Driver: 'docker',
              Config: { image },
              Resources: { CPU: 100, MemoryMB: 64 }
            }
          ]
        }
      ]
    })
    const reg = await register(h, traefik('traefik:v3.3.5'))
    expect(
      live(h, 'traefik')
        .map(a => a.NodeName)
        .sort()
    ).toEqual(['node-1', 'node-2', 'node-3'])
    expect((await h.call('GET', '/v1/job/traefik/deployment')).json).toBeNull()
    expect(await evaluation(h, reg.EvalID)).toMatchObject({ Status: 'complete', DeploymentID: '' })
    await register(h, traefik('traefik:v3.3.6'))
    expect(live(h, 'traefik').map(a => a.JobVersion)).toEqual([1, 1, 1])
    await h.clock.advance(200)
    expect(live(h, 'traefik').every(a => a.ClientStatus === 'running')).toBe(true)
  })
})

describe('in-place changes and other transitions', () => {
  test('a count change alone places allocations without canaries and keeps the old ones', async () => {
    const h = await start()
    await deployFirst(h)
    const before = live(h).map(a => a.ID)
    await register(
      h,
      webJob('ghcr.io/elm/web:1', g => Object.assign(g, { Count: 3 }))
    )
    const d = await latest(h)
    expect(d.TaskGroups.web).toMatchObject({ DesiredCanaries: 0, DesiredTotal: 3 })
    expect(live(h).map(a => a.ID)).toEqual(expect.arrayContaining(before))
    expect(live(h)).toHaveLength(3)
    await healthyAll(h)
    expect(await latest(h)).toMatchObject({ Status: 'successful' })
  })

  test('a tag-only change updates allocations in place', async () => {
    const h = await start()
    await deployFirst(h)
    const before = live(h)
      .map(a => a.ID)
      .sort()
    await register(
      h,
      webJob('ghcr.io/elm/web:1', g =>
        Object.assign((g.Services as Loose[])[0] as Loose, { Tags: ['traefik.enable=false'] })
      )
    )
    expect(
      live(h)
        .map(a => a.ID)
        .sort()
    ).toEqual(before)
    expect(live(h).map(a => a.JobVersion)).toEqual([1, 1])
    const plan = (
      await h.call('POST', '/v1/job/web/plan', { Job: webJob('ghcr.io/elm/web:1'), Diff: true })
    ).json as Loose
    expect(plan).toMatchObject({
      Annotations: { DesiredTGUpdates: { web: { InPlaceUpdate: 2, Canary: 0 } } }
    })
  })

  test('progress_deadline = 0 fails on the first unhealthy allocation, even with rescheduling', async () => {
    const h = await start()
    await deployFirst(h)
    await register(
      h,
      webJob('ghcr.io/elm/web:2', g => Object.assign(g.Update as Loose, { ProgressDeadline: 0 }))
    )
    const d = await latest(h)
    expect(d.TaskGroups.web?.ProgressDeadline).toBe(0)
    h.cluster.setAllocHealth(a => a.DeploymentID === d.ID, 'unhealthy')
    await h.cluster.settle()
    expect((await h.call('GET', `/v1/deployment/${d.ID}`)).json).toMatchObject({
      Status: 'failed',
      StatusDescription: 'Failed due to unhealthy allocations - rolling back to job version 0',
      TaskGroups: { web: { RequireProgressBy: null } }
    })
  })

  test('no rollback when the stable version has the same specification', async () => {
    const h = await start()
    await deployFirst(h)
    await register(h, webJob('ghcr.io/elm/web:2'))
    await healthyAll(h)
    const v1 = await latest(h)
    await h.call('POST', `/v1/deployment/promote/${v1.ID}`, { DeploymentID: v1.ID, All: true })
    await h.cluster.settle()
    await healthyAll(h)
    expect(h.cluster.job('web')).toMatchObject({ Version: 1, Stable: true })
    await register(h, webJob('ghcr.io/elm/web:3'))
    await register(h, webJob('ghcr.io/elm/web:2'))
    const same = await latest(h)
    expect(same).toMatchObject({ JobVersion: 3, TaskGroups: { web: { DesiredCanaries: 0 } } })
    const res = await h.call('POST', `/v1/deployment/fail/${same.ID}`)
    expect(res.json).toMatchObject({ RevertedJobVersion: null })
    expect((await h.call('GET', `/v1/deployment/${same.ID}`)).json).toMatchObject({
      StatusDescription:
        'Deployment marked as failed - not rolling back to stable job version 1 as current job has same specification'
    })
    expect(h.cluster.job('web')?.Version).toBe(3)
  })

  test('pause and resume; a paused deployment never hits its deadline', async () => {
    const h = await start()
    await deployFirst(h)
    await register(h, webJob('ghcr.io/elm/web:2'))
    const d = await latest(h)
    const paused = await h.call('POST', `/v1/deployment/pause/${d.ID}`, {
      DeploymentID: d.ID,
      Pause: true
    })
    expect(paused.status).toBe(200)
    expect(await latest(h)).toMatchObject({
      Status: 'paused',
      StatusDescription: 'Deployment is paused'
    })
    await h.clock.advance(3600_000)
    expect((await latest(h)).Status).toBe('paused')
    await h.call('POST', `/v1/deployment/pause/${d.ID}`, { DeploymentID: d.ID, Pause: false })
    expect(await latest(h)).toMatchObject({
      Status: 'running',
      StatusDescription: 'Deployment is running'
    })
  })

  test('stopping the job cancels its deployment and stops its allocations; purge removes it', async () => {
    const h = await start()
    await register(h, webJob('ghcr.io/elm/web:1'))
    const d = await latest(h)
    const stop = await h.call('DELETE', '/v1/job/web')
    expect(stop.status).toBe(200)
    await h.cluster.settle()
    expect((await h.call('GET', `/v1/deployment/${d.ID}`)).json).toMatchObject({
      Status: 'cancelled',
      StatusDescription: 'Cancelled because job is stopped'
    })
    expect(live(h)).toHaveLength(0)
    expect((await h.call('GET', '/v1/job/web')).json).toMatchObject({
      Stop: true,
      Status: 'dead',
      Version: 1
    })
    await h.call('DELETE', '/v1/job/web?purge=true')
    expect((await h.call('GET', '/v1/job/web')).status).toBe(404)
  })

  test('revert registers a copy of an old version; versions carry diffs on request', async () => {
    const h = await start()
    await deployFirst(h)
    await register(h, webJob('ghcr.io/elm/web:2'))
    const same = await h.call('POST', '/v1/job/web/revert', { JobID: 'web', JobVersion: 1 })
    expect([same.status, same.text]).toEqual([500, "can't revert to current version"])
    const missing = await h.call('POST', '/v1/job/web/revert', { JobID: 'web', JobVersion: 9 })
    expect(missing.text).toBe('job "web" in namespace "default" at version 9 not found')
    const res = await h.call('POST', '/v1/job/web/revert', { JobID: 'web', JobVersion: 0 })
    expect(res.status).toBe(200)
    expect(h.cluster.job('web')).toMatchObject({ Version: 2, Stable: false })
    const versions = (await h.call('GET', '/v1/job/web/versions?diffs=true')).json as {
      Diffs: Loose[]
    }
    expect(versions.Diffs).toHaveLength(2)
    expect(versions.Diffs[0]).toMatchObject({ Type: 'Edited', ID: 'web' })
  })

  test('namespaces: a job lives in the namespace it was registered in', async () => {
    const h = await start({ namespaces: ['default', 'prod'] })
    const res = await h.call('POST', '/v1/jobs?namespace=prod', {
      Job: webJob('ghcr.io/elm/web:1')
    })
    expect(res.status).toBe(200)
    await h.cluster.settle()
    expect((await h.call('GET', '/v1/job/web')).status).toBe(404)
    expect((await h.call('GET', '/v1/job/web?namespace=prod')).json).toMatchObject({
      Namespace: 'prod'
    })
    expect((await h.call('GET', '/v1/job/web/deployment?namespace=prod')).json).toMatchObject({
      Namespace: 'prod',
      JobID: 'web'
    })
  })
})

describe('more control and edge cases', () => {
  test('losing a node reschedules its allocations onto the others', async () => {
    const h = await start({ nodes: [{}, {}, {}] })
    await deployFirst(h)
    const victim = live(h)[0]
    h.cluster.removeNode(victim?.NodeID ?? '')
    await h.cluster.settle()
    expect(h.cluster.allocations(victim?.ID ?? '')[0]).toMatchObject({
      ClientStatus: 'lost',
      DesiredStatus: 'stop'
    })
    expect(live(h)).toHaveLength(2)
    expect(live(h).every(a => a.NodeID !== victim?.NodeID)).toBe(true)
  })

  test('a driver failure (image pull) fails the allocation with a Driver Failure event', async () => {
    const pull = 'Failed to pull `ghcr.io/elm/web:nope`: manifest unknown'
    const h = await start({
      health: { healthyAfterMs: 100, unhealthy: [{ image: ':nope', driverError: pull }] },
      reschedule: 'never'
    })
    await register(h, webJob('ghcr.io/elm/web:nope'))
    await h.clock.advance(100)
    const alloc = live(h)[0]
    expect(alloc?.ClientStatus).toBe('failed')
    const events = alloc?.TaskStates?.server?.Events ?? []
    expect(events.find(e => e.Type === 'Driver Failure')).toMatchObject({
      DisplayMessage: pull,
      DriverError: pull
    })
    expect(alloc?.TaskStates?.server).toMatchObject({
      State: 'dead',
      Failed: true,
      StartedAt: null
    })
    expect(await latest(h)).toMatchObject({
      Status: 'failed',
      StatusDescription:
        'Failed due to unhealthy allocations - no stable job version to auto revert to'
    })
  })

  test('re-registering the same job while its deployment runs points the eval at that deployment', async () => {
    const h = await start()
    await deployFirst(h)
    await register(h, webJob('ghcr.io/elm/web:2'))
    const d = await latest(h)
    const reg = await register(h, webJob('ghcr.io/elm/web:2'))
    expect(await evaluation(h, reg.EvalID)).toMatchObject({
      Status: 'complete',
      DeploymentID: d.ID
    })
    expect(h.cluster.job('web')?.Version).toBe(1)
  })

  test("EnforceIndex with the plan's JobModifyIndex registers; promote by Groups ignores unknown names", async () => {
    const h = await start()
    const plan = (await h.call('POST', '/v1/job/web/plan', { Job: webJob('ghcr.io/elm/web:1') }))
      .json as Loose
    expect(plan.JobModifyIndex).toBe(0)
    await register(h, webJob('ghcr.io/elm/web:1'), { EnforceIndex: true, JobModifyIndex: 0 })
    await healthyAll(h)
    const next = (await h.call('POST', '/v1/job/web/plan', { Job: webJob('ghcr.io/elm/web:2') }))
      .json as Loose
    expect(next.JobModifyIndex).toBe(h.cluster.job('web')?.JobModifyIndex)
    await register(h, webJob('ghcr.io/elm/web:2'), {
      EnforceIndex: true,
      JobModifyIndex: next.JobModifyIndex
    })
    const d = await latest(h)
    await healthyAll(h)
    const res = await h.call('POST', `/v1/deployment/promote/${d.ID}`, {
      DeploymentID: d.ID,
      Groups: ['web', 'nope']
    })
    expect(res.status).toBe(200)
    expect((await latest(h)).TaskGroups.web?.Promoted).toBe(true)
  })

  test('system jobs get a deployment with one allocation per node (Nomad ≥ 1.11)', async () => {
    const h = await start({ nodes: [{}, {}] })
    const job = {
      ID: 'traefik',
      Type: 'system',
      // Without any update block a system job has none (api/jobs.go Job.Canonicalize).
      Update: { MaxParallel: 1, Stagger: 30e9 },
      TaskGroups: [
        {
          Name: 'traefik',
          Tasks: [{ Name: 't', Driver: 'docker', Config: { image: 'traefik:v3' } }]
        }
      ]
    }
    await register(h, job)
    const d = await latest(h, 'traefik')
    expect(d).toMatchObject({
      Status: 'running',
      TaskGroups: { traefik: { DesiredTotal: 2, DesiredCanaries: 0 } }
    })
    await healthyAll(h)
    expect(await latest(h, 'traefik')).toMatchObject({ Status: 'successful' })
  })

  test('manual health through the allocation-health endpoint', async () => {
    const h = await start()
    await register(h, webJob('ghcr.io/elm/web:1'))
    const d = await latest(h)
    const ids = live(h).map(a => a.ID)
    const res = await h.call('POST', `/v1/deployment/allocation-health/${d.ID}`, {
      DeploymentID: d.ID,
      HealthyAllocationIDs: ids
    })
    expect(res.status).toBe(200)
    await h.cluster.settle()
    expect(await latest(h)).toMatchObject({ Status: 'successful' })
  })
})

describe('health policy and rolling failure', () => {
  test('respectMinHealthyTime: no allocation is healthy before min_healthy_time after it started', async () => {
    const h = await start({
      health: { healthyAfterMs: 100, startAfterMs: 50, respectMinHealthyTime: true }
    })
    await register(h, webJob('ghcr.io/elm/web:1'))
    await h.clock.advance(10_049)
    expect((await latest(h)).TaskGroups.web?.HealthyAllocs).toBe(0)
    await h.clock.advance(1)
    expect(await latest(h)).toMatchObject({
      Status: 'successful',
      TaskGroups: { web: { HealthyAllocs: 2 } }
    })
  })

  test('a failing rolling update reverts: the replaced allocation comes back on the stable spec', async () => {
    const h = await start({ reschedule: 'never' })
    const noCanary = (image: string): Loose =>
      webJob(image, g => Object.assign(g, { Update: { ...(g.Update as Loose), Canary: 0 } }))
    await register(h, noCanary('ghcr.io/elm/web:1'))
    await healthyAll(h)
    await register(h, noCanary('ghcr.io/elm/web:bad'))
    const d = await latest(h)
    h.cluster.setAllocHealth(a => a.DeploymentID === d.ID, 'unhealthy')
    await h.cluster.settle()
    expect((await h.call('GET', `/v1/deployment/${d.ID}`)).json).toMatchObject({
      Status: 'failed',
      StatusDescription: 'Failed due to unhealthy allocations - rolling back to job version 0'
    })
    const running = (): number[] =>
      live(h)
        .filter(a => a.ClientStatus !== 'failed')
        .map(a => a.JobVersion)
    expect(running()).toEqual([2, 2])
    await healthyAll(h)
    expect(await latest(h)).toMatchObject({
      JobVersion: 2,
      Status: 'successful',
      TaskGroups: { web: { DesiredCanaries: 0, HealthyAllocs: 2 } }
    })
    expect(running()).toEqual([2, 2])
  })

  test('listen() serves the cluster and lists jobs', async () => {
    const h = await start()
    await register(h, webJob('ghcr.io/elm/web:1'))
    const server = await h.cluster.listen()
    try {
      const res = await fetch(`${server.url}/v1/jobs`)
      expect(await res.json()).toMatchObject([{ ID: 'web', Type: 'service', Status: 'running' }])
    } finally {
      await server.close()
    }
  })
})
