import { describe, expect, it } from '@jest/globals'
import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { requireEngine, type EngineCheck } from '../testing/engines.js'

const run = promisify(execFile)
const ansibleDir = join(import.meta.dirname, '..', '..', '..', 'ansible')

function probe(command: string): EngineCheck {
  try {
    execFileSync(command, ['--version'], { stdio: 'pipe' })
    return { available: true, reason: '' }
  } catch (error) {
    return { available: false, reason: `${command} --version failed: ${String(error)}` }
  }
}

/** Runs a linter; returns its findings (stdout lines) and exit code, never throws on findings. */
async function lint(
  command: string,
  args: string[],
  cwd: string
): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(command, args, {
      cwd,
      env: { ...process.env, NO_COLOR: '1' }
    })
    return { code: 0, out: `${stdout}${stderr}` }
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string }
    return { code: e.code ?? -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` }
  }
}

const linters =
  requireEngine('ansible-lint', probe('ansible-lint')) &&
  requireEngine('yamllint', probe('yamllint'))

describe('ansible/ lints clean', () => {
  if (!linters) {
    it('is not run: no ansible-lint or yamllint here (the warning above says why)', () =>
      expect(linters).toBe(false))
    return
  }
  it('ansible-lint (production profile, offline) has no findings', async () => {
    const { code, out } = await lint(
      'ansible-lint',
      ['--offline', '-f', 'pep8', '--nocolor'],
      ansibleDir
    )
    expect(out).toMatch(/Passed with production profile: 0 failure\(s\), 0 warning\(s\)/)
    expect(code).toBe(0)
  }, 120_000)

  it('yamllint (strict) has no findings', async () => {
    const { code, out } = await lint('yamllint', ['--strict', '-f', 'parsable', '.'], ansibleDir)
    expect(out.trim()).toBe('')
    expect(code).toBe(0)
  }, 60_000)

  it('both linters do report a bad role (the checks can fail)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'elm-infra-lint-'))
    try {
      writeFileSync(join(dir, '.ansible-lint'), 'profile: production\noffline: true\n')
      writeFileSync(join(dir, '.yamllint'), 'extends: default\n')
      writeFileSync(
        join(dir, 'play.yaml'),
        '- hosts: all\n  tasks:\n    - shell: echo hi   \n      become: yes\n'
      )
      const ansible = await lint('ansible-lint', ['--offline', '-f', 'pep8', '--nocolor'], dir)
      expect(ansible.code).not.toBe(0)
      expect(ansible.out).toMatch(/fqcn|name\[/)
      const yaml = await lint('yamllint', ['--strict', '-f', 'parsable', '.'], dir)
      expect(yaml.code).not.toBe(0)
      expect(yaml.out).toMatch(/trailing-spaces/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)
})
