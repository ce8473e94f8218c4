import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { systemClock } from '../../ports.js'
import type { NomadClient } from '../client/client.js'
import {
  E2E_ADDR,
  type Target,
  clientFor,
  deploy,
  e2eSingleWriterJobHcl,
  memoryLogger,
  startTarget
} from './test-kit.js'

/**
 * A single-writer volume job on a real `nomad agent -dev` (the e2e-nomad workflow): no CSI plugin
 * runs there, so the single writer is a dynamic host volume with `single-node-single-writer`
 * access (created by the workflow with the built-in `mkdir` plugin, NOMAD_E2E_HOST_VOLUME). Nomad
 * 2.0.5 enforces it in the scheduler (scheduler/feasible/feasible.go `HostVolumeChecker`), where a
 * CSI single-node-writer volume is enforced by the client's claim (simulated/csi.ts, which the
 * simulated cluster models and csi.test.ts drives): a rolling update (canary 0) stops the writer
 * and places the next one; a canary, a second writer, cannot be placed, and the deploy fails it.
 */
const VOLUME = process.env['NOMAD_E2E_HOST_VOLUME'] ?? 'e2e-single-writer'
const timeoutMs = 120_000
jest.setTimeout(timeoutMs * 2 + 30_000)

if (!E2E_ADDR) {
  console.warn(
    'single-writer.test.ts skipped: it needs a real Nomad with a dynamic host volume (NOMAD_E2E_ADDR, set by the e2e-nomad workflow); the simulated cluster models CSI volumes instead (simulated/csi.test.ts).'
  )
}
const describeOnRealAgent = E2E_ADDR ? describe : describe.skip

describeOnRealAgent(`a single-writer host volume on the Nomad at ${E2E_ADDR ?? '-'}`, () => {
  let target: Target
  let client: NomadClient
  beforeAll(async () => {
    target = await startTarget()
    client = clientFor(target.address, systemClock)
  })
  afterAll(async () => {
    client.close()
    await target.close()
  })
  const id = `e2e-writer-${Date.now().toString(36)}`

  it('a rolling update moves the writer: the old allocation stops, the new one runs', async () => {
    const hcl = e2eSingleWriterJobHcl(id, VOLUME)
    const opts = { clock: systemClock, timeoutMs }
    expect((await deploy(client, hcl, { image: 'ok', version: '1' }, opts)).status).toBe('success')
    const second = await deploy(client, hcl, { image: 'ok', version: '2' }, opts)
    expect(second).toMatchObject({ status: 'success', jobVersion: 1 })
  })

  it('a canary (a second writer) cannot be placed: the deploy fails with Nomad’s reason', async () => {
    const logger = memoryLogger()
    const result = await deploy(
      client,
      e2eSingleWriterJobHcl(id, VOLUME, { canary: 1 }),
      { image: 'ok', version: '3' },
      { clock: systemClock, timeoutMs, logger }
    )
    expect(result.status).toBe('failure')
    expect(`${result.reason}\n${logger.lines.join('\n')}`).toMatch(
      /could not be placed|host volume/i
    )
  })
})
