import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execRunner } from '../../adapters/exec-runner.js'
import { gitIn } from '../../testing/git.js'
import type { JobInfo } from '../types.js'
import { jobInfo } from './fakes.js'
import {
  type OrderFacts,
  type Relation,
  decideOrder,
  gitRelation,
  guardOrder,
  jobIdOf,
  runningOf,
  triggerOf
} from './order.js'

const A = 'a'.repeat(40)
const B = 'b'.repeat(40)
const facts = (over: Partial<OrderFacts>): OrderFacts => ({
  jobId: 'www',
  commit: A,
  trigger: 'push',
  by: 'push by evancz',
  running: { commit: B, by: 'push by octocat' },
  relation: 'ours-older',
  ...over
})

describe('decideOrder', () => {
  it('skips a push older than the running commit, naming both and the way to roll back', () => {
    expect(decideOrder(facts({}))).toEqual({
      deploy: false,
      reason:
        "www already runs bbbbbbbbbbbb (push by octocat), a newer commit of main than this run's aaaaaaaaaaaa: " +
        'deploying it would roll the service back, so this push deploy is skipped. To roll back on purpose, use /deploy or run deploy.yml by hand.'
    })
  })

  it('deploys an explicit older deploy and keeps the newer commit recorded', () => {
    expect(decideOrder(facts({ trigger: 'explicit', by: '/deploy by evancz' }))).toMatchObject({
      deploy: true,
      record: { commit: B, by: '/deploy by evancz' }
    })
  })

  it.each([
    ['same', A],
    ['ours-newer', A],
    ['unrelated', A],
    ['unknown', A]
  ] as const)('deploys a push when the relation is %s, recording its own commit', (relation, c) => {
    expect(decideOrder(facts({ relation }))).toMatchObject({ deploy: true, record: { commit: c } })
  })

  it('deploys when nothing is running or nothing was recorded', () => {
    expect(decideOrder(facts({ running: undefined, relation: undefined }))).toMatchObject({
      deploy: true,
      note: 'www is not running yet'
    })
    expect(decideOrder(facts({ running: {}, relation: undefined }))).toMatchObject({
      deploy: true,
      note: expect.stringContaining('records no commit')
    })
  })
})

describe('triggerOf', () => {
  it('tells push from explicit deploys by the event, and names who asked', () => {
    expect(triggerOf({ GITHUB_EVENT_NAME: 'push', GITHUB_SHA: A, GITHUB_ACTOR: 'x' })).toEqual({
      trigger: 'push',
      by: 'push by x',
      commit: A
    })
    expect(
      triggerOf({ GITHUB_EVENT_NAME: 'issue_comment', GITHUB_SHA: A, GITHUB_ACTOR: 'y' })
    ).toEqual({ trigger: 'explicit', by: '/deploy by y', commit: A })
    expect(triggerOf({ GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_SHA: A })?.trigger).toBe(
      'explicit'
    )
    expect(triggerOf({ GITHUB_SHA: A })).toBeUndefined()
    expect(triggerOf({ GITHUB_EVENT_NAME: 'push', GITHUB_SHA: 'HEAD' })).toBeUndefined()
  })
})

describe('decideOrder: what each verdict says', () => {
  const running = { commit: B, by: 'push by octocat' }
  it.each([
    ['same', running, 'www already runs bbbbbbbbbbbb (push by octocat)'],
    ['same', { commit: B }, 'www already runs bbbbbbbbbbbb'],
    [
      'ours-newer',
      running,
      'aaaaaaaaaaaa is newer than the running bbbbbbbbbbbb (push by octocat)'
    ],
    ['ours-newer', { commit: B, by: '' }, 'aaaaaaaaaaaa is newer than the running bbbbbbbbbbbb'],
    [
      'unrelated',
      running,
      "cannot order aaaaaaaaaaaa against the running bbbbbbbbbbbb (push by octocat) (not in main's history here: a force push?); deploying"
    ],
    [
      'unknown',
      { commit: B },
      "cannot order aaaaaaaaaaaa against the running bbbbbbbbbbbb (not in main's history here: a force push?); deploying"
    ]
  ] as const)('%s, running %j: %s', (relation, running, note) => {
    expect(decideOrder(facts({ relation, running }))).toEqual({
      deploy: true,
      record: { commit: A, by: 'push by evancz' },
      note
    })
  })

  it('an explicit older deploy says it rolls back on purpose and keeps the running commit', () => {
    expect(decideOrder(facts({ trigger: 'explicit', by: '/deploy by evancz' }))).toEqual({
      deploy: true,
      record: { commit: B, by: '/deploy by evancz' },
      note: 'an explicit deploy from aaaaaaaaaaaa over bbbbbbbbbbbb (push by octocat): deployed on purpose (a rollback is allowed), the running commit bbbbbbbbbbbb stays recorded'
    })
  })

  it('a push older than a running job that names no deployer skips, naming the commits', () => {
    const verdict = decideOrder(facts({ running: { commit: B } }))
    expect(verdict).toMatchObject({ deploy: false })
    expect(!verdict.deploy && verdict.reason).toMatch(/^www already runs bbbbbbbbbbbb, a newer/)
  })

  it('a running job with an empty recorded commit orders nothing, whatever the relation', () => {
    for (const commit of [undefined, '']) {
      expect(
        decideOrder(
          facts({ running: commit === undefined ? {} : { commit }, relation: 'ours-older' })
        )
      ).toEqual({
        deploy: true,
        record: { commit: A, by: 'push by evancz' },
        note: 'www records no commit (deployed before deploys were ordered, or by hand): nothing to order against'
      })
    }
  })

  it('a job that is not running yet records our commit', () => {
    expect(decideOrder(facts({ running: undefined, relation: 'ours-older' }))).toEqual({
      deploy: true,
      record: { commit: A, by: 'push by evancz' },
      note: 'www is not running yet'
    })
  })
})

describe('triggerOf: the edges', () => {
  it('names an unknown actor, and refuses an empty event or a short sha', () => {
    expect(triggerOf({ GITHUB_EVENT_NAME: 'push', GITHUB_SHA: A, GITHUB_ACTOR: '' })).toEqual({
      trigger: 'push',
      by: 'push by unknown',
      commit: A
    })
    expect(triggerOf({ GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_SHA: A })?.by).toBe(
      'workflow_dispatch by unknown'
    )
    expect(triggerOf({ GITHUB_EVENT_NAME: '', GITHUB_SHA: A })).toBeUndefined()
    expect(triggerOf({ GITHUB_EVENT_NAME: 'push' })).toBeUndefined()
    expect(triggerOf({ GITHUB_EVENT_NAME: 'push', GITHUB_SHA: A.slice(1) })).toBeUndefined()
    expect(triggerOf({ GITHUB_EVENT_NAME: 'push', GITHUB_SHA: `${A}0` })).toBeUndefined()
    expect(triggerOf({ GITHUB_EVENT_NAME: 'push', GITHUB_SHA: `x${A}` })).toBeUndefined()
    expect(triggerOf({ GITHUB_EVENT_NAME: 'push', GITHUB_SHA: A.toUpperCase() })).toBeUndefined()
  })
})

describe('runningOf: the running job’s meta', () => {
  it('reads commit and deployed_by, leaving out what is absent or empty', () => {
    expect(runningOf(undefined)).toBeUndefined()
    expect(runningOf(jobInfo())).toEqual({})
    expect(runningOf(jobInfo({ meta: { commit: B, deployed_by: 'push by x' } }))).toEqual({
      commit: B,
      by: 'push by x'
    })
    expect(runningOf(jobInfo({ meta: { commit: '', deployed_by: '' } }))).toEqual({})
    expect(runningOf(jobInfo({ meta: { deployed_by: 'push by x' } }))).toEqual({ by: 'push by x' })
  })
})

describe('jobIdOf', () => {
  it('reads the one job label, and nothing from a file with none, two, or broken HCL', async () => {
    await expect(jobIdOf('job "www" {\n  type = "service"\n}\n')).resolves.toBe('www')
    await expect(jobIdOf('variable "x" {}\n')).resolves.toBeUndefined()
    await expect(jobIdOf('job "a" {}\njob "b" {}\n')).resolves.toBeUndefined()
    await expect(jobIdOf('job "www" {')).resolves.toBeUndefined()
  })
})

describe('gitRelation: real git merge-base on a real history', () => {
  // main: a ← b; side: a ← s (diverged from b).
  let root = ''
  const sha = { a: '', b: '', s: '' }
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'order-relation-'))
    const git = (...args: string[]): string => gitIn(root, ...args)
    git('init', '-q', '-b', 'main')
    for (const name of ['a', 'b'] as const) {
      await writeFile(join(root, 'f'), `${name}\n`)
      git('add', '.')
      git('commit', '-qm', name)
      sha[name] = git('rev-parse', 'HEAD')
    }
    git('checkout', '-qb', 'side', sha.a)
    await writeFile(join(root, 'f'), 's\n')
    git('commit', '-qam', 's')
    sha.s = git('rev-parse', 'HEAD')
  })
  afterAll(async () => {
    await rm(root, { recursive: true, force: true })
  })

  it('tells same, older, newer, unrelated and unknown (a commit git does not have) apart', async () => {
    const rel = (ours: string, theirs: string): Promise<Relation> =>
      gitRelation(execRunner, root, ours, theirs)
    await expect(rel(sha.b, sha.b)).resolves.toBe('same')
    await expect(rel(sha.a, sha.b)).resolves.toBe('ours-older')
    await expect(rel(sha.b, sha.a)).resolves.toBe('ours-newer')
    await expect(rel(sha.b, sha.s)).resolves.toBe('unrelated')
    await expect(rel(sha.b, 'f'.repeat(40))).resolves.toBe('unknown')
    await expect(rel('f'.repeat(40), sha.b)).resolves.toBe('unknown')
  })
})

describe('gitRelation: what git answers, asked exactly', () => {
  it('is unrelated only when git says "not an ancestor" both ways; a failed question is unknown', async () => {
    const ask = (codes: readonly number[]) => {
      const asked: string[] = []
      const runner = {
        run: async (command: string, args: readonly string[]) => {
          asked.push([command, ...args].join(' '))
          return { exitCode: codes[asked.length - 1] ?? 0, stdout: '', stderr: '' }
        }
      }
      return { asked, relation: gitRelation(runner, '/repo', A, B) }
    }
    const both = ask([1, 1])
    await expect(both.relation).resolves.toBe('unrelated')
    expect(both.asked).toEqual([
      `git -C /repo merge-base --is-ancestor --end-of-options ${A} ${B}`,
      `git -C /repo merge-base --is-ancestor --end-of-options ${B} ${A}`
    ])
    // The second question failed (a lock, a signal): nothing is known about the other direction.
    await expect(ask([1, 128]).relation).resolves.toBe('unknown')
    await expect(ask([128, 1]).relation).resolves.toBe('unknown')
    await expect(ask([1, 0]).relation).resolves.toBe('ours-newer')
  })
})

describe('guardOrder: the deploy entry’s guard over fakes of readJob and git', () => {
  const hcl = 'variable "commit" {\n  type = string\n}\njob "www" {}\n'
  const push = { GITHUB_EVENT_NAME: 'push', GITHUB_SHA: A, GITHUB_ACTOR: 'evancz' }
  const running = jobInfo({ id: 'www', meta: { commit: B, deployed_by: 'push by octocat' } })
  function guard(over: {
    env?: Record<string, string>
    jobHcl?: string
    declared?: readonly string[] | undefined
    job?: JobInfo | undefined
    relation?: Relation
  }) {
    const asked: string[] = []
    const result = guardOrder({
      env: over.env ?? push,
      jobHcl: over.jobHcl ?? hcl,
      declared: 'declared' in over ? over.declared : ['commit', 'deployed_by'],
      readJob: async id => {
        asked.push(`readJob ${id}`)
        return 'job' in over ? over.job : running
      },
      relation: async (ours, theirs) => {
        asked.push(`relation ${ours.slice(0, 1)} ${theirs.slice(0, 1)}`)
        return over.relation ?? 'ours-newer'
      }
    })
    return { result, asked }
  }

  it('outside a GitHub run, or without a job id, orders nothing and asks nothing', async () => {
    for (const g of [guard({ env: {} }), guard({ jobHcl: 'job "a" {}\njob "b" {}\n' })]) {
      await expect(g.result).resolves.toEqual({
        skip: false,
        variables: {},
        note: 'not ordered (no GitHub run, or no job id)'
      })
      expect(g.asked).toEqual([])
    }
  })

  it('skips an older push, after asking git about our commit against the running one', async () => {
    const g = guard({ relation: 'ours-older' })
    const verdict = await g.result
    expect(verdict).toMatchObject({ skip: true })
    expect(verdict.skip && verdict.reason).toMatch(
      /^www already runs bbbbbbbbbbbb \(push by octocat\)/
    )
    expect(g.asked).toEqual(['readJob www', 'relation a b'])
  })

  it('passes commit and deployed_by only to a job file that declares them', async () => {
    await expect(guard({}).result).resolves.toEqual({
      skip: false,
      variables: { commit: A, deployed_by: 'push by evancz' },
      note: 'aaaaaaaaaaaa is newer than the running bbbbbbbbbbbb (push by octocat)'
    })
    await expect(guard({ declared: ['commit'] }).result).resolves.toMatchObject({
      variables: { commit: A }
    })
    expect((await guard({ declared: ['commit'] }).result).skip).toBe(false)
    const only = await guard({ declared: ['deployed_by'] }).result
    expect(!only.skip && only.variables).toEqual({ deployed_by: 'push by evancz' })
    const none = await guard({ declared: undefined }).result
    expect(!none.skip && none.variables).toEqual({})
  })

  it('asks git nothing when the job is new or records no commit', async () => {
    const fresh = guard({ job: undefined })
    await expect(fresh.result).resolves.toMatchObject({
      skip: false,
      note: 'www is not running yet'
    })
    expect(fresh.asked).toEqual(['readJob www'])
    const bare = guard({ job: jobInfo({ id: 'www' }) })
    await expect(bare.result).resolves.toMatchObject({ skip: false })
    expect(bare.asked).toEqual(['readJob www'])
  })
})
