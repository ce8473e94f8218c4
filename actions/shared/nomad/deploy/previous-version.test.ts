import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { NOMAD_FIXTURES_DIR } from '../../versions.js'
import { parseJobVersions } from '../client/parse-listing.js'
import { findPreviousVersion } from './previous-version.js'
import type { JobInfo } from '../types.js'

/** `elm-infra deploy <service> --previous`: which version is "the one before the current one". */

/** Nomad's own sample job (website/content/api-docs/jobs.mdx "Read Job", v1.10.5), unchanged. */
const upstreamJob = (
  JSON.parse(
    readFileSync(join(import.meta.dirname, '../fixtures', NOMAD_FIXTURES_DIR, 'job.json'), 'utf8')
  ) as {
    response: Record<string, unknown>
  }
).response

describe('the job versions Nomad answers', () => {
  it("reads meta and every task's image from Nomad's sample job", () => {
    const [job] = parseJobVersions({ Versions: [upstreamJob] })
    // The sample's `Meta` and its two tasks' `Config.image` (alpine, redis:latest).
    expect(job?.meta).toEqual({ foo: 'bar', baz: 'pipe' })
    expect(job?.images).toEqual(['alpine', 'redis:latest'])
  })
})

const v = (
  version: number,
  app: string | undefined,
  stable: boolean,
  images = app ? [`ghcr.io/elm/website@sha256:${app}`] : []
): JobInfo => ({
  id: 'website',
  type: 'service',
  status: 'running',
  version,
  stable,
  modifyIndex: version * 10,
  jobModifyIndex: version * 10,
  meta: app === undefined ? {} : { version: app },
  images
})

describe('findPreviousVersion', () => {
  it.each([
    {
      name: 'the version before a good deploy',
      versions: [v(1, '1.1.0', true), v(0, '1.0.0', true)],
      expected: { appVersion: '1.0.0', jobVersion: 0, current: '1.1.0' }
    },
    {
      name: 'after an auto-revert: the rollback copy (version 2 = 1.0.0) is current; 1.1.0 never became stable',
      versions: [v(2, '1.0.0', true), v(1, '1.1.0', false), v(0, '1.0.0', true)],
      expected: undefined
    },
    {
      name: 'a failed version that was not reverted: back to the last stable one',
      versions: [
        v(3, '1.2.0', false),
        v(2, '1.1.0', true),
        v(1, '1.1.0', true),
        v(0, '1.0.0', true)
      ],
      expected: { appVersion: '1.1.0', jobVersion: 2, current: '1.2.0' }
    },
    {
      name: 'a redeploy of the same app version (new job version, same meta.version) is skipped',
      versions: [v(2, '1.1.0', true), v(1, '1.1.0', true), v(0, '1.0.0', true)],
      expected: { appVersion: '1.0.0', jobVersion: 0, current: '1.1.0' }
    },
    {
      name: 'versions given oldest first are still read newest first',
      versions: [v(0, '1.0.0', true), v(1, '1.1.0', true)],
      expected: { appVersion: '1.0.0', jobVersion: 0, current: '1.1.0' }
    },
    {
      name: 'a version without meta.version is no candidate',
      versions: [v(1, '1.1.0', true), v(0, undefined, true)],
      expected: undefined
    }
  ])('$name', ({ versions, expected }) => {
    const found = findPreviousVersion(versions)
    if (expected === undefined) {
      expect(found).toHaveProperty('reason')
      expect('reason' in found && found.reason).toMatch(/keeps no stable version/)
      return
    }
    expect(found).toEqual({
      appVersion: expected.appVersion,
      jobVersion: expected.jobVersion,
      image: `ghcr.io/elm/website@sha256:${expected.appVersion}`,
      current: {
        appVersion: expected.current,
        jobVersion: Math.max(...versions.map(x => x.version))
      }
    })
  })

  it('tasks that ran different images: no single image to pin (the caller uses <image>:<version>)', () => {
    const found = findPreviousVersion([
      v(1, '1.1.0', true),
      v(0, '1.0.0', true, ['ghcr.io/elm/a:1.0.0', 'ghcr.io/elm/b:1.0.0'])
    ])
    expect(found).toMatchObject({ appVersion: '1.0.0', image: undefined })
  })

  it('no versions at all', () => {
    expect(findPreviousVersion([])).toEqual({ reason: 'Nomad has no versions of this job' })
  })
})
