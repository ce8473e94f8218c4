import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { systemClock } from '../../ports.js'
import type { NomadClient } from '../client/client.js'
import { failIfActive } from './watch.js'
import { planJob } from './plan.js'
import { registerPlanned } from './register.js'
import {
  E2E_ADDR,
  type Target,
  clientFor,
  deploy,
  memoryLogger,
  repoJob,
  startTarget,
  withUpdate
} from './test-kit.js'

/**
 * Scenarios only the simulated cluster can stage (health, capacity, races, faults). With
 * NOMAD_E2E_ADDR set they are not registered: the e2e workflow runs deploy-scenarios.test.ts only.
 */
// Cold start: the first parse loads the HCL WebAssembly module (seconds on a busy machine).
jest.setTimeout(30_000)

let target: Target | undefined
let client: NomadClient | undefined
afterEach(async () => {
  client?.close()
  await target?.close()
})

const clock = systemClock
const v1 = { image: 'ghcr.io/elm/website@sha256:1111', version: '1' }
const v2 = { image: 'ghcr.io/elm/website@sha256:2222', version: '2' }

async function start(
  options: Parameters<typeof startTarget>[0] = {}
): Promise<{ target: Target; client: NomadClient }> {
  target = await startTarget(options)
  client = clientFor(target.address, clock)
  return { target, client }
}

// With NOMAD_E2E_ADDR set these scenarios cannot be staged (the real agent has no fault injector
// or health control): skipped loudly, never registered as zero tests.
if (E2E_ADDR) {
  console.warn(
    `deploy-staged.test.ts skipped: NOMAD_E2E_ADDR=${E2E_ADDR} points at a real agent, and these scenarios need the simulated cluster's controls.`
  )
}
const describeOnDouble = E2E_ADDR ? describe.skip : describe

describeOnDouble('deploy on the simulated cluster', () => {
  it('fails at the progress deadline and reports the revert', async () => {
    const { client, target } = await start()
    const hcl = withUpdate(
      withUpdate(
        withUpdate(repoJob('website'), 'min_healthy_time', '"10ms"'),
        'healthy_deadline',
        '"300ms"'
      ),
      'progress_deadline',
      '"600ms"'
    )
    expect((await deploy(client, hcl, v1, { clock })).status).toBe('success')
    target.cluster?.setHealthPolicy('manual')
    const result = await deploy(client, hcl, v2, { clock })
    expect(result).toMatchObject({ status: 'failure', revertedTo: 0 })
    expect(result.reason).toMatch(/Failed due to progress deadline - rolling back to job version 0/)
  })

  it('reports the version it registered, not the revert’s, even when Nomad reverted before the read-back', async () => {
    const { client, target } = await start({
      health: { healthyAfterMs: 30, unhealthy: [{ image: 'sha256:2222' }] },
      reschedule: 'never'
    })
    expect((await deploy(client, repoJob('website'), v1, { clock })).status).toBe('success')
    // Hold the read-back of the job after the register until Nomad has failed the canary and
    // auto-reverted: the job's current version is then the revert's copy (2), not ours (1).
    target.server?.faults.add({
      method: 'GET',
      path: /^\/v1\/job\/website$/,
      delayMs: 1_500,
      times: 1
    })
    const logger = memoryLogger()
    const result = await deploy(client, repoJob('website'), v2, { clock, logger })
    expect(target.cluster?.job('website')?.Version).toBe(2)
    expect(result).toMatchObject({ status: 'failure', jobVersion: 1, revertedTo: 0 })
    expect(logger.lines.join('\n')).toMatch(/Registered job 'website' as version 1 /)
    expect(logger.lines.join('\n')).toMatch(
      /Nomad rolled back: it registered job version 2 as a copy of stable version 0/
    )
  })

  it('fails on a placement failure with Nomad’s reason', async () => {
    const { client } = await start({ nodes: [{ memoryMB: 64 }] })
    const logger = memoryLogger()
    const result = await deploy(client, repoJob('website'), v1, { clock, logger })
    expect(result.status).toBe('failure')
    expect(result.reason).toMatch(/Placement failed: group "website" could not be placed: .*memory/)
  })

  it('refuses to register over a change made since the plan', async () => {
    const { client: real } = await start()
    await deploy(real, repoJob('website'), v1, { clock })
    // Someone registers between our plan and our register.
    const racing: NomadClient = {
      ...real,
      withSignal: () => racing,
      planJob: async job => {
        const plan = await real.planJob(job)
        const theirs = await real.parseJob(
          repoJob('website'),
          'image = "ghcr.io/elm/website@sha256:9999"\n'
        )
        await real.registerJob(theirs, plan.jobModifyIndex)
        return plan
      }
    }
    const result = await deploy(racing, repoJob('website'), v2, { clock })
    expect(result.status).toBe('failure')
    expect(result.reason).toMatch(
      /was changed by someone else since the plan.*Enforcing job modify index/
    )
  })

  it('says "no changes" and succeeds at once for an unchanged job', async () => {
    const { client, target } = await start()
    await deploy(client, repoJob('website'), v1, { clock })
    const before = target.cluster?.deployments('website').length
    const started = Date.now()
    const logger = memoryLogger()
    const result = await deploy(client, repoJob('website'), v1, { clock, logger })
    const [current] = target.cluster?.deployments('website') ?? []
    expect(current?.Status).toBe('successful')
    // Decided from the current version's own deployment, which the eval names.
    expect(result).toMatchObject({ status: 'no-changes', deploymentId: current?.ID, jobVersion: 0 })
    expect(logger.lines).toContain("Job 'website': no changes")
    expect(Date.now() - started).toBeLessThan(1000)
    expect(target.cluster?.deployments('website')).toHaveLength(before ?? -1)
  })

  it('rolls out an update without canaries', async () => {
    const { client } = await start()
    const hcl = withUpdate(repoJob('website'), 'canary', '0')
    await deploy(client, hcl, v1, { clock })
    const result = await deploy(client, hcl, v2, { clock })
    expect(result).toMatchObject({ status: 'success', promoted: false, jobVersion: 1 })
  })

  it('deploys the traefik system job through its deployment, one node at a time', async () => {
    // Nomad ≥ 1.11: a system job's rollout is a deployment (scheduler/scheduler_system.go,
    // reconciler/reconcile_node.go), DesiredTotal = the nodes it runs on.
    const { client, target } = await start({ nodes: [{}, {}, {}] })
    const fastTraefik = withUpdate(repoJob('traefik'), 'min_healthy_time', '"50ms"')
    const a = { image: 'traefik:v3.3.5', version: 'a' }
    expect((await deploy(client, fastTraefik, a, { clock })).status).toBe('success')
    const logger = memoryLogger()
    const second = await deploy(
      client,
      fastTraefik,
      { image: 'traefik:v3.3.6', version: 'b' },
      { clock, logger }
    )
    expect(second).toMatchObject({ status: 'success', jobVersion: 1 })
    const [d] = target.cluster?.deployments('traefik') ?? []
    expect(second.deploymentId).toBe(d?.ID)
    expect(d).toMatchObject({
      JobVersion: 1,
      Status: 'successful',
      TaskGroups: { traefik: { DesiredTotal: 3, HealthyAllocs: 3 } }
    })
    expect(logger.lines.join('\n')).toMatch(/Watching deployment/)
  })

  it('deploys exactly once through 20% random transient faults', async () => {
    const { client, target } = await start({
      http: {
        seed: 7,
        faults: [
          { path: /^\/v1\//, probability: 0.1, status: 503 },
          { path: /^\/v1\//, probability: 0.05, status: 500, body: 'No cluster leader' },
          { path: /^\/v1\//, probability: 0.05, reset: true, when: 'after' }
        ]
      }
    })
    expect((await deploy(client, repoJob('website'), v1, { clock })).status).toBe('success')
    const result = await deploy(client, repoJob('website'), v2, { clock })
    expect(result).toMatchObject({ status: 'success', promoted: true })
    expect(target.cluster?.job('website')?.Version).toBe(1)
    expect(target.server?.requests.filter(r => r.faulted).length).toBeGreaterThan(3)
  })

  it('does not register twice when the register’s answer is lost', async () => {
    const { client, target } = await start()
    expect((await deploy(client, repoJob('website'), v1, { clock })).status).toBe('success')
    target.server?.faults.add({
      method: 'POST',
      path: /^\/v1\/jobs$/,
      reset: true,
      when: 'after',
      times: 1
    })
    const before = target.server?.requests.length ?? 0
    const logger = memoryLogger()
    const result = await deploy(client, repoJob('website'), v2, { clock, logger })
    expect(result).toMatchObject({ status: 'success', jobVersion: 1, promoted: true })
    expect(logger.lines.join('\n')).toMatch(
      /The answer to the register was lost, but job 'website' is now at JobModifyIndex \d+/
    )
    const registers = target.server?.requests
      .slice(before)
      .filter(r => r.method === 'POST' && r.path === '/v1/jobs')
    expect(registers?.map(r => r.status)).toEqual(['reset'])
    expect(target.cluster?.job('website')?.Version).toBe(1)
  })

  it('fails the deployment at its own timeout so Nomad reverts', async () => {
    const { client, target } = await start()
    await deploy(client, repoJob('website'), v1, { clock })
    target.cluster?.setHealthPolicy('manual')
    const logger = memoryLogger()
    const result = await deploy(client, repoJob('website'), v2, { clock, logger, timeoutMs: 800 })
    expect(result).toMatchObject({ status: 'failure', revertedTo: 0 })
    expect(result.reason).toMatch(
      /^Timed out \(our deadline passed while waiting for website: 0\/1 canaries healthy\); the deployment was failed: Deployment marked as failed - rolling back to job version 0/
    )
    const failed = target.cluster?.deployments('website').find(d => d.ID === result.deploymentId)
    expect(failed?.Status).toBe('failed')
  })

  it('fails the in-flight deployment when cancelled', async () => {
    const { client, target } = await start()
    await deploy(client, repoJob('website'), v1, { clock })
    target.cluster?.setHealthPolicy('manual')
    const controller = new AbortController()
    const result = await deploy(client, repoJob('website'), v2, {
      clock,
      signal: controller.signal,
      onDeployment: () => setTimeout(() => controller.abort(new Error('received SIGTERM')), 50)
    })
    expect(result.status).toBe('cancelled')
    expect(result.reason).toMatch(
      /Cancelled \(received SIGTERM\); deployment failed: Deployment marked as failed - rolling back to job version 0/
    )
    expect(
      target.cluster?.deployments('website').find(d => d.ID === result.deploymentId)?.Status
    ).toBe('failed')
  })

  // POST /v1/deployment/fail refused: only Nomad's "can't fail terminal deployment" (500,
  // nomad/deployment_endpoint.go `Fail` → `deploymentwatcher.FailDeployment`: `if
  // !deployment.Active() { return fmt.Errorf("can't fail terminal deployment") }`) means it had
  // already finished; a 403 (a token without submit-job) or any other 500 is an error, said.
  it.each([
    { status: 403, body: 'Permission denied' },
    { status: 500, body: 'rpc error: eval broker disabled' }
  ])(
    'at our timeout, a fail request refused with $status is said, never taken for "already finished"',
    async ({ status, body }) => {
      const { client, target } = await start()
      await deploy(client, repoJob('website'), v1, { clock })
      target.cluster?.setHealthPolicy('manual')
      target.server?.faults.add({ method: 'POST', path: '/v1/deployment/fail/', status, body })
      const logger = memoryLogger()
      const result = await deploy(client, repoJob('website'), v2, {
        clock,
        logger,
        timeoutMs: 800
      })
      expect(result.status).toBe('failure')
      expect(result.reason).toContain(`HTTP ${status}): ${body}`)
      expect(logger.lines.join('\n')).not.toMatch(/had already finished/)
      const ours = target.cluster?.deployments('website').find(d => d.JobVersion === 1)
      expect(ours?.Status).toBe('running')
    }
  )

  it.each([
    { status: 403, body: 'Permission denied' },
    { status: 500, body: 'rpc error: eval broker disabled' }
  ])(
    'on cancel, a fail request refused with $status is said, never taken for "already finished"',
    async ({ status, body }) => {
      const { client, target } = await start()
      await deploy(client, repoJob('website'), v1, { clock })
      target.cluster?.setHealthPolicy('manual')
      target.server?.faults.add({ method: 'POST', path: '/v1/deployment/fail/', status, body })
      const controller = new AbortController()
      const logger = memoryLogger()
      const result = await deploy(client, repoJob('website'), v2, {
        clock,
        logger,
        signal: controller.signal,
        onDeployment: () => setTimeout(() => controller.abort(new Error('received SIGTERM')), 50)
      })
      expect(result.status).toBe('cancelled')
      expect(result.reason).toContain('failing the deployment failed')
      expect(result.reason).toContain(`HTTP ${status}): ${body}`)
      expect(logger.lines.join('\n')).not.toMatch(/had already finished/)
    }
  )

  it('a fail request answered "can\'t fail terminal deployment" means it had already finished', async () => {
    const { client, target } = await start()
    await deploy(client, repoJob('website'), v1, { clock })
    const done = target.cluster?.deployments('website')[0]
    expect(done?.Status).toBe('successful')
    const logger = memoryLogger()
    expect(await failIfActive(client, done?.ID ?? '', logger)).toBeUndefined()
    expect(logger.lines).toEqual([`Deployment ${done?.ID} had already finished.`])
  })

  // Cancelled while the register is on its way: the job's latest deployment is the previous
  // version's, still running. Only a deployment of a spec registered after our plan (its
  // JobSpecModifyIndex above the plan's JobModifyIndex) may be ours to fail.
  it('cancelled during the register, it never fails the previous version’s deployment still running', async () => {
    const { client, target } = await start()
    const cluster = target.cluster
    target.cluster?.setHealthPolicy('manual')
    // Version 0 was registered and its deployment is still running (no one promoted it); the run
    // that registered it is gone (a lost runner), so nobody watches or fails it.
    await registerPlanned(
      client,
      await planJob(client, repoJob('website'), v1, memoryLogger()),
      memoryLogger()
    )
    for (let i = 0; i < 2_000 && cluster?.deployments('website').length === 0; i++)
      await new Promise(r => setTimeout(r, 5))
    const [previous] = cluster?.deployments('website') ?? []
    expect(previous).toMatchObject({ JobVersion: 0, Status: 'running' })
    const controller = new AbortController()
    const registering = client
    const cancelling: NomadClient = {
      ...registering,
      withSignal: signal => {
        const inner = registering.withSignal(signal)
        return {
          ...inner,
          registerJob: async (...args) => {
            controller.abort(new Error('received SIGTERM'))
            return await inner.registerJob(...args)
          }
        }
      }
    }
    const logger = memoryLogger()
    const result = await deploy(cancelling, repoJob('website'), v2, {
      clock,
      logger,
      signal: controller.signal
    })
    expect(result.status).toBe('cancelled')
    expect(result.reason).toMatch(/before any deployment started/)
    expect(cluster?.deployments('website').find(d => d.ID === previous?.ID)?.Status).toBe('running')
    expect(target.server?.requests.some(r => r.path.startsWith('/v1/deployment/fail/'))).toBe(false)
  })

  it('on cancel fails the deployment at once and is out within GitHub’s 7.5 s, even when Nomad stops answering reads', async () => {
    const { client, target } = await start()
    await deploy(client, repoJob('website'), v1, { clock })
    target.cluster?.setHealthPolicy('manual')
    const controller = new AbortController()
    let abortedAt = 0
    const result = await deploy(client, repoJob('website'), v2, {
      clock,
      signal: controller.signal,
      onDeployment: () =>
        setTimeout(() => {
          // From here on every read hangs for 20 s (an overloaded leader); writes still answer.
          target.server?.faults.add({ method: 'GET', path: '/v1/', delayMs: 20_000 })
          abortedAt = Date.now()
          controller.abort(new Error('received SIGINT'))
        }, 50)
    })
    const tookMs = Date.now() - abortedAt
    expect(result.status).toBe('cancelled')
    expect(tookMs).toBeLessThan(7_500)
    const fail = target.server?.requests.find(r => r.path.startsWith('/v1/deployment/fail/'))
    expect((fail?.timestamp ?? Number.POSITIVE_INFINITY) - abortedAt).toBeLessThan(1_000)
    expect(
      target.cluster?.deployments('website').find(d => d.ID === result.deploymentId)?.Status
    ).toBe('failed')
    expect(result.reason).toMatch(/Cancelled \(received SIGINT\); deployment failed: /)
  })

  it('never logs the ACL token', async () => {
    const token = 'f1e2d3c4-secret-acl-token'
    const { target } = await start({ http: { aclToken: token } })
    const anonymous = clientFor(target.address, clock, '')
    expect((await deploy(anonymous, repoJob('website'), v1, { clock })).reason).toMatch(
      /HTTP 403\): Permission denied/
    )
    anonymous.close()
    client = clientFor(target.address, clock, token)
    const logger = memoryLogger()
    const result = await deploy(client, repoJob('website'), v1, { clock, logger })
    expect(result.status).toBe('success')
    expect(JSON.stringify({ lines: logger.lines, result })).not.toContain(token)
  })
})
