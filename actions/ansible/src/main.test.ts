import { describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inputsFrom } from '../../shared/inputs.js'
import type { CommandRunner, Logger } from '../../shared/ports.js'
import { main, type AnsibleDeps } from './main.js'
import { createSecretFiles } from '../../shared/ansible/secret-files.js'

const fixtures = join(import.meta.dirname, '..', '..', 'shared', 'ansible', 'fixtures')
const fixture = (name: string): string => readFileSync(join(fixtures, name), 'utf8')

const KEY =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----'
const KNOWN =
  '203.0.113.10 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGc4yj6m9tQ2Kk0XKLUrFjLhMBvdl9Gc3bV1k5uZ6W4n'

interface Seen {
  args: readonly string[]
  env: Readonly<Record<string, string>>
  files: Record<string, { mode: number; content: string }>
}

function world(stdout: string | Error, exitCode = 0, extra: Record<string, string> = {}) {
  const seen: Seen[] = []
  const outputs: Record<string, string> = {}
  const masked: string[] = []
  const summaries: string[] = []
  const logs: string[] = []
  const parent = mkdtempSync(join(tmpdir(), 'elm-infra-ansible-test-'))
  const runner: CommandRunner = {
    async run(_command, args, options) {
      const files: Seen['files'] = {}
      for (const a of args) {
        const path = a.startsWith('@')
          ? a.slice(1)
          : (a.match(/UserKnownHostsFile=(\S+)/)?.[1] ?? a)
        if (path.startsWith(parent) && existsSync(path)) {
          files[path.split('/').pop() ?? path] = {
            mode: statSync(path).mode & 0o777,
            content: readFileSync(path, 'utf8')
          }
        }
      }
      seen.push({ args, env: options?.env ?? {}, files })
      if (stdout instanceof Error) throw stdout
      return { exitCode, stdout, stderr: '' }
    }
  }
  const logger: Logger = {
    info: m => logs.push(m),
    warning: m => logs.push(`warning: ${m}`),
    error: m => logs.push(`error: ${m}`),
    debug: () => undefined,
    group: (_name, fn) => fn()
  }
  const deps: AnsibleDeps = {
    inputs: inputsFrom({ 'ssh-private-key': KEY, 'known-hosts': KNOWN, ...extra }),
    logger,
    summary: { write: async md => void summaries.push(md) },
    outputs: { set: (n, v) => void (outputs[n] = v) },
    masker: { mask: s => void masked.push(s) },
    runner,
    workspace: '/repo',
    createSecretFiles: () => createSecretFiles(parent)
  }
  // Anything left under the parent would be a leaked secret file.
  const leftovers = (): string[] => readdirSync(parent)
  return { deps, seen, outputs, masked, summaries, logs, leftovers }
}

describe('ansible action main', () => {
  it('check mode with drift: key and known_hosts in 0600 files during the run, gone after', async () => {
    const w = world(fixture('check-drift.json'), 0, {
      mode: 'check',
      'extra-vars':
        'consul_gossip_key: c2VjcmV0LWdvc3NpcC1rZXk=\nnomad_tls_key: |\n  -----BEGIN KEY-----\n  abcdef\n'
    })
    await main(w.deps)
    const run = w.seen[0]!
    expect(run.args).toEqual(expect.arrayContaining(['--check', '--diff', 'playbooks/main.yaml']))
    expect(run.files['id_ssh']).toEqual({ mode: 0o600, content: `${KEY}\n` })
    expect(run.files['known_hosts']).toEqual({ mode: 0o600, content: `${KNOWN}\n` })
    expect(run.files['extra-vars.yml']?.mode).toBe(0o600)
    // SSH's master sockets live in the run's private folder, so no later run reuses them.
    const controlDir = run.env['ANSIBLE_SSH_CONTROL_PATH_DIR'] ?? ''
    expect(controlDir).toMatch(/\/eia-[^/]+$/)
    expect(existsSync(controlDir)).toBe(false)
    expect(w.leftovers()).toEqual([])
    expect(w.outputs).toEqual({ changed: 'true', failed: 'false', drift: 'true' })
    expect(w.summaries[0]).toContain('| e-h1 | ✅ ok | 46 | 1 | 0 | 0 | 14 |')
    expect(w.summaries[0]).toContain('base : Write the fail2ban jails')
    expect(w.masked).toEqual(
      expect.arrayContaining([`${KEY}\n`, 'c2VjcmV0LWdvc3NpcC1rZXk=', 'abcdef'])
    )
    expect(w.masked).not.toContain('-----BEGIN OPENSSH PRIVATE KEY-----')
    expect(w.logs).toContain(
      "warning: Drift on e-h1: 'base : Write the fail2ban jails' would change"
    )
  })

  it('apply mode: changed but never drift', async () => {
    const w = world(fixture('check-drift.json'), 0, { mode: 'apply' })
    await main(w.deps)
    expect(w.seen[0]!.args).not.toContain('--check')
    expect(w.outputs).toEqual({ changed: 'true', failed: 'false', drift: 'false' })
  })

  it('a failed host fails the step naming host and task; files are still removed', async () => {
    const w = world(fixture('checksum-mismatch.json'), 2, { mode: 'apply' })
    await expect(main(w.deps)).rejects.toThrow(
      /e-h2: failed at task 'consul : Download consul and check it against SHA256SUMS': The checksum/
    )
    expect(w.outputs['failed']).toBe('true')
    expect(w.leftovers()).toEqual([])
  })

  it('an unreachable host fails the step', async () => {
    const w = world(fixture('unreachable-loops.json'), 4)
    await expect(main(w.deps)).rejects.toThrow(/c: unreachable at task 'Loop over items'/)
  })

  it('removes the secret files even when running ansible throws', async () => {
    const w = world(new Error('spawn ansible-playbook ENOENT'))
    await expect(main(w.deps)).rejects.toThrow(/ENOENT/)
    expect(w.seen[0]!.files['id_ssh']?.mode).toBe(0o600)
    expect(w.leftovers()).toEqual([])
  })

  it('no report (a syntax error) fails with stderr, not a green step', async () => {
    const w = world('', 4)
    await expect(main(w.deps)).rejects.toThrow(/exited 4 without a report/)
    expect(w.outputs['failed']).toBe('true')
  })

  it('bad inputs fail before anything runs, without echoing secrets', async () => {
    const w = world('', 0, { 'ssh-private-key': 'hunter2-not-a-key' })
    await expect(main(w.deps)).rejects.toThrow(
      /Input 'ssh-private-key' is not valid \(value hidden/
    )
    await expect(main(w.deps)).rejects.not.toThrow(/hunter2/)
    expect(w.seen).toHaveLength(0)
  })
})
