import { describe, expect, it } from '@jest/globals'
import { parseDeployCommand } from './command.js'
import {
  formatDuration,
  renderDeploying,
  renderImageMissing,
  renderPermissionUnknown,
  renderRefusal,
  renderResult,
  renderUnauthorised,
  renderUsage
} from './reply.js'
import { latestVersions } from './versions.js'

const SERVICES = ['package-site', 'website', 'www']
const TARGET = { service: 'package-site', version: '1.3', environment: 'production' }
const RUN = 'https://github.com/elm/elm-infra/actions/runs/7'

describe('replies', () => {
  it('shows the usage with every service', () => {
    const usage = renderUsage(SERVICES)
    expect(usage).toContain('`/deploy <service> <version>`')
    for (const s of SERVICES) expect(usage).toContain(`\`${s}\``)
  })

  it('refuses with the reason, the usage and the services', () => {
    const parsed = parseDeployCommand('/deploy package-site 1.3; rm -rf /', SERVICES)
    if (parsed.kind !== 'rejected') throw new Error(`expected a rejection, got ${parsed.kind}`)
    const reply = renderRefusal(parsed.reason, SERVICES)
    expect(reply).toMatch(/^😕 I did not deploy anything: '1\.3;' is not a version/)
    expect(reply).toContain('Services: `package-site`, `website`, `www`.')
  })

  it('makes user text inert: no mentions, no HTML, no code breakout', () => {
    const parsed = parseDeployCommand('/deploy package-site @elm/admins<img>`x`', SERVICES)
    if (parsed.kind !== 'rejected') throw new Error(`expected a rejection, got ${parsed.kind}`)
    const reply = renderRefusal(parsed.reason, SERVICES)
    expect(reply).not.toContain('@elm')
    expect(reply).toContain('@\u200belm')
    expect(reply).not.toContain('<img>')
    expect(reply).toContain('\\`x\\`')
  })

  it('says who may deploy', () => {
    expect(renderUnauthorised('someone', 'triage')).toContain(
      '`someone` has `triage` permission on this repository; `/deploy` needs `write`, `maintain` or `admin`'
    )
    expect(renderPermissionUnknown('someone', 'HTTP 502')).toContain(
      'could not check the permission'
    )
  })

  it('lists the versions that exist when the image is missing', () => {
    const reply = renderImageMissing(TARGET, 'ghcr.io/elm/package-site', ['1.4', '1.2'])
    expect(reply).toContain('`ghcr.io/elm/package-site:1.3`')
    expect(reply).toContain('`1.4`, `1.2`')
    expect(renderImageMissing(TARGET, 'ghcr.io/elm/package-site', [])).toContain('no deployable')
  })

  it('renders deploying, then success with the version, promotion, duration and run link', () => {
    expect(renderDeploying(TARGET, 'evancz', RUN)).toBe(
      `⏳ Deploying \`package-site\` \`1.3\` to \`production\` for \`evancz\`… ([workflow run](${RUN}))`
    )
    const done = renderResult(TARGET, {
      succeeded: true,
      status: 'success',
      promoted: true,
      jobVersion: '12',
      deploymentId: 'a1b2c3',
      durationMs: 95_000,
      runUrl: RUN
    })
    expect(done).toMatch(/^🚀 Deployed `package-site` `1\.3` to `production`\./)
    expect(done).toContain('- Canary promoted: yes')
    expect(done).toContain('- Job version: `12`')
    expect(done).toContain('- Took 1 min 35 s')
    expect(done).toContain(`[Workflow run](${RUN})`)
  })

  it('renders a failure with the reason and the revert', () => {
    const failed = renderResult(TARGET, {
      succeeded: false,
      status: 'failure',
      promoted: false,
      revertedTo: '11',
      reason: 'Failed due to unhealthy allocations - rolling back to job version 11\nexit code 1',
      runUrl: RUN
    })
    // Issue #17 item 6: the status was repeated in brackets ("failed (failure)").
    expect(failed).toMatch(/^😕 Failed to deploy `package-site` `1\.3` to `production`\./)
    expect(failed).not.toMatch(/failed \(fail/)
    expect(failed).toContain(
      '> Failed due to unhealthy allocations - rolling back to job version 11'
    )
    expect(failed).toContain('> exit code 1')
    expect(failed).toContain('- Nomad rolled back to job version `11`')
    const named = renderResult(TARGET, {
      succeeded: false,
      status: 'failure',
      promoted: false,
      revertedTo: '11',
      revertedAppVersion: '1.2',
      runUrl: RUN
    })
    expect(named).toContain(
      '- Nomad rolled back to job version `11` (app version `1.2`), which keeps serving'
    )
  })

  it.each([
    [0, '0 s'],
    [44_600, '45 s'],
    [60_000, '1 min'],
    [200_000, '3 min 20 s']
  ])('formats %i ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })
})

describe('latestVersions', () => {
  it('orders releases numerically, then SHAs, and drops tags /deploy cannot name', () => {
    const tags = [
      '1.2',
      '1.10',
      '1.9.1',
      'latest',
      'sha-abc',
      '0.19.1',
      '4f2c9e1',
      '2',
      'v3',
      'ctx-1a2b'
    ]
    expect(latestVersions(tags, 5)).toEqual(['2', '1.10', '1.9.1', '1.2', '0.19.1'])
    expect(latestVersions(tags, 10)).toEqual(['2', '1.10', '1.9.1', '1.2', '0.19.1', '4f2c9e1'])
    expect(latestVersions([])).toEqual([])
  })
})
