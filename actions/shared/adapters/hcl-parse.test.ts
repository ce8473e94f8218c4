import { describe, expect, it } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseHcl } from './hcl-parse.js'

/** The remembered HCL parse: the same answers as the parser, each caller its own copy. */
describe('parseHcl', () => {
  const root = join(import.meta.dirname, '..', '..', '..')

  it('answers a second parse of a job file at once, with an equal, independent copy', async () => {
    const source = await readFile(join(root, 'nomad', 'website.nomad.hcl'), 'utf8')
    const { parse } = await import('@cdktf/hcl2json')
    const truth = await parse('website.nomad.hcl', source)
    const first = (await parseHcl('nomad/website.nomad.hcl', source)) as Record<string, unknown>
    expect(first).toEqual(truth)
    first['job'] = 'changed by a caller'
    const started = performance.now()
    const second = await parseHcl('input.hcl', source)
    expect(performance.now() - started).toBeLessThan(20)
    expect(second).toEqual(truth)
  })

  it('never remembers a failure: each caller sees its own file name in the error', async () => {
    await expect(parseHcl('a.hcl', 'job "x" {')).rejects.toThrow(/a\.hcl/)
    await expect(parseHcl('b.hcl', 'job "x" {')).rejects.toThrow(/b\.hcl/)
  })
})
