import { describe, expect, it } from '@jest/globals'
import { InputError, UserError } from '../errors.js'
import type { CommandResult, CommandRunner } from '../ports.js'
import { checkRef, isAncestor, isNullSha, listChangedFiles, refProblem } from './git-diff.js'

/**
 * git-diff.ts without a git: what it refuses before git sees a reference, the exact command lines
 * it runs, and how it reads git's answers. git-diff.test.ts runs listChangedFiles on real git.
 */

/** A runner that answers every command with `result` and records the command lines. */
function recording(result: CommandResult): { runner: CommandRunner; lines: string[] } {
  const lines: string[] = []
  return {
    lines,
    runner: {
      run: async (command, args) => {
        lines.push([command, ...args].join(' '))
        return result
      }
    }
  }
}

const A = 'a'.repeat(40)
const B = 'b'.repeat(40)

describe('isNullSha: the all-zeros base GitHub sends for a new branch', () => {
  it('all zeros, of any length, is null; anything else is not', () => {
    expect(isNullSha('0'.repeat(40))).toBe(true)
    expect(isNullSha('0')).toBe(true)
    expect(isNullSha(`1${'0'.repeat(39)}`)).toBe(false)
    expect(isNullSha(`${'0'.repeat(39)}1`)).toBe(false)
    expect(isNullSha('')).toBe(false)
  })
})

describe('refProblem / checkRef: a user’s commit reference before it reaches git', () => {
  it('accepts a SHA, a branch, origin/main, HEAD~1 and a single dot in a name', () => {
    for (const ref of [A, 'main', 'origin/main', 'HEAD~1', 'v1.2', 'a-b']) {
      expect(refProblem(ref)).toBeUndefined()
      expect(checkRef('base', ref)).toBe(ref)
    }
  })

  it('names each problem', () => {
    expect(refProblem('')).toBe('it is empty')
    expect(refProblem('--output=/tmp/x')).toBe(
      'it starts with "-", which git would read as an option'
    )
    expect(refProblem('main -x')).toBe('it contains whitespace or a control character')
    expect(refProblem('main\ttab')).toBe('it contains whitespace or a control character')
    expect(refProblem('ma\u0001in')).toBe('it contains whitespace or a control character')
    expect(refProblem('main\u007f')).toBe('it contains whitespace or a control character')
    expect(refProblem('\u001f')).toBe('it contains whitespace or a control character')
    expect(refProblem('a\u0090b')).toBe('it contains whitespace or a control character')
    expect(refProblem('a..b')).toBe('it contains "..": give one commit, the range is built for you')
  })

  it('the characters either side of the control range pass: space is whitespace, "!" and "~" are not', () => {
    expect(refProblem('a!b')).toBeUndefined()
    expect(refProblem('a~b')).toBeUndefined()
    expect(refProblem(' ')).toBe('it contains whitespace or a control character')
  })

  it('checkRef throws an InputError naming the input, the value, the problem and what is accepted', () => {
    expect(() => checkRef('head', '-x')).toThrow(InputError)
    expect(() => checkRef('head', '-x')).toThrow(
      'head is \'-x\': it starts with "-", which git would read as an option. Expected one commit: a SHA, a branch such as origin/main, or HEAD~1.'
    )
  })
})

describe('listChangedFiles: git diff --name-only base...head', () => {
  it('runs the three-dot diff without rename detection, references after --end-of-options', async () => {
    const { runner, lines } = recording({ exitCode: 0, stdout: '', stderr: '' })
    await listChangedFiles(runner, '/repo', A, B)
    expect(lines).toEqual([
      `git -C /repo diff --name-only --no-renames --end-of-options ${A}...${B} --`
    ])
  })

  it('lists one path a line, trimmed, without empty lines', async () => {
    const stdout = 'docker/website/a.html\n  nomad/www.nomad.hcl \n\nREADME.md\n'
    const { runner } = recording({ exitCode: 0, stdout, stderr: '' })
    expect(await listChangedFiles(runner, '.', A, B)).toEqual([
      'docker/website/a.html',
      'nomad/www.nomad.hcl',
      'README.md'
    ])
  })

  it('no output is no files', async () => {
    const { runner } = recording({ exitCode: 0, stdout: '', stderr: '' })
    expect(await listChangedFiles(runner, '.', A, B)).toEqual([])
  })

  it('a bad reference never reaches git', async () => {
    const { runner, lines } = recording({ exitCode: 0, stdout: '', stderr: '' })
    await expect(listChangedFiles(runner, '.', 'main', '--output=/tmp/x')).rejects.toThrow(
      "head is '--output=/tmp/x'"
    )
    await expect(listChangedFiles(runner, '.', '', B)).rejects.toThrow("base is ''")
    expect(lines).toEqual([])
  })

  it('a failing diff names the range, git’s first line (or the exit code) and the likely cause', async () => {
    const failed = recording({
      exitCode: 128,
      stdout: '',
      stderr: "\n fatal: bad revision 'a...b'\nmore\n"
    })
    const error = await listChangedFiles(failed.runner, '.', A, B).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UserError)
    expect((error as Error).message).toBe(
      `git diff ${A}...${B} failed: fatal: bad revision 'a...b'. Is the base commit fetched (actions/checkout with fetch-depth: 0)?`
    )
    const silent = recording({ exitCode: 129, stdout: 'x\n', stderr: '' })
    await expect(listChangedFiles(silent.runner, '.', A, B)).rejects.toThrow(
      `git diff ${A}...${B} failed: exit code 129. Is the base`
    )
  })
})

describe('isAncestor: git merge-base --is-ancestor', () => {
  it('runs in the root with ancestor then head', async () => {
    const { runner, lines } = recording({ exitCode: 0, stdout: '', stderr: '' })
    expect(await isAncestor(runner, '/repo', A, B)).toBe(true)
    expect(lines).toEqual([`git -C /repo merge-base --is-ancestor ${A} ${B}`])
  })

  it('exit 1 (not an ancestor) and 128 (a commit the checkout lacks) are both no', async () => {
    for (const exitCode of [1, 128]) {
      const { runner } = recording({ exitCode, stdout: '', stderr: 'fatal: x' })
      expect(await isAncestor(runner, '.', A, B)).toBe(false)
    }
  })
})
