import { describe, expect, it } from '@jest/globals'
import {
  type DeployOutcome,
  renderImageMissing,
  renderPermissionUnknown,
  renderFailure,
  renderResult,
  renderUsage
} from './reply.js'

/**
 * Each reply word for word, in every branch: what the person who commented reads is the
 * behaviour (reply.test.ts checks the escaping and the parts).
 */

const TARGET = { service: 'package-site', version: '1.3', environment: 'production' }
const RUN = 'https://github.com/elm/elm-infra/actions/runs/42'
const failed = (over: Partial<DeployOutcome>): DeployOutcome => ({
  succeeded: false,
  status: 'failure',
  promoted: false,
  runUrl: RUN,
  ...over
})

describe('reply words', () => {
  it('the usage names the first service in its example, or package-site when none exist', () => {
    expect(renderUsage(['www', 'website'])).toBe(
      'Usage: `/deploy <service> <version>` on the first line of a new comment, for example `/deploy www 1.3`.\n' +
        '`<version>` is an image tag `MAJOR[.MINOR[.PATCH]]` or a commit SHA (7 to 40 hex characters).\n' +
        'Services: `www`, `website`.'
    )
    expect(renderUsage([])).toBe(
      'Usage: `/deploy <service> <version>` on the first line of a new comment, for example `/deploy package-site 1.3`.\n' +
        '`<version>` is an image tag `MAJOR[.MINOR[.PATCH]]` or a commit SHA (7 to 40 hex characters).\n' +
        'Services: _none_.'
    )
  })

  it('the permission could not be read', () => {
    expect(renderPermissionUnknown('evancz', 'HTTP 502')).toBe(
      '😕 I could not check the permission of `evancz` on this repository, so nothing was deployed (GitHub said: HTTP 502). Try again in a minute.'
    )
  })

  it('an ambiguous SHA prefix names every commit it starts', () => {
    const a = '3d3c42e5aac5ba805825da76410c181273ba90b1'
    const b = '3d3c42e59c091bb21b7c1c1d1991bb908d89e4e9'
    expect(
      renderImageMissing(
        { ...TARGET, version: '3d3c42e' },
        'ghcr.io/elm/package-site',
        [a, b],
        true
      )
    ).toBe(
      `😕 \`3d3c42e\` is the start of 2 commits with an image in \`ghcr.io/elm/package-site\`, so nothing was deployed: \`${a}\`, \`${b}\`. Give more of the SHA.`
    )
  })

  it('a missing image with no deployable versions at all', () => {
    expect(renderImageMissing(TARGET, 'ghcr.io/elm/package-site', [])).toBe(
      '😕 There is no image `ghcr.io/elm/package-site:1.3`, so nothing was deployed. The registry has no deployable versions of it.'
    )
  })

  it('a failure before the deploy started', () => {
    expect(renderFailure('registry said 500', RUN)).toBe(
      `😕 Something went wrong before the deploy started, so nothing was deployed: registry said 500 ([workflow run](${RUN}))`
    )
  })

  it('each status has its own first words', () => {
    const head = (status: string): string =>
      renderResult(TARGET, failed({ status })).split('\n')[0] ?? ''
    const what = '`package-site` `1.3` to `production`.'
    expect(head('failure')).toBe(`😕 Failed to deploy ${what}`)
    expect(head('failed')).toBe(`😕 Failed to deploy ${what}`)
    expect(head('')).toBe(`😕 Failed to deploy ${what}`)
    expect(head('cancelled')).toBe(`😕 Cancelled the deploy of ${what}`)
    expect(head('skipped')).toBe(`😕 Did not run the deploy of ${what}`)
    expect(head('timed_out')).toBe(`😕 Failed to deploy (timed\\_out) ${what}`)
  })

  it('a failed deploy in full: reason quoted line by line, the rollback, every fact, the run', () => {
    const outcome = failed({
      reason: 'unhealthy allocations\r\nrolling back',
      revertedTo: '3',
      revertedAppVersion: '1.2',
      jobVersion: '4',
      deploymentId: 'd-1',
      durationMs: 200_000
    })
    expect(renderResult(TARGET, outcome)).toBe(
      [
        '😕 Failed to deploy `package-site` `1.3` to `production`.',
        '',
        '> unhealthy allocations',
        '> rolling back',
        '',
        '- Canary promoted: no',
        '- Nomad rolled back to job version `3` (app version `1.2`), which keeps serving',
        '- Job version: `4`',
        '- Nomad deployment: `d-1`',
        '- Took 3 min 20 s',
        '',
        `[Workflow run](${RUN})`
      ].join('\n')
    )
  })

  it('a rollback whose app version is unknown, a success with no reason shown and no facts', () => {
    expect(renderResult(TARGET, failed({ revertedTo: '3' }))).toContain(
      '\n- Nomad rolled back to job version `3`\n'
    )
    const success: DeployOutcome = {
      succeeded: true,
      status: 'success',
      promoted: true,
      reason: 'not shown',
      runUrl: RUN
    }
    expect(renderResult(TARGET, success)).toBe(
      [
        '🚀 Deployed `package-site` `1.3` to `production`.',
        '',
        '- Canary promoted: yes',
        '',
        `[Workflow run](${RUN})`
      ].join('\n')
    )
  })
})
