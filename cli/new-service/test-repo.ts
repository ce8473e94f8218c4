import { execFile } from 'node:child_process'
import { copyFile, mkdir, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'

const exec = promisify(execFile)

/** This repository's root. */
export const REPO = join(import.meta.dirname, '..', '..')

/**
 * A copy of the repository's service files (every tracked file under docker/, nomad/ and
 * terraform/, and README.md, as they are in the working tree) in a fresh git repository with one
 * commit, so `git status` afterwards shows exactly what a command changed.
 */
export async function copyOfRepo(prefix: string): Promise<string> {
  const { stdout } = await exec('git', ['ls-files', 'docker', 'nomad', 'terraform', 'README.md'], {
    cwd: REPO
  })
  const copy = await mkdtemp(join(tmpdir(), prefix))
  for (const path of stdout.split('\n').filter(p => p !== '')) {
    await mkdir(dirname(join(copy, path)), { recursive: true })
    await copyFile(join(REPO, path), join(copy, path))
  }
  await git(copy, 'init', '-q')
  await git(copy, 'add', '-A')
  await git(
    copy,
    '-c',
    'user.name=test',
    '-c',
    'user.email=test@example.org',
    'commit',
    '-qm',
    'base'
  )
  return copy
}

export async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await exec('git', args, { cwd })
  return stdout
}

/** `git status --porcelain -uall` of `repo`: one "XY path" per changed file, sorted. */
export async function changedFiles(repo: string): Promise<string[]> {
  return (await git(repo, 'status', '--porcelain', '-uall'))
    .split('\n')
    .filter(l => l !== '')
    .sort()
}
