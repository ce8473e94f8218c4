import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { systemClock } from '../../ports.js'
import type { NomadClient } from '../client/client.js'
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
 * The real job file nomad/www.nomad.hcl (Docker, Consul service and check), deployed in sequence:
 * on the simulated cluster here, and in the e2e-nomad workflow on `nomad agent -dev` beside
 * `consul agent -dev` with two tiny images built there (NOMAD_E2E_WWW_OK_IMAGE /
 * NOMAD_E2E_WWW_BAD_IMAGE: /healthz answers 200 / 404). Only the update timings are shortened.
 */
const OK = process.env['NOMAD_E2E_WWW_OK_IMAGE'] ?? 'elm-e2e/www:ok'
const BAD = process.env['NOMAD_E2E_WWW_BAD_IMAGE'] ?? 'elm-e2e/www:bad'
const timeoutMs = E2E_ADDR ? 240_000 : 20_000
jest.setTimeout(timeoutMs + 30_000)

const hcl = withUpdate(
  withUpdate(withUpdate(repoJob('www'), 'min_healthy_time', '"2s"'), 'healthy_deadline', '"60s"'),
  'progress_deadline',
  '"90s"'
)

let target: Target
let client: NomadClient
beforeAll(async () => {
  // On the double the bad image's Consul check never passes: it turns unhealthy at its deadline.
  target = await startTarget({
    health: { healthyAfterMs: 30, unhealthy: [{ image: BAD }] },
    reschedule: 'never'
  })
  client = clientFor(target.address, systemClock)
})
afterAll(async () => {
  client.close()
  await target.close()
})

const run = (variables: Record<string, string>): ReturnType<typeof deploy> =>
  deploy(client, hcl, variables, { clock: systemClock, timeoutMs, logger: memoryLogger() })

describe(`nomad/www.nomad.hcl on ${E2E_ADDR ? `the Nomad at ${E2E_ADDR}` : 'the simulated cluster'}`, () => {
  it('first deploy, then a healthy update whose canary is promoted', async () => {
    const first = await run({ image: OK, version: 'e2e-1' })
    expect(first).toMatchObject({ status: 'success' })
    const second = await run({ image: OK, version: 'e2e-2' })
    expect(second).toMatchObject({ status: 'success', promoted: true })
    expect(second.jobVersion).toBe((first.jobVersion ?? -2) + 1)
  })

  it('an unchanged redeploy says "no changes"', async () => {
    const again = await run({ image: OK, version: 'e2e-2' })
    expect(again.status).toBe('no-changes')
  })

  it('an unhealthy update fails and Nomad reverts to the stable version', async () => {
    const before = await client.readJob('www')
    const bad = await run({ image: BAD, version: 'e2e-3' })
    expect(bad).toMatchObject({ status: 'failure', revertedTo: before?.version })
    expect(bad.reason).toMatch(/rolling back to job version/)
  })

  it('an undeclared variable is refused before any request', async () => {
    const fresh = clientFor(target.address, systemClock)
    const result = await deploy(
      fresh,
      hcl,
      { image: OK, versoin: 'typo' },
      { clock: systemClock, timeoutMs }
    )
    expect(result.status).toBe('failure')
    expect(result.reason).toMatch(/does not declare variable 'versoin'/)
    expect(fresh.requestCount).toBe(0)
    fresh.close()
  })
})
