import { describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { REPO_ROOT } from './run-action-process.js'

/**
 * The real-engine suites on a machine without engines: Jest itself is run on them with an empty
 * PATH (no terraform, no ansible-playbook, no curl) and a Docker client that does not exist. With
 * CI unset they skip loudly and Jest passes; with CI=true the same run fails.
 */
const SUITES = [
  'actions/shared/drift/terraform-probe.engine.test.ts',
  'actions/shared/drift/ansible-probe.engine.test.ts',
  'actions/drift-check/src/action-process.engine.test.ts'
]

function jestWithoutEngines(ci: boolean): Promise<{ code: number; output: string }> {
  const env: NodeJS.ProcessEnv = {
    PATH: '',
    HOME: process.env['HOME'] ?? '/tmp',
    ELM_INFRA_DOCKER: '/nonexistent/docker',
    ...(ci ? { CI: 'true' } : {})
  }
  const jest = join(REPO_ROOT, 'node_modules', 'jest', 'bin', 'jest.js')
  return new Promise(resolve => {
    execFile(
      process.execPath,
      [
        '--experimental-vm-modules',
        jest,
        '--selectProjects',
        'engine',
        '--ci',
        '--runInBand',
        ...SUITES
      ],
      { cwd: REPO_ROOT, env, timeout: 240_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` })
    )
  })
}

describe('real-engine suites without engines (empty PATH)', () => {
  it('skip loudly, naming what is missing, when CI is unset', async () => {
    const { code, output } = await jestWithoutEngines(false)
    expect(output).toMatch(/SKIPPED: terraform is not available here \(terraform version failed/)
    expect(output).toMatch(/SKIPPED: ansible is not available here \(ansible-playbook --version/)
    expect(output).toMatch(/Test Suites: 3 skipped, 0 of 3 total/)
    expect(output).not.toMatch(/Tests:.*failed/)
    expect(code).toBe(0)
  }, 240_000)

  it('fail under CI=true, saying .ci/run must provide the engine', async () => {
    const { code, output } = await jestWithoutEngines(true)
    expect(output).toContain('Under CI=true this is a failure: .ci/run must start it.')
    expect(output).toMatch(/Test Suites: 3 failed, 3 total/)
    expect(code).not.toBe(0)
  }, 240_000)
})
