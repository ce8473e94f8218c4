import { describe, expect, it } from '@jest/globals'
import { InputError } from '../errors.js'
import { type RecordedRun, parseRecordedRuns, readLayerRuns } from './layer-runs.js'

/**
 * Each layer's own record, read from runs newest first (the order GitHub's "List workflow runs"
 * answers in). cli/commands/deploy-plan-layers.test.ts runs the same reading on GitHub's recorded
 * run and job objects with a real repository.
 */

type Conclusion = 'success' | 'failure' | 'cancelled' | 'timed_out' | 'skipped' | 'neutral'
function run(
  n: number,
  jobs: Record<string, Conclusion | 'in_progress' | 'queued'>,
  status = 'completed'
): RecordedRun {
  return {
    id: 1000 + n,
    run_number: n,
    head_sha: `sha${n}`,
    status,
    conclusion: status === 'completed' ? 'success' : null,
    jobs: Object.entries(jobs).map(([name, c]) => ({
      name,
      status: c === 'in_progress' || c === 'queued' ? c : 'completed',
      conclusion: c === 'in_progress' || c === 'queued' ? null : c
    }))
  }
}
const at = (n: number, conclusion?: string) => ({
  sha: `sha${n}`,
  run: n,
  ...(conclusion === undefined ? {} : { conclusion })
})

describe('readLayerRuns', () => {
  it('a layer’s last success, and the newest failure after it', () => {
    const runs = [
      run(5, { 'terraform apply': 'failure' }),
      run(4, { 'terraform apply': 'cancelled' }),
      run(3, { 'terraform apply': 'success' }),
      run(2, { 'terraform apply': 'failure' })
    ]
    expect(readLayerRuns(runs, 0, []).terraform).toStrictEqual({
      lastSuccess: at(3),
      lastFailure: at(5, 'failure')
    })
  })

  it('cancelled and timed out are failures; skipped, neutral and unfinished jobs are not', () => {
    const layer = (jobs: RecordedRun[]) => readLayerRuns(jobs, 0, []).ansible
    expect(layer([run(2, { ansible: 'timed_out' }), run(1, { ansible: 'success' })])).toStrictEqual(
      { lastSuccess: at(1), lastFailure: at(2, 'timed_out') }
    )
    expect(layer([run(2, { ansible: 'cancelled' })])).toStrictEqual({
      lastFailure: at(2, 'cancelled')
    })
    expect(
      layer([
        run(4, { ansible: 'skipped' }),
        run(3, { ansible: 'neutral' }),
        run(2, { ansible: 'in_progress' }),
        run(1, { ansible: 'success' })
      ])
    ).toStrictEqual({ lastSuccess: at(1) })
    expect(readLayerRuns([run(1, { ansible: 'success' })], 0, []).terraform).toStrictEqual({})
  })

  it('a success still running is not a success yet', () => {
    const runs = [run(2, { 'nomad www': 'in_progress' }), run(1, { 'nomad www': 'success' })]
    expect(readLayerRuns(runs, 0, ['www']).jobs).toStrictEqual({ www: { lastSuccess: at(1) } })
  })

  it('leaves out this run and newer ones, found by id', () => {
    const runs = [
      run(3, { ansible: 'success' }),
      run(2, { ansible: 'success' }),
      run(1, { ansible: 'failure' })
    ]
    expect(readLayerRuns(runs, 1002, []).ansible).toStrictEqual({ lastFailure: at(1, 'failure') })
    expect(readLayerRuns(runs, 1003, []).ansible).toStrictEqual({ lastSuccess: at(2) })
    expect(readLayerRuns(runs, 999, []).ansible).toStrictEqual({ lastSuccess: at(3) })
  })

  it('a terraform apply that succeeded after Ansible’s last success: the newest such run', () => {
    const runs = [
      run(5, { ansible: 'failure' }),
      run(4, { 'terraform apply': 'success', ansible: 'failure' }),
      run(3, { 'terraform apply': 'success', ansible: 'failure' }),
      run(2, { 'terraform apply': 'success', ansible: 'success' }),
      run(1, { 'terraform apply': 'success' })
    ]
    expect(readLayerRuns(runs, 0, []).ansible).toStrictEqual({
      lastSuccess: at(2),
      lastFailure: at(5, 'failure'),
      appliedSince: at(4)
    })
    // Only an apply that succeeded counts; one in Ansible's own successful run is not after it.
    const none = [
      run(3, { 'terraform apply': 'failure', 'nomad www': 'success' }),
      run(2, { 'terraform apply': 'success', ansible: 'success' })
    ]
    expect(readLayerRuns(none, 0, []).ansible).toStrictEqual({ lastSuccess: at(2) })
    // An apply older than Ansible's last success is not since it.
    const older = [
      run(3, { ansible: 'success' }),
      run(2, { 'terraform apply': 'success' }),
      run(1, { ansible: 'failure' })
    ]
    expect(readLayerRuns(older, 0, []).ansible).toStrictEqual({ lastSuccess: at(3) })
    // Ansible never succeeded: any successful apply is since.
    const never = [run(2, { ansible: 'failure' }), run(1, { 'terraform apply': 'success' })]
    expect(readLayerRuns(never, 0, []).ansible).toStrictEqual({
      lastFailure: at(2, 'failure'),
      appliedSince: at(1)
    })
  })

  it('each Nomad job from its own `nomad <job>` job; older runs still going, newest first', () => {
    const runs = [
      run(4, { 'nomad www': 'queued' }, 'queued'),
      run(3, {}, 'in_progress'),
      run(2, { 'nomad www': 'success', 'nomad website': 'failure' }),
      run(1, { 'nomad website': 'success' })
    ]
    const read = readLayerRuns(runs, 0, ['www', 'website', 'package-site'])
    expect(read.jobs).toStrictEqual({
      www: { lastSuccess: at(2) },
      website: { lastSuccess: at(1), lastFailure: at(2, 'failure') },
      'package-site': {}
    })
    expect(read.inFlight).toStrictEqual([at(4), at(3)])
  })
})

describe('parseRecordedRuns', () => {
  const good = {
    id: 7,
    head_sha: 'abc',
    run_number: 3,
    status: 'completed',
    conclusion: 'failure',
    jobs: [{ name: 'ansible', status: 'completed', conclusion: 'success' }]
  }

  it('reads the fields, defaulting absent status and conclusions to null', () => {
    const text = JSON.stringify([
      good,
      { id: 8, head_sha: 'def', run_number: 4, jobs: [{ name: 'ansible', status: 'queued' }] }
    ])
    expect(parseRecordedRuns(text, 'runs.json')).toStrictEqual([
      good,
      {
        id: 8,
        head_sha: 'def',
        run_number: 4,
        status: null,
        conclusion: null,
        jobs: [{ name: 'ansible', status: 'queued', conclusion: null }]
      }
    ])
  })

  it('not JSON, not an array: an InputError naming the file and the shape expected', () => {
    expect(() => parseRecordedRuns('{', 'runs.json')).toThrow(InputError)
    expect(() => parseRecordedRuns('{', 'runs.json')).toThrow(
      /^runs\.json is not JSON \(SyntaxError: .*\): expected the runs deploy\.yml records\.$/
    )
    expect(() => parseRecordedRuns('{}', 'runs.json')).toThrow(
      'runs.json: not an array. Expected a JSON array of workflow runs, newest first, each {id, head_sha, run_number, status, conclusion, jobs: [{name, status, conclusion}]}.'
    )
  })

  it.each([
    ['null', null],
    ['a string', 'run'],
    ['an id that is a string', { ...good, id: '7' }],
    ['no head_sha', { ...good, head_sha: undefined }],
    ['a run_number that is a string', { ...good, run_number: '3' }],
    ['no jobs', { ...good, jobs: undefined }],
    ['a job without a name', { ...good, jobs: [{ status: 'completed' }] }],
    ['a job that is null', { ...good, jobs: [null] }],
    ['a job that is a string', { ...good, jobs: ['ansible'] }],
    ['one good job and one without a name', { ...good, jobs: [{ name: 'a' }, { status: 'x' }] }],
    ['a number', 5]
  ])('refuses a run with %s, naming its index', (_what, bad) => {
    expect(() => parseRecordedRuns(JSON.stringify([good, bad]), 'runs.json')).toThrow(
      'runs.json: run 1 lacks id, head_sha, run_number or jobs[].name.'
    )
  })
})
