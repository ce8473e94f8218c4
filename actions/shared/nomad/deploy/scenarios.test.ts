import { afterEach, describe, expect, it } from '@jest/globals'
import { systemClock } from '../../ports.js'
import type { NomadClient } from '../client/client.js'
import {
  E2E_ADDR,
  type Target,
  clientFor,
  deploy,
  e2eJobHcl,
  e2eSystemJobHcl,
  memoryLogger,
  startTarget
} from './test-kit.js'

/**
 * The deploy scenarios a real agent can drive too: against the simulated cluster by default, or
 * against the Nomad at NOMAD_E2E_ADDR (the e2e-nomad workflow runs `nomad agent -dev`).
 */
let target: Target | undefined
let client: NomadClient | undefined
afterEach(async () => {
  client?.close()
  await target?.close()
})

const unique = (name: string): string => `${name}-${Date.now().toString(36)}`
const timeoutMs = E2E_ADDR ? 120_000 : 20_000

describe(`deploy scenarios on ${E2E_ADDR ? `the Nomad at ${E2E_ADDR}` : 'the simulated cluster'}`, () => {
  it(
    'a healthy canary is promoted and the deployment succeeds',
    async () => {
      target = await startTarget()
      client = clientFor(target.address, systemClock)
      const id = unique('e2e-ok')
      const hcl = e2eJobHcl(id)
      const first = await deploy(
        client,
        hcl,
        { image: 'ok', version: '1' },
        { clock: systemClock, timeoutMs }
      )
      expect(first).toMatchObject({ status: 'success', jobVersion: 0, promoted: false })
      const logger = memoryLogger()
      const second = await deploy(
        client,
        hcl,
        { image: 'ok', version: '2' },
        { clock: systemClock, timeoutMs, logger }
      )
      expect(second).toMatchObject({
        status: 'success',
        jobVersion: 1,
        promoted: true,
        revertedTo: undefined
      })
      expect(second.diffText.join('\n')).toMatch(/Env\[VERSION\]: "1" → "2"/)
      expect(logger.lines.join('\n')).toMatch(/Promoting web: every canary is healthy/)
      expect(logger.lines.join('\n')).toMatch(/web: allocations \d\/\d healthy \(canary promoted\)/)
    },
    timeoutMs * 2 + 10_000
  )

  it(
    'an always-failing canary fails the deploy and Nomad reverts to the stable version',
    async () => {
      const id = unique('e2e-bad')
      target = await startTarget({
        health: { healthyAfterMs: 30, unhealthy: [{ job: id, version: 1 }] }
      })
      client = clientFor(target.address, systemClock)
      const hcl = e2eJobHcl(id)
      expect(
        (
          await deploy(
            client,
            hcl,
            { image: 'ok', version: '1' },
            { clock: systemClock, timeoutMs }
          )
        ).status
      ).toBe('success')
      const logger = memoryLogger()
      const result = await deploy(
        client,
        hcl,
        { image: 'failing', version: '2' },
        { clock: systemClock, timeoutMs, logger }
      )
      expect(result).toMatchObject({
        status: 'failure',
        jobVersion: 1,
        promoted: false,
        revertedTo: 0
      })
      expect(result.reason).toMatch(
        /Deployment failed: Failed due to unhealthy allocations - rolling back to job version 0/
      )
      const log = logger.lines.join('\n')
      expect(log).toMatch(
        /error: allocation [0-9a-f]{8} \(.*job version 1.*canary\): failed, unhealthy/
      )
      expect(log).toMatch(/Terminated: Exit Code: 1/)
      expect(log).toMatch(
        /Nomad rolled back: it registered job version 2 as a copy of stable version 0/
      )
      expect(log).toMatch(
        /The rollback deployment [0-9a-f]{8} \(job version 2\) succeeded: Deployment completed successfully|Nomad made no deployment for the rollback/
      )
    },
    timeoutMs * 2 + 10_000
  )

  it(
    'a system job whose new allocation is unhealthy fails its deployment, names the node, and Nomad reverts',
    async () => {
      const id = unique('e2e-sys')
      target = await startTarget({
        health: { healthyAfterMs: 30, unhealthy: [{ job: id, version: 1 }] }
      })
      client = clientFor(target.address, systemClock)
      const hcl = e2eSystemJobHcl(id)
      // A system job takes no count and no reschedule block (nomad/structs Job.Validate).
      expect(hcl).toMatch(/type {8}= "system"/)
      expect(hcl).not.toMatch(/reschedule|count =/)
      const first = await deploy(
        client,
        hcl,
        { image: 'ok', version: '1' },
        { clock: systemClock, timeoutMs }
      )
      // Nomad 2.0.5 gives the system job a deployment of its own (reconcile_node.go).
      expect(first).toMatchObject({ status: 'success', jobVersion: 0 })
      expect(first.deploymentId).toBeDefined()
      const logger = memoryLogger()
      const result = await deploy(
        client,
        hcl,
        { image: 'failing', version: '2' },
        { clock: systemClock, timeoutMs, logger }
      )
      expect(result).toMatchObject({ status: 'failure', jobVersion: 1, revertedTo: 0 })
      expect(result.reason).toMatch(
        /Failed due to unhealthy allocations - rolling back to job version 0/
      )
      expect(logger.lines.join('\n')).toMatch(
        /error: allocation [0-9a-f]{8} \(.*job version 1, node \S+\): failed, unhealthy/
      )
    },
    timeoutMs * 2 + 10_000
  )
})
