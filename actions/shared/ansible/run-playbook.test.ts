import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CommandRunner, RunOptions } from '../ports.js'
import { buildPlaybookCommand, runPlaybook } from './run-playbook.js'

const fixture = readFileSync(join(import.meta.dirname, 'fixtures', 'check-drift.json'), 'utf8')

function fakeRunner(result: { exitCode: number; stdout: string; stderr: string }) {
  const calls: Array<{ command: string; args: readonly string[]; options?: RunOptions }> = []
  const runner = {
    async run(command: string, args: readonly string[], options?: RunOptions) {
      calls.push({ command, args, options })
      return result
    }
  } satisfies CommandRunner
  return { runner, calls }
}

describe('buildPlaybookCommand', () => {
  it('check mode: --check --diff, verified host keys, the json callback', () => {
    const cmd = buildPlaybookCommand({
      directory: '/repo/ansible',
      playbook: 'playbooks/main.yaml',
      mode: 'check',
      inventory: 'inventory/test.yml',
      extraVarsFiles: ['/tmp/s/extra.yml'],
      privateKeyFile: '/tmp/s/id',
      knownHostsFile: '/tmp/s/known_hosts',
      user: 'deploy',
      limit: 'elm-1',
      terraformOutputsFile: '/tmp/s/tf.json',
      controlPathDir: '/tmp/s/cp'
    })
    expect(cmd.command).toBe('ansible-playbook')
    expect(cmd.args).toEqual([
      'playbooks/main.yaml',
      '--inventory',
      'inventory/test.yml',
      '--extra-vars',
      '@/tmp/s/extra.yml',
      '--private-key',
      '/tmp/s/id',
      '--user',
      'deploy',
      '--limit',
      'elm-1',
      '--ssh-common-args=-o UserKnownHostsFile=/tmp/s/known_hosts -o StrictHostKeyChecking=yes',
      '--check',
      '--diff'
    ])
    expect(cmd.env).toMatchObject({
      ANSIBLE_CONFIG: '/repo/ansible/ansible.cfg',
      ANSIBLE_STDOUT_CALLBACK: 'json',
      ANSIBLE_HOST_KEY_CHECKING: 'True',
      ELM_INFRA_TERRAFORM_OUTPUTS: '/tmp/s/tf.json',
      ANSIBLE_SSH_CONTROL_PATH_DIR: '/tmp/s/cp'
    })
    expect(cmd.args.join(' ')).not.toMatch(/StrictHostKeyChecking=no/)
  })

  it('apply mode: no --check, nothing optional', () => {
    const cmd = buildPlaybookCommand({ directory: '/a', playbook: 'p.yaml', mode: 'apply' })
    expect(cmd.args).toEqual(['p.yaml'])
    expect(cmd.env['ELM_INFRA_TERRAFORM_OUTPUTS']).toBeUndefined()
  })
})

describe('runPlaybook', () => {
  it('runs in the ansible folder and parses the report', async () => {
    const { runner, calls } = fakeRunner({ exitCode: 0, stdout: fixture, stderr: '' })
    const outcome = await runPlaybook(runner, {
      directory: '/repo/ansible',
      playbook: 'p.yaml',
      mode: 'check'
    })
    expect(calls[0]?.options?.cwd).toBe('/repo/ansible')
    expect(outcome.ok).toBe(true)
    if (outcome.ok) expect(outcome.report.changes).toHaveLength(1)
  })

  it('without a report, says why with stderr', async () => {
    const { runner } = fakeRunner({
      exitCode: 1,
      stdout: '',
      stderr: 'ERROR! the playbook: nope.yaml could not be found\n'
    })
    const outcome = await runPlaybook(runner, {
      directory: '/a',
      playbook: 'nope.yaml',
      mode: 'apply'
    })
    expect(outcome).toEqual({
      ok: false,
      exitCode: 1,
      reason: expect.stringMatching(/exited 1 without a report[\s\S]*nope\.yaml could not be found/)
    })
  })

  it('a runner that cannot start ansible-playbook is a failed outcome, not a crash', async () => {
    const runner: CommandRunner = {
      run: async () => {
        throw new Error('Unable to locate executable file: ansible-playbook')
      }
    }
    const outcome = await runPlaybook(runner, {
      directory: '/a',
      playbook: 'p.yaml',
      mode: 'apply'
    })
    expect(outcome).toEqual({
      ok: false,
      exitCode: -1,
      reason: expect.stringMatching(
        /could not run ansible-playbook \(is Ansible installed\?\): Unable to locate/
      )
    })
  })
})
