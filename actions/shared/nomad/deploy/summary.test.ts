import { describe, expect, it } from '@jest/globals'
import { renderDeploySummary } from './summary.js'
import type { DeployResult } from './types.js'

/** The deploy's step summary, as GitHub renders it: whole documents, written out by hand. */

const result = (over: Partial<DeployResult>): DeployResult => ({
  status: 'success',
  jobId: 'website',
  jobVersion: 4,
  deploymentId: 'deadbeef-1234',
  promoted: true,
  revertedTo: undefined,
  reason: 'Deployment completed successfully',
  diff: [],
  diffText: [],
  details: [],
  ...over
})

describe('renderDeploySummary', () => {
  it('a success: headline, reason, the facts', () => {
    expect(renderDeploySummary('nomad/website.nomad.hcl', result({}))).toBe(
      [
        '## ✅ Deployed: `nomad/website.nomad.hcl`',
        '',
        'Deployment completed successfully',
        '',
        '| job | job version | deployment | promoted | rolled back to |',
        '| --- | --- | --- | --- | --- |',
        '| `website` | 4 | `deadbeef-1234` | yes | — |',
        ''
      ].join('\n')
    )
  })

  it('a failure: Nomad’s reason when the reason does not quote it, the plan, what failed said once, what next', () => {
    const block = (id: string): string[] => [
      `allocation ${id} (website.web[0], job version 4, node n1): failed, unhealthy`,
      '  task web: dead, failed'
    ]
    const text = renderDeploySummary(
      'nomad/website.nomad.hcl',
      result({
        status: 'failure',
        promoted: false,
        revertedTo: 2,
        revertedAppVersion: '1.4_0',
        reason: 'Timed out (x); the deployment was failed',
        statusDescription: 'Failed due to progress deadline',
        diffText: ['~ image: a → b', '~ count: 1 → 2'],
        details: [...block('1000000a'), ...block('1000000b')]
      }),
      ['✖ website was not deployed.', '  Next: fix it.']
    )
    expect(text).toBe(
      [
        '## ❌ Deploy failed: `nomad/website.nomad.hcl`',
        '',
        'Timed out (x); the deployment was failed',
        '',
        "Nomad's reason: Failed due to progress deadline",
        '',
        '| job | job version | deployment | promoted | rolled back to |',
        '| --- | --- | --- | --- | --- |',
        '| `website` | 4 | `deadbeef-1234` | no | job version 2 (app 1\\.4\\_0) |',
        '',
        '### Plan',
        '',
        '```',
        '~ image: a → b',
        '~ count: 1 → 2',
        '```',
        '',
        '### What failed',
        '',
        '```',
        ...block('1000000a'),
        '1 more allocation failed the same way as 1000000a: 1000000b',
        '```',
        '',
        '### What next',
        '',
        '```',
        '✖ website was not deployed.',
        '  Next: fix it.',
        '```',
        ''
      ].join('\n')
    )
  })

  it('never registered, cancelled: the file for the job, dashes for what is unknown; a quoted reason once', () => {
    const text = renderDeploySummary(
      'nomad/x.nomad.hcl',
      result({
        status: 'cancelled',
        jobId: '',
        jobVersion: undefined,
        deploymentId: undefined,
        promoted: false,
        revertedTo: 1,
        reason: 'Deployment failed: Cancelled by the run',
        statusDescription: 'Cancelled by the run'
      })
    )
    expect(text).toBe(
      [
        '## ⛔ Deploy cancelled: `nomad/x.nomad.hcl`',
        '',
        'Deployment failed: Cancelled by the run',
        '',
        '| job | job version | deployment | promoted | rolled back to |',
        '| --- | --- | --- | --- | --- |',
        '| `nomad/x.nomad.hcl` | — | — | no | job version 1 |',
        ''
      ].join('\n')
    )
    expect(
      renderDeploySummary('f', result({ status: 'no-changes', reason: 'no changes' })).split(
        '\n'
      )[0]
    ).toBe('## ✅ No changes: `f`')
  })
})
