import { describe, expect, test } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execRunner } from '../adapters/exec-runner.js'
import type { CommandRunner } from '../ports.js'
import { gitIn } from '../testing/git.js'
import { describeCommit, lastCommitTouching } from './introduced-by.js'

describe('describeCommit', () => {
  test('an abbreviated or full lowercase hex sha, then the subject with its own tabs', () => {
    expect(describeCommit('1a2b\tfix')).toBe('commit 1a2b "fix"')
    expect(describeCommit(`${'f'.repeat(40)}\tfix`)).toBe(`commit ${'f'.repeat(40)} "fix"`)
    expect(describeCommit('1a2b3c4\ta\tb \n')).toBe('commit 1a2b3c4 "a\tb"')
    expect(describeCommit('1a2b3c4\t  \n')).toBe('commit 1a2b3c4')
    expect(describeCommit('1a2b3c4')).toBe('commit 1a2b3c4')
  })

  test('anything else is no commit', () => {
    for (const line of [
      '1a2\tshort',
      `${'f'.repeat(41)}\tlong`,
      '1A2B3C4\tupper',
      'x1a2b3c4\tx',
      '1a2b3c4x\tx',
      '\tsubject'
    ])
      expect(describeCommit(line)).toBeUndefined()
  })

  test('a subject over 80 characters is cut to 80 with an ellipsis; 80 stay whole', () => {
    expect(describeCommit(`1a2b3c4\t${'s'.repeat(80)}`)).toBe(`commit 1a2b3c4 "${'s'.repeat(80)}"`)
    expect(describeCommit(`1a2b3c4\t${'s'.repeat(81)}`)).toBe(`commit 1a2b3c4 "${'s'.repeat(79)}…"`)
  })
})

describe('lastCommitTouching (real git)', () => {
  test('names the newest commit under the directory, not a newer one elsewhere; nothing outside a repository', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'introduced-by-'))
    try {
      gitIn(repo, 'init', '-q', '-b', 'main')
      mkdirSync(join(repo, 'terraform'))
      writeFileSync(join(repo, 'terraform', 'main.tf'), 'a')
      gitIn(repo, 'add', '.')
      gitIn(repo, 'commit', '-q', '-m', 'terraform: bigger node (#42)')
      const sha = gitIn(repo, 'rev-parse', '--short', 'HEAD')
      writeFileSync(join(repo, 'README.md'), 'b')
      gitIn(repo, 'add', '.')
      gitIn(repo, 'commit', '-q', '-m', 'docs')
      expect(await lastCommitTouching(execRunner, join(repo, 'terraform'))).toBe(
        `commit ${sha} "terraform: bigger node (#42)"`
      )
    } finally {
      rmSync(repo, { recursive: true, force: true })
    }
    const outside = mkdtempSync(join(tmpdir(), 'introduced-by-none-'))
    try {
      expect(await lastCommitTouching(execRunner, outside)).toBeUndefined()
    } finally {
      rmSync(outside, { recursive: true, force: true })
    }
  })

  test('a failing git is no commit even when it printed one', async () => {
    const failing: CommandRunner = {
      run: async () => ({ exitCode: 128, stdout: '1a2b3c4\tsubject\n', stderr: 'fatal' })
    }
    expect(await lastCommitTouching(failing, '/x')).toBeUndefined()
  })
})
