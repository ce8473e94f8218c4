import { describe, expect, test } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { IssueRef, Issues } from '../../shared/github/ports.js'
import type { CommandRunner, Logger } from '../../shared/ports.js'
import { type DriftCheckDeps, main } from './main.js'
import { probesFor } from './probes.js'

const REPORT = join(
  import.meta.dirname,
  '..',
  '..',
  'shared',
  'ansible',
  'fixtures',
  'check-drift.json'
)
const KEY =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXkt\nZHJpZnQtdGVzdA==\n-----END OPENSSH PRIVATE KEY-----'

/** Issues kept in memory: enough for one run that opens the drift issue. */
function memoryIssues(): Issues & { readonly created: string[] } {
  const created: string[] = []
  const ref = (body: string): IssueRef => ({ number: 1, url: 'https://x/1', state: 'open', body })
  return {
    created,
    findByMarker: async () => undefined,
    create: async input => (created.push(input.body), ref(input.body)),
    update: async (_n, input) => ref(input.body ?? ''),
    comment: async () => ({ id: 1, url: 'https://x/c/1' })
  }
}

describe('drift-check hands the Ansible layer its secrets', () => {
  test('key, known_hosts, extra vars and Terraform outputs reach ansible-playbook; all masked', async () => {
    const seen: { args: readonly string[]; files: Record<string, string> }[] = []
    const runner: CommandRunner = {
      async run(_command, args, options) {
        const paths = [
          ...args.flatMap(a => [
            a.replace(/^@/, ''),
            a.match(/UserKnownHostsFile=(\S+)/)?.[1] ?? ''
          ]),
          options?.env?.['ELM_INFRA_TERRAFORM_OUTPUTS'] ?? ''
        ].filter(p => p.startsWith('/') && existsSync(p))
        seen.push({
          args,
          files: Object.fromEntries(
            paths.map(p => [p.split('/').pop() ?? p, readFileSync(p, 'utf8')])
          )
        })
        return { exitCode: 0, stdout: readFileSync(REPORT, 'utf8'), stderr: '' }
      }
    }
    const masked: string[] = []
    const outputs: Record<string, string> = {}
    const issues = memoryIssues()
    const logger: Logger = {
      info: () => undefined,
      warning: () => undefined,
      error: () => undefined,
      debug: () => undefined,
      group: (_name, fn) => fn()
    }
    const inputs: Record<string, string> = {
      layers: 'ansible',
      'github-token': 'ghs_token',
      'fail-on-drift': 'false',
      'ansible-ssh-private-key': KEY,
      'ansible-known-hosts': '203.0.113.10 ssh-ed25519 AAAAC3Nza',
      'ansible-ssh-user': 'deploy',
      'ansible-extra-vars':
        'consul_gossip_key: Z29zc2lwLWtleQ==\nnomad_acl_token: 0b6c-secret-token',
      'terraform-outputs': '{"nodes": {"sensitive": false, "value": []}}'
    }
    const deps: DriftCheckDeps = {
      inputs: name => inputs[name] ?? '',
      logger,
      summary: { write: async () => undefined },
      outputs: { set: (name, value) => void (outputs[name] = value) },
      masker: { mask: s => void masked.push(s) },
      clock: { now: () => Date.parse('2026-11-01T05:17:00Z'), sleep: async () => undefined },
      runUrl: 'https://github.com/elm/elm-infra/actions/runs/1',
      issues: async () => issues,
      probes: async i => probesFor(i, { env: {}, clock: deps.clock, runner })
    }
    await main(deps)
    expect(outputs['drift']).toBe('true')
    expect(seen).toHaveLength(1)
    expect(seen[0]?.args).toEqual(expect.arrayContaining(['--check', '--user', 'deploy']))
    expect(seen[0]?.files).toEqual({
      id_ssh: `${KEY}\n`,
      known_hosts: '203.0.113.10 ssh-ed25519 AAAAC3Nza\n',
      'extra-vars.yml': inputs['ansible-extra-vars'],
      'terraform-outputs.json': inputs['terraform-outputs']
    })
    expect(masked).toEqual(
      expect.arrayContaining([
        `${KEY}\n`,
        'b3BlbnNzaC1rZXkt',
        'Z29zc2lwLWtleQ==',
        '0b6c-secret-token'
      ])
    )
    expect(masked).not.toContain('-----BEGIN OPENSSH PRIVATE KEY-----')
    expect(issues.created).toHaveLength(1)
  })
})
