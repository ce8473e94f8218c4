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

describe('findPreviousVersion: the edges', () => {
  const bare = (version: number, stable: boolean, over: Partial<JobInfo> = {}): JobInfo => ({
    id: 'website',
    type: 'service',
    status: 'running',
    version,
    stable,
    modifyIndex: version * 10,
    jobModifyIndex: version * 10,
    ...over
  })

  it('skips versions without meta or images, and says which versions it saw', () => {
    expect(findPreviousVersion([bare(2, true), bare(1, true), bare(0, true)])).toEqual({
      reason:
        'Nomad keeps no stable version of another app version before the current one (job version 2; it kept versions 2, 1, 0)'
    })
    expect(
      findPreviousVersion([
        bare(1, false, { meta: { version: '1.0.0' } }),
        bare(3, false, { meta: { version: '1.1.0' } })
      ])
    ).toEqual({
      reason:
        'Nomad keeps no stable version of another app version before the current one (job version 3, app version 1.1.0; it kept versions 3, 1)'
    })
  })

  it('a current version without meta goes back to the newest stable one with an app version', () => {
    expect(
      findPreviousVersion([bare(3, true), bare(2, true, { meta: { version: '1.0.0' } })])
    ).toEqual({
      appVersion: '1.0.0',
      jobVersion: 2,
      image: undefined,
      current: { appVersion: undefined, jobVersion: 3 }
    })
  })

  it('names the image only when every task of that version ran the same one', () => {
    const previous = (images: string[]) =>
      findPreviousVersion([
        bare(3, true, { meta: { version: '2' } }),
        bare(2, true, { meta: { version: '1' }, images })
      ])
    expect(previous(['img@sha256:1', 'img@sha256:1'])).toMatchObject({ image: 'img@sha256:1' })
    expect(previous(['img@sha256:1', 'other@sha256:2'])).toMatchObject({ image: undefined })
  })
})
