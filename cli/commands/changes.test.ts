import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createTempRepo } from '../../actions/shared/docker/fixtures/temp-repo.js'
import { EXIT } from '../program.js'
import { cli } from '../test-support/run-cli.js'

const contexts = join(
  import.meta.dirname,
  '..',
  '..',
  'actions',
  'build-image',
  'fixtures',
  'contexts'
)
let root = ''
let base = ''
let head = ''
const git = (...args: string[]): string =>
  execFileSync('git', ['-C', root, ...args], {
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@t',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@t'
    }
  })
    .toString()
    .trim()

beforeAll(async () => {
  root = await createTempRepo({ website: join(contexts, 'website'), www: join(contexts, 'www') }, [
    'traefik'
  ])
  git('init', '-q')
  git('add', '.')
  git('commit', '-qm', 'one')
  base = git('rev-parse', 'HEAD')
  await writeFile(join(root, 'docker', 'www', 'site', 'index.html'), 'changed\n')
  await writeFile(
    join(root, 'nomad', 'traefik.nomad.hcl'),
    '# edited\njob "traefik" {\n  type = "system"\n}\n'
  )
  git('commit', '-qam', 'two')
  head = git('rev-parse', 'HEAD')
})
afterAll(async () => rm(root, { recursive: true, force: true }))

describe('elm-infra changes', () => {
  test('--json prints the matrix object from a real git diff', async () => {
    const { code, out } = await cli([
      'changes',
      '--base',
      base,
      '--head',
      head,
      '--json',
      '--root',
      root
    ])
    expect(code).toBe(EXIT.ok)
    expect(JSON.parse(out)).toEqual({
      terraform: false,
      ansible: false,
      services: ['www'],
      jobs: ['traefik', 'www'],
      all: false
    })
  })
  test('a pull request whose base moved on lists only its own changes (merge-base diff)', async () => {
    git('checkout', '-qb', 'pr', base)
    await writeFile(join(root, 'docker', 'website', 'site', 'index.html'), 'pr\n')
    git('commit', '-qam', 'pr')
    const pr = git('rev-parse', 'HEAD')
    const { out } = await cli(['changes', '--base', head, '--head', pr, '--json', '--root', root])
    expect(JSON.parse(out)).toMatchObject({ services: ['website'], jobs: ['website'] })
  })
  test('a null base (new branch) means everything', async () => {
    const { out } = await cli(['changes', '--base', '0'.repeat(40), '--json', '--root', root])
    expect(JSON.parse(out)).toMatchObject({ services: ['website', 'www'], all: true })
  })
  test('human output, and an unknown base is a clear failure', async () => {
    const human = await cli(['changes', '--base', base, '--head', head, '--root', root])
    expect(human.out).toContain('services:  www')
    const bad = await cli(['changes', '--base', 'deadbeef', '--root', root])
    expect(bad.code).toBe(EXIT.failure)
    expect(bad.err).toMatch(/git diff deadbeef\.\.\.HEAD failed: .*fetch-depth: 0/)
  })
})
