import { describe, expect, it } from '@jest/globals'
import type { BlockingQuery, Deployment } from '../types.js'
import { deployment, fakeClient, fakeClock, linesLogger } from './fakes.js'
import { followRollback } from './rollback.js'

/**
 * rollback.ts over a fake client and clock: how long the rollback's deployment is looked for
 * (15 s, or less when our own deadline is nearer), and that a rollback still running at our
 * deadline is left to Nomad (never failed). With the result it ends: result-steps.test.ts.
 */

const rolling = deployment({ id: 'roll5678-0000', jobVersion: 5 })

function nomad(deployments: readonly Deployment[], clock: ReturnType<typeof fakeClock>) {
  const queries: (BlockingQuery | undefined)[] = []
  const client = fakeClient({
    readJobDeployments: async (_id, q) => {
      queries.push(q)
      clock.at += q?.waitMs ?? 0
      return { value: [...deployments], index: 7 + queries.length }
    },
    readDeployment: async (_id, q) => {
      clock.at += q?.waitMs ?? 1_000
      return { value: rolling, index: 20 }
    },
    readDeploymentAllocations: async () => ({ value: [], index: 20 })
  })
  return { client, queries }
}

describe('followRollback', () => {
  it('looks 15 s for the rollback’s deployment, less when our deadline is nearer', async () => {
    const clock = fakeClock()
    const far = nomad([], clock)
    const ctx = { clock, logger: linesLogger(), deadline: clock.at + 600_000 }
    await expect(followRollback(far.client, 'website', 5, ctx)).resolves.toBe(
      'Nomad made no deployment for the rollback (job version 5): the running allocations already match it.'
    )
    expect(far.queries.map(q => q?.waitMs)).toEqual([undefined, 5_000, 5_000, 5_000])
    const near = nomad([], clock)
    await expect(
      followRollback(near.client, 'website', 5, { ...ctx, deadline: clock.at + 7_000 })
    ).resolves.toMatch(/^Nomad made no deployment/)
    expect(near.queries.map(q => q?.waitMs)).toEqual([undefined, 5_000, 2_000])
  })

  it('a rollback still running at our deadline did not succeed, and is not failed by us', async () => {
    const clock = fakeClock()
    const { client } = nomad([rolling], clock)
    const logger = linesLogger()
    await expect(
      followRollback(client, 'website', 5, { clock, logger, deadline: clock.at + 2_500 })
    ).resolves.toBe(
      'The rollback deployment roll5678 (job version 5) did not succeed: still running when we stopped watching: Deployment is running'
    )
    expect(logger.lines[0]).toBe(
      'info: Watching the rollback deployment roll5678-0000 (job version 5)'
    )
  })
})
