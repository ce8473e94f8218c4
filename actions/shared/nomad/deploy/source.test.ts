import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ConfigError, InputError } from '../../errors.js'
import { REPO_ROOT } from '../../testing/run-action-process.js'
import { readJobSource } from './source.js'

const text = (file: string): string => readFileSync(join(REPO_ROOT, file), 'utf8')

describe('readJobSource: the job to deploy, from the catalog or a file in the workspace', () => {
  it('a catalog service: its job file, its HCL and its public URL', async () => {
    expect(await readJobSource(REPO_ROOT, { kind: 'service', name: 'website' })).toEqual({
      jobFile: 'nomad/website.nomad.hcl',
      jobHcl: text('nomad/website.nomad.hcl'),
      publicUrl: 'https://elm-lang.org'
    })
  })

  it('a job file, relative or absolute inside the workspace, with no public URL', async () => {
    const want = {
      jobFile: 'nomad/traefik.nomad.hcl',
      jobHcl: text('nomad/traefik.nomad.hcl'),
      publicUrl: undefined
    }
    expect(
      await readJobSource(REPO_ROOT, { kind: 'file', path: 'nomad/traefik.nomad.hcl' })
    ).toEqual(want)
    expect(
      await readJobSource(REPO_ROOT, {
        kind: 'file',
        path: join(REPO_ROOT, 'nomad/traefik.nomad.hcl')
      })
    ).toEqual(want)
  })

  it('refuses a file outside the workspace, saying what is accepted', async () => {
    for (const path of ['../outside.nomad.hcl', '/etc/hostname'])
      await expect(readJobSource(REPO_ROOT, { kind: 'file', path })).rejects.toThrow(
        new InputError(`Input 'job-file' is '${path}': expected a file inside the workspace.`)
      )
  })

  it('a job file that cannot be read is a configuration error naming the file and why', async () => {
    const error = await readJobSource(REPO_ROOT, {
      kind: 'file',
      path: 'nomad/none.nomad.hcl'
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as Error).message).toBe('Cannot read job file nomad/none.nomad.hcl: ENOENT')
  })

  it('an unknown service is refused by the catalog', async () => {
    await expect(readJobSource(REPO_ROOT, { kind: 'service', name: 'nope' })).rejects.toThrow(
      /nope/
    )
  })
})
