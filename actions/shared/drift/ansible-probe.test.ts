import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CommandRunner } from '../ports.js'
import { probeAnsible } from './ansible-probe.js'

const FIXTURES = join(import.meta.dirname, '..', 'ansible', 'fixtures')
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8')

/** A fake ansible-playbook that reads the extra-vars and terraform outputs files it is given. */
function fakeAnsible(stdout: string, exitCode = 0) {
  const read: { extraVars?: string; terraformOutputs?: string; args: readonly string[] }[] = []
  const runner: CommandRunner = {
    async run(_command, args, options) {
      const extra = args.find(a => a.startsWith('@'))?.slice(1)
      const tf = options?.env?.['ELM_INFRA_TERRAFORM_OUTPUTS']
      read.push({
        args,
        ...(extra && existsSync(extra) ? { extraVars: readFileSync(extra, 'utf8') } : {}),
        ...(tf && existsSync(tf) ? { terraformOutputs: readFileSync(tf, 'utf8') } : {})
      })
      return { exitCode, stdout, stderr: '' }
    }
  }
  return { runner, read }
}

const secrets = {
  extraVars: { text: 'consul_gossip_key: c2VjcmV0\n', secrets: ['c2VjcmV0'] },
  terraformOutputs: { text: '{"nodes":{"value":[]}}', secrets: [] }
}

describe('probeAnsible', () => {
  it('passes extra vars and Terraform outputs to the check-mode run', async () => {
    const fake = fakeAnsible(fixture('check-drift.json'))
    const layer = await probeAnsible({
      runner: fake.runner,
      directory: '/repo/ansible',
      playbook: 'playbooks/main.yaml',
      user: 'deploy',
      ...secrets
    })
    expect(layer.status).toBe('drift')
    expect(fake.read[0]).toMatchObject({
      extraVars: secrets.extraVars.text,
      terraformOutputs: secrets.terraformOutputs.text
    })
    expect(fake.read[0]?.args).toEqual(expect.arrayContaining(['--check', '--user', 'deploy']))
  })

  it('a failed host is reported, and a secret in its message never reaches the reason', async () => {
    const checksum = '03b07ac681c5b0cfe6f35dd2e3e906973a2eeef7589055d8b70e7c776d7f9a53'
    const fake = fakeAnsible(fixture('checksum-mismatch.json'), 2)
    const layer = await probeAnsible({
      runner: fake.runner,
      directory: '/repo/ansible',
      playbook: 'playbooks/main.yaml',
      extraVars: { text: `consul_sha256: ${checksum}\n`, secrets: [checksum] }
    })
    // e-h1 would change (drift), e-h2 failed: drift, with the failure as the reason.
    expect(layer.status).toBe('drift')
    expect(layer.reason).toContain('e-h2 failed at')
    expect(layer.reason).toContain('did not match ***')
    expect(layer.reason).not.toContain(checksum)
  })
})
