import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { describeFieldChange, diffJobFields, sameValue } from './field-diff.js'
import { classifyUpdates, describeUpdate } from './update-kind.js'

type Json = Record<string, unknown>
const FIXTURES = new URL('../fixtures/upstream/', import.meta.url).pathname
/** Nomad's documented `GET /v1/job/:id` answer (hashicorp/nomad v1.10.5 api-docs/jobs.mdx). */
const running = (): Json => JSON.parse(readFileSync(`${FIXTURES}/read-job.json`, 'utf8')) as Json
const clone = <T>(v: T): T => structuredClone(v)
const group = (job: Json): Json => (job['TaskGroups'] as Json[])[0] as Json
const task = (job: Json, i = 1): Json => (group(job)['Tasks'] as Json[])[i] as Json

/** The running job as the repo would submit it: server-set fields cleared as api.Job leaves them. */
function asParsed(job: Json): Json {
  const p = clone(job)
  for (const field of ['Status', 'CreateIndex', 'ModifyIndex', 'JobModifyIndex', 'Version'])
    p[field] = field === 'Status' ? '' : 0
  p['SubmitTime'] = null
  p['Stable'] = false
  return p
}

const paths = (a: Json, b: Json): string[] => diffJobFields(a, b).map(c => c.path.join(' / '))

describe('diffJobFields on Nomad’s documented job', () => {
  test('the same job with the server-set fields reset is in sync (Job.Diff’s filter list)', () => {
    const live = running()
    expect(diffJobFields(live, asParsed(live))).toEqual([])
  })

  test('fields the parsed job leaves null are the server’s, not a change', () => {
    const live = running()
    const parsed = asParsed(live)
    parsed['Periodic'] = null
    ;(task(parsed)['LogConfig'] as unknown) = null
    expect(diffJobFields(live, parsed)).toEqual([])
  })

  test('an image change is named with both values, under its group and task', () => {
    const live = running()
    const parsed = asParsed(live)
    ;(task(parsed)['Config'] as Json)['image'] = 'redis:7'
    const changes = diffJobFields(live, parsed)
    expect(changes.map(describeFieldChange)).toEqual([
      'group cache › task redis › Config.image: "redis:latest" → "redis:7"'
    ])
  })

  test('a removed Meta key and a removed task are changes (user maps and named lists compare both sides)', () => {
    const live = running()
    const parsed = asParsed(live)
    delete (parsed['Meta'] as Json)['baz']
    ;(group(parsed)['Tasks'] as Json[]).splice(0, 1)
    expect(paths(live, parsed)).toEqual([
      'Meta / baz',
      'TaskGroups / group cache / Tasks / task init'
    ])
  })

  test('constraints the server implies at registration are ignored; the repo’s own are not', () => {
    const live = running()
    const parsed = asParsed(live)
    const implied = { LTarget: '${attr.consul.version}', RTarget: '>= 1.8.0', Operand: 'semver' }
    ;(live['Constraints'] as Json[]).push(implied)
    expect(diffJobFields(live, parsed)).toEqual([])
    ;(live['Constraints'] as Json[]).push({ LTarget: '${meta.role}', RTarget: 'web', Operand: '=' })
    expect(paths(live, parsed)).toEqual(['Constraints'])
  })

  test('Env values are never shown', () => {
    const live = running()
    const parsed = asParsed(live)
    ;(task(parsed)['Env'] as Json)['foo'] = 's3cr3t'
    const [line] = diffJobFields(live, parsed).map(describeFieldChange)
    expect(line).toBe('group cache › task redis › Env.foo: changed (value hidden)')
  })

  test('null, [] and {} are the same empty collection; 0 and null are not', () => {
    expect(sameValue(null, [])).toBe(true)
    expect(sameValue({}, undefined)).toBe(true)
    expect(sameValue(0, null)).toBe(false)
    expect(sameValue({ a: [] }, { a: null })).toBe(true)
  })
})

describe('classifyUpdates: tasksUpdated’s destructive fields', () => {
  const verdict = (edit: (p: Json) => void): string[] => {
    const live = running()
    const parsed = asParsed(live)
    edit(parsed)
    const changes = diffJobFields(live, parsed)
    return classifyUpdates(
      changes,
      parsed['TaskGroups'] as Json[],
      live['TaskGroups'] as Json[]
    ).map(describeUpdate)
  }
  test.each([
    ['task config', (p: Json) => void ((task(p)['Config'] as Json)['image'] = 'redis:7')],
    ['task env', (p: Json) => void ((task(p)['Env'] as Json)['x'] = 'y')],
    ['task memory', (p: Json) => void ((task(p)['Resources'] as Json)['MemoryMB'] = 512)],
    ['task meta', (p: Json) => void ((task(p)['Meta'] as Json)['x'] = 'y')],
    ['task meta (job)', (p: Json) => void ((p['Meta'] as Json)['x'] = 'y')],
    ['number of tasks', (p: Json) => void (group(p)['Tasks'] as Json[]).splice(0, 1)]
  ])('%s is destructive', (reason, edit) => {
    expect(verdict(edit)).toEqual([
      `group cache: destructive update (${reason}): allocations replaced one batch at a time`
    ])
  })

  test('with canaries, a destructive update says so', () => {
    const lines = verdict(p => {
      group(p)['Update'] = { Canary: 1 }
      ;(task(p)['Config'] as Json)['image'] = 'redis:7'
    })
    expect(lines).toEqual([
      'group cache: destructive update (task config): 1 canary first, old allocations replaced after promotion'
    ])
  })

  test('a service tag or kill timeout is in place; a count change alone only scales', () => {
    expect(verdict(p => void (task(p)['KillTimeout'] = 10_000_000_000))).toEqual([
      'group cache: in-place update, running allocations keep running'
    ])
    expect(verdict(p => void (group(p)['Count'] = 3))).toEqual([
      'group cache: count 1 → 3, no other change'
    ])
  })

  test('a new group is created, an unchanged job changes nothing', () => {
    expect(
      verdict(p => void (p['TaskGroups'] as Json[]).push({ ...clone(group(p)), Name: 'web' }))
    ).toEqual(['group cache: no change', 'group web: new group, allocations will be created'])
    expect(verdict(() => undefined)).toEqual(['group cache: no change'])
  })
})
