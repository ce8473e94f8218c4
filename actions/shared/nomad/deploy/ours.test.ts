import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { type Clock, systemClock } from '../../ports.js'
import type { NomadClient } from '../client/client.js'
import { isOurDeployment } from './ours.js'
import type { Deployment } from '../types.js'
import type { Allocation } from '../simulated/types.js'
import { type Target, clientFor, deploy, memoryLogger, repoJob, withUpdate } from './test-kit.js'
import { SimulatedCluster, TestClock } from '../simulated/cluster.js'
import { serveSimulatedNomad } from '../simulated/http.js'

/**
 * "The deployment must be ours", against the simulated cluster behaving as Nomad's scheduler is
 * written (v2.0.5): an eval names the job's latest deployment of any status and version
 * (scheduler/generic_sched.go), a no-op register answers the job's ModifyIndex
 * (nomad/job_endpoint.go `Register`, GH-27386), the broker cancels a job's older pending evals
 * (nomad/eval_broker.go `Ack`), and a system job rolls out through a deployment
 * (scheduler/scheduler_system.go). Always on the double: it stages what a real agent cannot.
 */
// Cold start: the first parse loads the HCL WebAssembly module (seconds on a busy machine).
jest.setTimeout(30_000)

let target: Target | undefined
let client: NomadClient | undefined
afterEach(async () => {
  client?.close()
  await target?.close()
  target = undefined
})

const clock = systemClock
const v1 = { image: 'ghcr.io/elm/website@sha256:1111', version: '1' }
const v2 = { image: 'ghcr.io/elm/website@sha256:2222', version: '2' }

async function onDouble(
  options: ConstructorParameters<typeof SimulatedCluster>[0] = {},
  clientClock: Clock = clock
): Promise<{ cluster: SimulatedCluster; client: NomadClient }> {
  const cluster = new SimulatedCluster({
    nodes: [{}, {}],
    health: { healthyAfterMs: 30 },
    ...options
  })
  const server = await serveSimulatedNomad(cluster)
  target = {
    address: server.url,
    cluster,
    server,
    close: async () => {
      await server.close()
      cluster.close()
    }
  }
  client = clientFor(server.url, clientClock)
  return { cluster, client }
}

/** website with a short min_healthy_time so a test takes milliseconds. */
const fast = (hcl: string): string => withUpdate(hcl, 'min_healthy_time', '"10ms"')

describe('the deployment must be ours', () => {
  it('a changed spec with no deployment of its own (max_parallel = 0) fails on its failed allocations, not on the previous deployment’s success', async () => {
    const { cluster, client } = await onDouble({ reschedule: 'never' })
    const rolling = withUpdate(fast(repoJob('website')), 'canary', '0')
    expect((await deploy(client, rolling, v1, { clock })).status).toBe('success')
    // The next version turns the rolling update off: the scheduler makes no deployment for it.
    // Its allocations' health is the test's to give (no timer decides it): once both are placed,
    // both fail in one turn, so the verdict cannot depend on how fast a loaded machine polls.
    cluster.setHealthPolicy('manual')
    const hcl = withUpdate(rolling, 'max_parallel', '0')
    const previous = cluster.deployments('website')
    const logger = memoryLogger()
    const running = deploy(client, hcl, v2, { clock, logger })
    const placed = (): Allocation[] =>
      cluster.allocations(a => a.JobVersion === 1 && a.DesiredStatus === 'run')
    for (let i = 0; i < 2_000 && placed().length < 2; i++) await new Promise(r => setTimeout(r, 5))
    expect(placed()).toHaveLength(2)
    const failed = cluster.setAllocHealth(a => a.JobVersion === 1, 'unhealthy')
    const result = await running
    // Nomad made no deployment for version 1; its eval named version 0's (successful) one.
    expect(cluster.deployments('website')).toHaveLength(previous.length)
    const registerEval = cluster
      .evaluations()
      .filter(e => e.TriggeredBy === 'job-register')
      .at(-1)
    expect(registerEval?.DeploymentID).toBe(previous[0]?.ID)
    expect(previous[0]).toMatchObject({ Status: 'successful', JobVersion: 0 })
    expect(result).toMatchObject({ status: 'failure', jobVersion: 1, deploymentId: undefined })
    expect(result.reason).toMatch(/^2 allocation\(s\) of job version 1 failed/)
    expect(failed).toHaveLength(2)
    for (const a of failed) expect(result.details.join('\n')).toContain(a.ID.slice(0, 8))
    const log = logger.lines.join('\n')
    expect(log).toMatch(/names deployment [0-9a-f]{8} of job version 0 \(successful\), not ours/)
    expect(log).not.toMatch(/Deployment completed successfully/)
  })

  it('a purged and re-created job: the old incarnation’s deployment of the same version number is never taken for ours', async () => {
    const { cluster } = await onDouble({
      health: { healthyAfterMs: 30, unhealthy: [{ image: 'sha256:2222' }] },
      reschedule: 'never'
    })
    const c = client as NomadClient
    const rolling = withUpdate(fast(repoJob('website')), 'canary', '0')
    expect((await deploy(c, rolling, v1, { clock })).status).toBe('success')
    const [old] = cluster.deployments('website')
    expect(old).toMatchObject({ Status: 'successful', JobVersion: 0 })
    // `nomad job stop -purge website`: the job is gone, its deployments stay until GC.
    const purged = await fetch(`${target?.address}/v1/job/website?purge=true`, {
      method: 'DELETE'
    })
    expect(purged.status).toBe(200)
    // Re-created with a spec that gets no deployment (max_parallel = 0): its version is 0 again,
    // and the register's eval names the job's latest deployment — the old incarnation's.
    const hcl = withUpdate(withUpdate(rolling, 'max_parallel', '0'), 'min_healthy_time', '"5s"')
    const logger = memoryLogger()
    const result = await deploy(c, hcl, v2, { clock, logger })
    const registerEval = cluster
      .evaluations()
      .filter(e => e.TriggeredBy === 'job-register')
      .at(-1)
    expect(registerEval?.DeploymentID).toBe(old?.ID)
    expect(cluster.job('website')?.Version).toBe(0)
    expect(cluster.job('website')?.JobModifyIndex).not.toBe(old?.JobSpecModifyIndex)
    expect(result).toMatchObject({ status: 'failure', jobVersion: 0, deploymentId: undefined })
    expect(result.reason).toMatch(/allocation\(s\) of job version 0 failed/)
    expect(logger.lines.join('\n')).not.toMatch(/Deployment completed successfully/)
  })

  it('isOurDeployment: the same job and version number with another JobSpecModifyIndex is not ours', () => {
    const ours = { jobId: 'website', version: 0, specIndex: 120 }
    const deployment = (over: Partial<Deployment>): Deployment => ({
      id: 'd',
      jobId: 'website',
      jobVersion: 0,
      jobSpecModifyIndex: 120,
      status: 'successful',
      statusDescription: '',
      groups: [],
      createIndex: 130,
      modifyIndex: 140,
      ...over
    })
    expect(isOurDeployment(deployment({}), ours)).toBe(true)
    expect(isOurDeployment(deployment({ jobSpecModifyIndex: 15 }), ours)).toBe(false)
    expect(isOurDeployment(deployment({ jobVersion: 1 }), ours)).toBe(false)
    expect(isOurDeployment(deployment({ jobId: 'www' }), ours)).toBe(false)
  })

  it('a count-1 job without canaries (a single writer) rolls, health-gated, to success', async () => {
    const { client } = await onDouble()
    const hcl = withUpdate(
      fast(repoJob('website').replace(/count\s*=\s*\d+/, 'count = 1')),
      'canary',
      '0'
    )
    expect((await deploy(client, hcl, v1, { clock })).status).toBe('success')
    const result = await deploy(client, hcl, v2, { clock })
    expect(result).toMatchObject({ status: 'success', jobVersion: 1, promoted: false })
    expect(result.deploymentId).toBeDefined()
  })

  it('a count-1 job without canaries whose new allocation fails is reverted by Nomad', async () => {
    const { client, cluster } = await onDouble({
      health: { healthyAfterMs: 30, unhealthy: [{ image: 'sha256:2222' }] },
      reschedule: 'never'
    })
    const hcl = withUpdate(
      fast(repoJob('website').replace(/count\s*=\s*\d+/, 'count = 1')),
      'canary',
      '0'
    )
    expect((await deploy(client, hcl, v1, { clock })).status).toBe('success')
    const result = await deploy(client, hcl, v2, { clock })
    expect(result).toMatchObject({ status: 'failure', jobVersion: 1, revertedTo: 0 })
    const ours = cluster.deployments('website').find(d => d.ID === result.deploymentId)
    expect(ours).toMatchObject({ JobVersion: 1, Status: 'failed' })
  })

  it('a canceled register eval is followed to our version’s deployment, promoted, exit 0', async () => {
    const { cluster, client } = await onDouble()
    const hcl = fast(repoJob('website'))
    expect((await deploy(client, hcl, v1, { clock })).status).toBe('success')
    // An eval of the job is in the broker when we register; another arrives after ours: on the
    // first one's Ack the broker keeps the newest pending eval and cancels ours.
    cluster.holdEvaluations()
    cluster.evaluateJob('website')
    const logger = memoryLogger()
    const running = deploy(client, hcl, v2, { clock, logger })
    for (let i = 0; i < 500; i++) {
      if (
        cluster
          .evaluations()
          .some(
            e =>
              e.TriggeredBy === 'job-register' &&
              e.JobModifyIndex > 0 &&
              cluster.job('website')?.Version === 1
          )
      )
        break
      await new Promise(r => setTimeout(r, 5))
    }
    cluster.evaluateJob('website')
    cluster.releaseEvaluations()
    const result = await running
    const ourEval = cluster
      .evaluations()
      .filter(e => e.TriggeredBy === 'job-register')
      .at(-1)
    expect(ourEval).toMatchObject({
      Status: 'canceled',
      StatusDescription: 'canceled after more recent eval was processed'
    })
    expect(result).toMatchObject({ status: 'success', jobVersion: 1, promoted: true })
    expect(cluster.deployments('website')[0]).toMatchObject({
      ID: result.deploymentId,
      JobVersion: 1,
      Status: 'successful'
    })
    expect(logger.lines.join('\n')).toMatch(
      /was canceled \(canceled after more recent eval was processed\)/
    )
  })
})

describe('a late deployment', () => {
  it('appearing 45 s after a register whose answer was lost is still found, watched and promoted', async () => {
    // Virtual time: the 45 s pass in milliseconds; the deploy and the double share the clock.
    const virtual = new TestClock({ autoAdvanceAfterMs: 20 })
    const { cluster, client } = await onDouble({ clock: virtual }, virtual)
    const hcl = fast(repoJob('website'))
    expect((await deploy(client, hcl, v1, { clock: virtual })).status).toBe('success')
    // The register lands but its answer is lost (no eval ID to follow), and the job's evals wait
    // in the broker behind other work: the deployment of our version comes 45 s later.
    target?.server?.faults.add({
      method: 'POST',
      path: /^\/v1\/jobs$/,
      when: 'after',
      reset: true,
      times: 1
    })
    cluster.holdEvaluations()
    const logger = memoryLogger()
    const running = deploy(client, hcl, v2, { clock: virtual, logger, timeoutMs: 600_000 })
    for (let i = 0; i < 5_000 && cluster.job('website')?.Version !== 1; i++) {
      await new Promise(r => setTimeout(r, 1))
    }
    const registeredAt = virtual.now()
    void virtual.sleep(45_000).then(() => cluster.releaseEvaluations())
    const result = await running
    expect(result).toMatchObject({ status: 'success', jobVersion: 1, promoted: true })
    const [d] = cluster.deployments('website')
    expect(d).toMatchObject({ ID: result.deploymentId, JobVersion: 1, Status: 'successful' })
    expect(d?.CreateTime ?? 0).toBeGreaterThanOrEqual((registeredAt + 45_000) * 1e6)
    expect(logger.lines.join('\n')).toMatch(/answer to the register was lost/)
  })
})

describe('no-op deploys decide from the current version’s deployment', () => {
  it('after a successful deploy: "no changes" in under 2 s', async () => {
    const { client, cluster } = await onDouble()
    const hcl = fast(repoJob('website'))
    await deploy(client, hcl, v1, { clock })
    const started = Date.now()
    const logger = memoryLogger()
    const result = await deploy(client, hcl, v1, { clock, logger })
    expect(Date.now() - started).toBeLessThan(2_000)
    expect(result).toMatchObject({ status: 'no-changes', jobVersion: 0 })
    // Nomad 2.0.5 answered the job's ModifyIndex (moved on by the stable mark), not a new version.
    expect(logger.lines.join('\n')).toMatch(/No changes: job 'website' already runs version 0/)
    expect(logger.lines.join('\n')).not.toMatch(/Watching deployment/)
    expect(result.deploymentId).toBe(cluster.deployments('website')[0]?.ID)
  })

  it('after a failed deploy (no auto_revert): a failure that says so, with no rollback story', async () => {
    const { client } = await onDouble({
      health: { healthyAfterMs: 30, unhealthy: [{ image: 'sha256:2222' }] },
      reschedule: 'never'
    })
    const hcl = withUpdate(fast(repoJob('website')), 'auto_revert', 'false')
    expect((await deploy(client, hcl, v1, { clock })).status).toBe('success')
    const failed = await deploy(client, hcl, v2, { clock })
    expect(failed).toMatchObject({ status: 'failure', jobVersion: 1 })
    const logger = memoryLogger()
    const again = await deploy(client, hcl, v2, { clock, logger })
    expect(again).toMatchObject({
      status: 'failure',
      jobVersion: 1,
      revertedTo: undefined,
      deploymentId: failed.deploymentId
    })
    expect(again.reason).toMatch(
      /No changes to deploy, but the job's current version 1 is not healthy: its deployment [0-9a-f]{8} failed/
    )
    expect(`${again.reason}\n${again.details.join('\n')}\n${logger.lines.join('\n')}`).not.toMatch(
      /rolled back:|rolling back to|Nomad did not roll back/
    )
  })
})

describe('undeclared variables', () => {
  it('are refused before any request, naming the variables the job declares', async () => {
    const { client } = await onDouble()
    const result = await deploy(client, repoJob('website'), { imgae: 'x', version: '1' }, { clock })
    expect(result.status).toBe('failure')
    expect(result.reason).toMatch(
      /does not declare variable 'imgae'.*The job declares: 'commit', 'deployed_by', 'image', 'version'/
    )
    expect(client.requestCount).toBe(0)
  })
})

describe('system jobs (traefik): watched through their deployment, as Nomad 2.0.5 makes one', () => {
  const traefik = (): string => withUpdate(repoJob('traefik'), 'min_healthy_time', '"50ms"')

  it('rolls one node at a time through a deployment and succeeds when all are healthy', async () => {
    const { client, cluster } = await onDouble({ nodes: [{}, {}, {}] })
    expect(
      (await deploy(client, traefik(), { image: 'traefik:v3.3.5', version: 'a' }, { clock })).status
    ).toBe('success')
    const logger = memoryLogger()
    const result = await deploy(
      client,
      traefik(),
      { image: 'traefik:v3.3.6', version: 'b' },
      { clock, logger }
    )
    const [d] = cluster.deployments('traefik')
    expect(result).toMatchObject({ status: 'success', jobVersion: 1, deploymentId: d?.ID })
    expect(d).toMatchObject({ JobVersion: 1, Status: 'successful' })
    const live = cluster.allocations(a => a.DesiredStatus === 'run')
    expect(live.map(a => a.JobVersion)).toEqual([1, 1, 1])
    // max_parallel = 1: the new allocations were created one after another, each after the one
    // before turned healthy (scheduler_system.go `evictAndPlace`; the watcher's eval places the next).
    const rolled = cluster
      .allocations(a => a.JobVersion === 1)
      .sort((x, y) => x.CreateIndex - y.CreateIndex)
    expect(rolled).toHaveLength(3)
    for (const [i, a] of rolled.entries()) {
      const before = rolled[i - 1]
      if (before === undefined) continue
      const healthyAt = Date.parse(before.DeploymentStatus?.Timestamp ?? '') * 1e6
      expect(a.CreateTime).toBeGreaterThanOrEqual(healthyAt)
    }
    expect(cluster.evaluations().filter(e => e.TriggeredBy === 'rolling-update')).toEqual([])
    expect(logger.lines.join('\n')).toMatch(/Watching deployment/)
  })

  it('one unhealthy allocation fails the deployment at once, exits non-zero naming the node, and Nomad reverts that node', async () => {
    const { client, cluster } = await onDouble({
      nodes: [{}, {}, {}],
      health: { healthyAfterMs: 30, unhealthy: [{ image: 'traefik:v9-bad' }] }
    })
    expect(
      (await deploy(client, traefik(), { image: 'traefik:v3.3.5', version: 'a' }, { clock })).status
    ).toBe('success')
    const result = await deploy(
      client,
      traefik(),
      { image: 'traefik:v9-bad', version: 'b' },
      { clock }
    )
    expect(result.status).toBe('failure')
    const bad = cluster.allocations(a => a.JobVersion === 1)
    // max_parallel = 1: only one node ever ran the bad version.
    expect(bad).toHaveLength(1)
    const text = `${result.reason}\n${result.details.join('\n')}`
    expect(text).toContain(`node ${bad[0]?.NodeName}`)
    expect(text).toContain(bad[0]?.ID.slice(0, 8))
    // auto_revert = true: Nomad re-registered version 0 as version 2, on every node again.
    expect(result.revertedTo).toBe(0)
    await cluster.settle()
    const running = cluster.allocations(
      a => a.DesiredStatus === 'run' && a.ClientStatus === 'running'
    )
    expect(running.map(a => [a.NodeName, a.JobVersion]).sort()).toEqual([
      ['node-1', 2],
      ['node-2', 2],
      ['node-3', 2]
    ])
  })
})

describe('the implicit Consul constraint', () => {
  it('a group with a Consul service cannot be placed on nodes without a Consul agent, and the deploy says why', async () => {
    // nomad/job_endpoint_hooks.go: groups with provider = "consul" services get
    // `${attr.consul.version} semver >= 1.8.0`; a node without Consul lacks the attribute.
    const { client } = await onDouble({ nodes: [{ consulVersion: null }, { consulVersion: null }] })
    const result = await deploy(client, fast(repoJob('website')), v1, { clock })
    expect(result.status).toBe('failure')
    expect(result.reason).toMatch(
      /Placement failed: group "website" could not be placed: .*constraint \$\{attr\.consul\.version\} semver >= 1\.8\.0 on 2 nodes excluded by filter/
    )
  })

  it('places on a node whose Consul agent is recent enough, and not on the one with an old agent', async () => {
    const { client, cluster } = await onDouble({
      nodes: [{ consulVersion: '1.7.14' }, { consulVersion: '1.21.4' }]
    })
    const hcl = fast(repoJob('website')).replace(/count\s*=\s*\d+/, 'count = 1')
    expect((await deploy(client, hcl, v1, { clock })).status).toBe('success')
    const nodes = new Set(cluster.allocations(a => a.DesiredStatus === 'run').map(a => a.NodeName))
    expect([...nodes]).toEqual(['node-2'])
  })
})
