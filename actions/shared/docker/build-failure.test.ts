import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describeBuildFailure, formatBuildFailure } from './build-failure.js'

/** Fixtures are real `DOCKER_BUILDKIT=1 docker build --progress=plain` output from this engine. */
const fixture = (name: string): string =>
  readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8')

const cases = [
  {
    name: 'a RUN step exits non-zero',
    file: 'build-failure-run.txt',
    step: '[build 3/3] RUN echo step two output && echo more >&2 && exit 3',
    reason: /exit code: 3/,
    lines: ['step two output', 'more']
  },
  {
    name: 'a COPY source is missing',
    file: 'build-failure-copy.txt',
    step: '[2/2] COPY missing.txt /',
    reason: /"\/missing.txt" not found/,
    lines: []
  },
  {
    name: 'the Dockerfile does not parse',
    file: 'build-failure-syntax.txt',
    step: undefined,
    reason: /dockerfile parse error line 2: unknown instruction: RUNN/,
    lines: undefined
  }
]

describe('describeBuildFailure', () => {
  test.each(cases)('$name', ({ file, step, reason, lines }) => {
    const failure = describeBuildFailure(fixture(file))
    expect(failure.step).toBe(step)
    expect(failure.reason).toMatch(reason)
    if (lines !== undefined) expect(failure.lastLines).toEqual(lines)
  })
  test('the message names the context, the step and the last lines', () => {
    const message = formatBuildFailure(
      'docker/website',
      describeBuildFailure(fixture(cases[0]!.file))
    )
    expect(message).toContain('Building docker/website failed at step [build 3/3] RUN echo')
    expect(message).toContain('Last output lines:\n  step two output\n  more')
  })
})
