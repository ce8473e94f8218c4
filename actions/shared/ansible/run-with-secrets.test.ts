import { describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { CommandResult, CommandRunner, RunOptions } from '../ports.js'
import { runPlaybookWithSecrets } from './run-with-secrets.js'

const report = readFileSync(join(import.meta.dirname, 'fixtures', 'check-drift.json'), 'utf8')
const KEY =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----'
const KNOWN = '203.0.113.10 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGc4'
const EXTRA = {
  text: 'consul_gossip_key: c2VjcmV0LWdvc3NpcA==\n',
  secrets: ['c2VjcmV0LWdvc3NpcA==']
}
const OUTPUTS = {
  text: '{"nodes":{"sensitive":false,"value":[]},"token":{"sensitive":true,"value":"tf-sensitive-token"}}',
  secrets: ['tf-sensitive-token']
}

interface SeenFile {
  readonly path: string
  readonly mode: number
  readonly dirMode: number
  readonly content: string
}

/** A fake ansible-playbook: records each secret file (mode, folder mode, content) it is handed. */
function fakeRunner(result: CommandResult | Error) {
  const seen: { args: readonly string[]; env: Record<string, string>; files: SeenFile[] }[] = []
  const runner: CommandRunner = {
    async run(_command: string, args: readonly string[], options?: RunOptions) {
      const paths = args.flatMap(a => {
        const path = a.startsWith('@')
          ? a.slice(1)
          : (a.match(/UserKnownHostsFile=(\S+)/)?.[1] ?? a)
        return path.startsWith('/') && existsSync(path) && statSync(path).isFile() ? [path] : []
      })
      const files = paths.map(path => ({
        path,
        mode: statSync(path).mode & 0o777,
        dirMode: statSync(dirname(path)).mode & 0o777,
        content: readFileSync(path, 'utf8')
      }))
      const env = options?.env ?? {}
      const tf = env['ELM_INFRA_TERRAFORM_OUTPUTS']
      if (tf)
        files.push({
          path: tf,
          mode: statSync(tf).mode & 0o777,
          dirMode: statSync(dirname(tf)).mode & 0o777,
          content: readFileSync(tf, 'utf8')
        })
      seen.push({ args, env: { ...env }, files })
      if (result instanceof Error) throw result
      return result
    }
  }
  return { runner, seen }
}

function run(result: CommandResult | Error) {
  const parent = mkdtempSync(join(tmpdir(), 'elm-infra-rws-test-'))
  const fake = fakeRunner(result)
  const outcome = runPlaybookWithSecrets(fake.runner, {
    directory: '/repo/ansible',
    playbook: 'playbooks/main.yaml',
    mode: 'check',
    privateKey: KEY,
    knownHosts: KNOWN,
    extraVars: EXTRA,
    terraformOutputs: OUTPUTS,
    secretsParent: parent
  })
  return { outcome, ...fake, leftovers: () => readdirSync(parent) }
}

describe('runPlaybookWithSecrets', () => {
  it('hands ansible every secret in a 0600 file inside a 0700 folder, then removes them', async () => {
    const r = run({ exitCode: 0, stdout: report, stderr: '' })
    expect((await r.outcome).ok).toBe(true)
    const call = r.seen[0]!
    const byName = Object.fromEntries(call.files.map(f => [f.path.split('/').pop(), f]))
    expect(Object.keys(byName).sort()).toEqual([
      'extra-vars.yml',
      'id_ssh',
      'known_hosts',
      'terraform-outputs.json'
    ])
    for (const file of call.files) {
      expect(file.mode).toBe(0o600)
      expect(file.dirMode).toBe(0o700)
    }
    expect(byName['id_ssh']?.content).toBe(`${KEY}\n`)
    expect(byName['known_hosts']?.content).toBe(`${KNOWN}\n`)
    expect(byName['extra-vars.yml']?.content).toBe(EXTRA.text)
    expect(byName['terraform-outputs.json']?.content).toBe(OUTPUTS.text)
    expect(call.args).toEqual(expect.arrayContaining(['--check', '--diff', '--private-key']))
    // Neither a secret nor its folder outlives the run; SSH's sockets folder neither.
    for (const file of call.files) expect(existsSync(dirname(file.path))).toBe(false)
    expect(existsSync(call.env['ANSIBLE_SSH_CONTROL_PATH_DIR'] ?? '')).toBe(false)
    expect(r.leftovers()).toEqual([])
  })

  it('writes only what it is given', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'elm-infra-rws-test-'))
    const fake = fakeRunner({ exitCode: 0, stdout: report, stderr: '' })
    await runPlaybookWithSecrets(fake.runner, {
      directory: '/repo/ansible',
      playbook: 'playbooks/main.yaml',
      mode: 'apply',
      secretsParent: parent
    })
    expect(fake.seen[0]!.files).toEqual([])
    expect(fake.seen[0]!.args).not.toContain('--private-key')
    expect(fake.seen[0]!.args.some(a => a.startsWith('--extra-vars'))).toBe(false)
    expect(readdirSync(parent)).toEqual([])
  })

  it('removes the files when ansible-playbook fails, and keeps secrets out of the reason', async () => {
    const stderr = `ERROR! bad value 'c2VjcmV0LWdvc3NpcA==' for b3BlbnNzaC1rZXktdjEAAAAA near tf-sensitive-token`
    const r = run({ exitCode: 4, stdout: '', stderr })
    const outcome = await r.outcome
    expect(outcome.ok).toBe(false)
    const reason = outcome.ok ? '' : outcome.reason
    expect(reason).toContain("ERROR! bad value '***' for *** near ***")
    for (const secret of [
      'c2VjcmV0LWdvc3NpcA==',
      'b3BlbnNzaC1rZXktdjEAAAAA',
      'tf-sensitive-token'
    ]) {
      expect(reason).not.toContain(secret)
    }
    expect(r.seen[0]!.files).toHaveLength(4)
    expect(r.leftovers()).toEqual([])
  })

  it('removes the files when running ansible throws', async () => {
    const r = run(new Error('spawn ansible-playbook ENOENT'))
    const outcome = await r.outcome
    expect(outcome).toMatchObject({ ok: false, reason: expect.stringMatching(/ENOENT/) })
    expect(r.seen[0]!.files.map(f => f.mode)).toEqual([0o600, 0o600, 0o600, 0o600])
    expect(r.leftovers()).toEqual([])
  })
})
