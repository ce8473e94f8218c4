import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createTempRepo } from '../../actions/shared/docker/fixtures/temp-repo.js'
import { EXIT } from '../program.js'
import { cli } from '../test-support/run-cli.js'

/** `elm-infra deploy-plan` over a real git history: the adapters feed planDeploy real commits. */

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
const sha: Record<string, string> = {}
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

async function commit(name: string, file: string, text: string): Promise<void> {
  await writeFile(join(root, file), text)
  git('add', '.')
  git('commit', '-qm', name)
  sha[name] = git('rev-parse', 'HEAD')
}

beforeAll(async () => {
  root = await createTempRepo({ website: join(contexts, 'website'), www: join(contexts, 'www') }, [
    'traefik'
  ])
  await import('node:fs/promises').then(fs => fs.mkdir(join(root, 'terraform')))
  git('init', '-q', '-b', 'main')
  await commit('deployed', 'terraform/main.tf', '# one\n')
  // A push whose deploy failed (terraform/ and www), then a push that changes only website.
  await commit('failed', 'terraform/main.tf', '# two\n')
  await writeFile(join(root, 'docker', 'www', 'site', 'index.html'), 'failed\n')
  git('commit', '-qam', 'failed-www')
  sha['failed'] = git('rev-parse', 'HEAD')
  await commit('next', 'docker/website/site/index.html', 'next\n')
  // A commit that a force push threw away: still in the object store, not in main's history.
  git('checkout', '-qb', 'gone', sha['deployed'] ?? '')
  await commit('gone', 'README.md', 'gone\n')
  git('checkout', '-q', 'main')
  git('branch', '-qD', 'gone')
})
afterAll(async () => rm(root, { recursive: true, force: true }))

async function plan(args: string[]): Promise<Record<string, unknown>> {
  const { code, out, err } = await cli(['deploy-plan', '--json', '--root', root, ...args])
  expect(err).toBe('')
  expect(code).toBe(EXIT.ok)
  return JSON.parse(out) as Record<string, unknown>
}

describe('elm-infra deploy-plan', () => {
  test('after a failed run: everything since the last success, terraform pending', async () => {
    const result = await plan([
      '--head',
      sha['next'] ?? '',
      '--last-success',
      sha['deployed'] ?? '',
      '--before',
      sha['failed'] ?? ''
    ])
    expect(result).toMatchObject({
      base: sha['deployed'],
      terraform: 'pending',
      services: ['website', 'www'],
      jobs: ['website', 'www']
    })
  })
  test('a last success that a force push dropped deploys everything and says so', async () => {
    const result = await plan(['--head', sha['next'] ?? '', '--last-success', sha['gone'] ?? ''])
    expect(result['base']).toBe('')
    expect(result['services']).toEqual(['website', 'www'])
    expect(result['jobs']).toEqual(['traefik', 'website', 'www'])
    expect(String(result['everythingBecause'])).toContain('force push')
  })
  // A force push whose previous tip (github.event.before) is gone from main's history, or was
  // never fetched, while the last successful deploy is still an ancestor of the new head: what
  // changed since that success deploys (not everything), and Terraform, which changed since then
  // but cannot be matched to a reviewed plan of this push, is pending.
  test.each([
    ['a commit a force push threw away', 'gone'],
    ['a commit this checkout never had', 'f'.repeat(40)]
  ])(
    'a force push whose previous tip is %s, the last success still reachable: what changed since the success, terraform pending',
    async (_what, before) => {
      const result = await plan([
        '--head',
        sha['next'] ?? '',
        '--last-success',
        sha['deployed'] ?? '',
        '--before',
        sha[before] ?? before
      ])
      expect(result).toMatchObject({
        base: sha['deployed'],
        terraform: 'pending',
        ansible: false,
        services: ['website', 'www'],
        jobs: ['website', 'www']
      })
      expect(result['everythingBecause']).toBeUndefined()
    }
  )
  test('a force push with an unusable previous tip and terraform unchanged since the last success: terraform none', async () => {
    const result = await plan([
      '--head',
      sha['next'] ?? '',
      '--last-success',
      sha['failed'] ?? '',
      '--before',
      sha['gone'] ?? ''
    ])
    expect(result).toMatchObject({
      base: sha['failed'],
      terraform: 'none',
      services: ['website'],
      jobs: ['website']
    })
  })
  test('the first push (no success, before all zeros) bootstraps', async () => {
    const result = await plan(['--head', sha['next'] ?? '', '--before', '0'.repeat(40)])
    expect(result).toMatchObject({ terraform: 'bootstrap', ansible: false, jobs: [] })
  })
  test('human output names the base and the layers', async () => {
    const { out } = await cli([
      'deploy-plan',
      '--root',
      root,
      '--head',
      sha['next'] ?? '',
      '--last-success',
      sha['failed'] ?? '',
      '--before',
      sha['failed'] ?? ''
    ])
    expect(out).toContain(`since the last successful deploy ${(sha['failed'] ?? '').slice(0, 12)}`)
    expect(out).toContain('services: website')
    expect(out).toContain('terraform/ is unchanged')
  })
})
