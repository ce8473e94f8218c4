import { describe, expect, test } from '@jest/globals'
import type { ServiceResult } from './build-service.js'
import { renderImagesOutput, renderSummary } from './render-summary.js'

const built: ServiceResult = {
  service: 'website',
  repository: 'ghcr.io/elm/website',
  tags: ['content-1', 'abc', '1.3'],
  written: ['content-1', 'abc', '1.3'],
  digest: 'sha256:aa',
  reference: 'ghcr.io/elm/website@sha256:aa',
  size: 5 * 1024 * 1024,
  seconds: 12.34,
  outcome: 'built'
}
const reused: ServiceResult = {
  ...built,
  service: 'www',
  written: [],
  outcome: 'reused',
  size: 2048,
  seconds: 0.4,
  reference: 'ghcr.io/elm/www@sha256:aa'
}

describe('renderSummary', () => {
  test('one row per service with tags, digest, size, time and outcome', () => {
    const md = renderSummary([built, reused], undefined, true)
    expect(md).toContain('| service | tags | digest | size | build time | built/reused |')
    expect(md).toContain(
      '| website | `content-1` (new)<br>`abc` (new)<br>`1.3` (new) | `sha256:aa` | 5.0 MiB | 12.3 s | built |'
    )
    expect(md).toContain(
      '| www | `content-1`<br>`abc`<br>`1.3` | `sha256:aa` | 2.0 KiB | 0.4 s | reused |'
    )
  })
  test('a failure is the last row; nothing to do says so', () => {
    expect(
      renderSummary([built], { service: 'www', message: 'Building x failed | at step\nmore' }, true)
    ).toContain('| www | — | — | — | — | **failed**: Building x failed \\| at step |')
    expect(renderSummary([], undefined, true)).toContain('No service needs an image')
  })
  test('images output maps service to the pinned reference', () => {
    expect(JSON.parse(renderImagesOutput([built, reused]))).toEqual({
      website: 'ghcr.io/elm/website@sha256:aa',
      www: 'ghcr.io/elm/www@sha256:aa'
    })
  })
})
