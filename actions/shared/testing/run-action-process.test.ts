import { describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { REPO_ROOT, inputEnvName, parseOutputFile } from './run-action-process.js'

describe('parseOutputFile', () => {
  it('reads the heredoc format @actions/core writes, including multi-line values', () => {
    const text = [
      'plan<<ghadelimiter_1b2c',
      'line 1',
      '',
      'line 3',
      'ghadelimiter_1b2c',
      'changed<<ghadelimiter_9f',
      'true',
      'ghadelimiter_9f',
      'empty<<ghadelimiter_0',
      'ghadelimiter_0',
      ''
    ].join('\n')
    expect(parseOutputFile(text)).toEqual({ plan: 'line 1\n\nline 3', changed: 'true', empty: '' })
  })

  it('reads legacy name=value lines and values containing =', () => {
    expect(parseOutputFile('a=1\nurl=https://x/?q=1\n')).toEqual({ a: '1', url: 'https://x/?q=1' })
    expect(parseOutputFile('')).toEqual({})
  })

  it('refuses a heredoc without its closing delimiter', () => {
    expect(() => parseOutputFile('x<<EOF\nvalue\n')).toThrow("no closing delimiter for 'x'")
    expect(() => parseOutputFile('garbage\n')).toThrow('unparseable line')
  })
})

describe('inputEnvName', () => {
  it.each([
    ['github-token', 'INPUT_GITHUB-TOKEN'],
    ['working directory', 'INPUT_WORKING_DIRECTORY'],
    ['plan', 'INPUT_PLAN']
  ])('%p → %p', (name, env) => {
    expect(inputEnvName(name)).toBe(env)
  })

  it('finds the repository root', () => {
    expect(existsSync(join(REPO_ROOT, 'package.json'))).toBe(true)
  })
})
