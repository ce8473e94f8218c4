import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { loadCatalog } from '../catalog/load-catalog.js'
import { createTempRepo } from '../docker/fixtures/temp-repo.js'
import type { CommandRunner } from '../ports.js'
import { detectChanges } from './detect-changes.js'
import { listChangedFiles } from './git-diff.js'

/**
 * A file renamed out of a build context, staged with `git mv` and committed, on a real repository.
 * git's diff detects renames by default (diff.renames, on since git 2.9) and would then list only
 * the new name: the context that lost the file would look unchanged and keep its old image. Each
 * git here runs with diff.renames=true forced, so the test means the same on any machine.
 */
const contexts = join(import.meta.dirname, '..', '..', 'build-image', 'fixtures', 'contexts')
const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@t',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@t',
  GIT_CONFIG_COUNT: '1',
  GIT_CONFIG_KEY_0: 'diff.renames',
  GIT_CONFIG_VALUE_0: 'true'
}
const runner: CommandRunner = {
  run: async (command, args) => {
    const run = spawnSync(command, [...args], { env, encoding: 'utf8' })
    return { exitCode: run.status ?? 128, stdout: run.stdout, stderr: run.stderr }
  }
}
let root = ''
const git = (...args: string[]): string =>
  execFileSync('git', ['-C', root, ...args], { env, encoding: 'utf8' }).trim()
let base = ''

beforeAll(async () => {
  root = await createTempRepo({ website: join(contexts, 'website'), www: join(contexts, 'www') })
  await mkdir(join(root, 'docs'))
  // Long enough for git to call a moved copy a rename (similarity ≥ 50 %).
  await writeFile(join(root, 'docker/website/site/guide.html'), '<p>a guide</p>\n'.repeat(40))
  git('init', '-q', '-b', 'main')
  git('add', '.')
  git('commit', '-qm', 'base')
  base = git('rev-parse', 'HEAD')
})
afterAll(async () => rm(root, { recursive: true, force: true }))

describe('listChangedFiles on a staged rename (real git)', () => {
  it('a file moved out of a build context lists both names, so that context rebuilds', async () => {
    git('mv', 'docker/website/site/guide.html', 'docs/guide.html')
    expect(git('diff', '--cached', '--name-status')).toMatch(
      /^R\d+\tdocker\/website\/site\/guide\.html\tdocs\/guide\.html$/
    )
    git('commit', '-qm', 'move the guide out of the website image')
    const head = git('rev-parse', 'HEAD')
    const files = await listChangedFiles(runner, root, base, head)
    expect(files.sort()).toEqual(['docker/website/site/guide.html', 'docs/guide.html'])
    const changes = detectChanges(files, await loadCatalog(root))
    expect(changes.services).toEqual(['website'])
  })
})
