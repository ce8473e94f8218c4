import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { createTempRepo } from '../../shared/docker/fixtures/temp-repo.js'
import { inputsFrom } from '../../shared/inputs.js'
import type { CommandRunner } from '../../shared/ports.js'
import { main } from './main.js'

let root = ''
beforeAll(async () => {
  root = await createTempRepo({
    www: join(import.meta.dirname, '..', 'fixtures', 'contexts', 'www')
  })
})
afterAll(async () => rm(root, { recursive: true, force: true }))

function deps(changed: string, inputs: Record<string, string>) {
  const outputs: Record<string, string> = {}
  const commands: string[] = []
  const masked: string[] = []
  let summary = ''
  const runner: CommandRunner = {
    run: async (command, args) => {
      commands.push(`${command} ${args.join(' ')}`)
      return { exitCode: 0, stdout: command === 'git' ? changed : '', stderr: '' }
    }
  }
  return {
    outputs,
    commands,
    masked,
    summary: () => summary,
    deps: {
      inputs: inputsFrom(inputs),
      logger: {
        info: () => {},
        warning: () => {},
        error: () => {},
        debug: () => {},
        group: <T>(_n: string, fn: () => Promise<T>) => fn()
      },
      summary: { write: async (md: string) => void (summary += md) },
      outputs: { set: (n: string, v: string) => void (outputs[n] = v) },
      masker: { mask: (s: string) => void masked.push(s) },
      runner,
      clock: { now: () => 0, sleep: async () => {} },
      root,
      docker: 'docker',
      env: {}
    }
  }
}

describe('build-image main', () => {
  test('nothing changed in any context: no login, no build, empty outputs, a summary that says so', async () => {
    const run = deps('README.md\nterraform/main.tf\n', {
      services: 'changed',
      base: 'a'.repeat(40),
      sha: 'b'.repeat(40),
      'github-token': 'tok'
    })
    await main(run.deps)
    expect(run.commands).toEqual([
      `git -C ${root} diff --name-only --no-renames --end-of-options ${'a'.repeat(40)}...${'b'.repeat(40)} --`
    ])
    expect(run.outputs).toEqual({ images: '{}', results: '[]', built: '[]' })
    expect(run.summary()).toContain('No service needs an image')
    expect(run.masked).toEqual(['tok'])
  })
  test('an unknown service is a config error naming the known ones', async () => {
    const run = deps('', { services: 'nope', sha: 'b'.repeat(40) })
    await expect(main(run.deps)).rejects.toThrow("Unknown service 'nope': expected one of www")
  })
})
