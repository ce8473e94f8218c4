import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { execFile } from 'node:child_process'
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { engines, requireEngine } from '../testing/engines.js'
import { MODULE_DIR } from './testing/module.js'

/**
 * The module's validations and its cluster guard, run by the real Terraform CLI. variables.tf
 * and cluster-guard.tf need no provider (only variables and built-in terraform_data), so a
 * scratch folder holding them runs every validation with `terraform plan -var …`.
 */
jest.setTimeout(60_000)
const available = requireEngine('terraform', engines.terraform())
const exec = promisify(execFile)

let dir = ''
const savedEnv = { ...process.env }

beforeAll(async () => {
  if (!available) return
  dir = await mkdtemp(join(tmpdir(), '13-tf-variables-'))
  await writeFile(join(dir, 'empty.tfrc'), '')
  process.env['TF_CLI_CONFIG_FILE'] = join(dir, 'empty.tfrc')
  process.env['CHECKPOINT_DISABLE'] = '1'
  // services.auto.tfvars.json: the generated subdomains (the variable has no default);
  // dns-records.auto.tfvars: the tracked records every plan loads must pass the validations.
  for (const file of [
    'variables.tf',
    'cluster-guard.tf',
    'services.auto.tfvars.json',
    'dns-records.auto.tfvars'
  ])
    await copyFile(join(MODULE_DIR, file), join(dir, file))
  await terraform('init', '-input=false')
})

afterAll(async () => {
  process.env = savedEnv
  if (dir) await rm(dir, { recursive: true, force: true })
})

/** Runs terraform in the scratch folder; the exit code and its output with wrapping undone. */
async function terraform(...args: string[]): Promise<{ code: number; text: string }> {
  try {
    const { stdout, stderr } = await exec('terraform', [...args, '-no-color'], { cwd: dir })
    return { code: 0, text: flatten(stdout + stderr) }
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string }
    return { code: e.code ?? -1, text: flatten(`${e.stdout ?? ''}${e.stderr ?? ''}`) }
  }
}

function flatten(text: string): string {
  return text.replace(/\s+/g, ' ')
}

/** The variables every plan needs, overridden by `vars` (HCL values). */
function varArgs(vars: Record<string, string>): string[] {
  const all = { ssh_key_fingerprints: '["3b:16:aa"]', admin_cidrs: '["203.0.113.7/32"]', ...vars }
  return Object.entries(all).map(([k, v]) => `-var=${k}=${v}`)
}

const plan = (vars: Record<string, string> = {}) =>
  terraform('plan', '-input=false', ...varArgs(vars))

;(available ? describe : describe.skip)('terraform/ variables with the real Terraform CLI', () => {
  it('accepts the defaults: anywhere in ssh_source_cidrs, 10.20.0.0/24, 20000-32000', async () => {
    const result = await plan()
    expect([result.code, result.text]).toEqual([0, expect.stringContaining('Plan: 2 to add')])
  })

  it.each([
    [
      'admin_cidrs = []',
      { admin_cidrs: '[]' },
      'admin_cidrs is empty: a firewall rule needs at least one source.'
    ],
    [
      '0.0.0.0/0 in admin_cidrs',
      { admin_cidrs: '["0.0.0.0/0"]' },
      'admin_cidrs contains 0.0.0.0/0 or ::/0 (anywhere): only ssh_source_cidrs may be open to anywhere.'
    ],
    [
      '::/0 in admin_cidrs',
      { admin_cidrs: '["203.0.113.7/32", "::/0"]' },
      'admin_cidrs contains 0.0.0.0/0 or ::/0 (anywhere)'
    ],
    [
      'a word in admin_cidrs',
      { admin_cidrs: '["office"]' },
      'admin_cidrs holds something that is not a CIDR block: expected IPv4 or IPv6 networks'
    ],
    [
      'ssh_source_cidrs = []',
      { ssh_source_cidrs: '[]' },
      'ssh_source_cidrs is empty: the pipeline could not reach the nodes.'
    ],
    [
      'a full host name in subdomains',
      { subdomains: '["www", "Guide.elm-lang.org."]' },
      'subdomains holds a name that is not a DNS name relative to the domain'
    ],
    [
      'a public vpc_ip_range',
      { vpc_ip_range: '8.8.0.0/16' },
      'vpc_ip_range must be a private (RFC 1918) network from /16 to /24'
    ],
    [
      'a /28 vpc_ip_range',
      { vpc_ip_range: '10.20.0.0/28' },
      'vpc_ip_range must be a private (RFC 1918)'
    ],
    [
      'a /12 vpc_ip_range',
      { vpc_ip_range: '172.16.0.0/12' },
      'vpc_ip_range must be a private (RFC 1918)'
    ],
    [
      'a host address as vpc_ip_range',
      { vpc_ip_range: '10.20.0.7/24' },
      'written as its network address'
    ],
    [
      '172.32.0.0/16 (outside 172.16/12)',
      { vpc_ip_range: '172.32.0.0/16' },
      'vpc_ip_range must be a private'
    ],
    [
      'a dynamic port range upside down',
      { nomad_min_dynamic_port: '32000', nomad_max_dynamic_port: '20000' },
      'nomad_min_dynamic_port must be at least 1024 and below nomad_max_dynamic_port'
    ],
    [
      'an MX record without priority',
      { extra_dns_records: '[{type="MX", name="@", value="mx.example."}]' },
      'an MX record needs a priority'
    ],
    // digitalocean/domain/resource_record.go (v2.51.0) CustomizeDiff and Create refuse these.
    [
      'a CAA record without flags',
      { extra_dns_records: '[{type="CAA", name="@", value="letsencrypt.org.", tag="issue"}]' },
      'a CAA record needs flags (0-255, usually 0) and tag (issue, issuewild or iodef)'
    ],
    [
      'a CAA record without tag',
      { extra_dns_records: '[{type="CAA", name="@", value="letsencrypt.org.", flags=0}]' },
      'a CAA record needs flags'
    ],
    [
      'a CAA record with a tag the provider does not know',
      {
        extra_dns_records:
          '[{type="CAA", name="@", value="letsencrypt.org.", flags=0, tag="issuer"}]'
      },
      'a CAA record needs flags'
    ],
    [
      'an SRV record without weight',
      {
        extra_dns_records:
          '[{type="SRV", name="_sip._tcp", value="sip.example.", priority=10, port=5060}]'
      },
      'an SRV record needs priority, weight and port'
    ],
    [
      'an SRV record without port',
      {
        extra_dns_records:
          '[{type="SRV", name="_sip._tcp", value="sip.example.", priority=10, weight=5}]'
      },
      'an SRV record needs priority, weight and port'
    ],
    [
      'an SRV record without priority',
      {
        extra_dns_records:
          '[{type="SRV", name="_sip._tcp", value="sip.example.", weight=5, port=5060}]'
      },
      'an SRV record needs priority, weight and port'
    ],
    [
      'a CAA flag over 255',
      {
        extra_dns_records:
          '[{type="CAA", name="@", value="letsencrypt.org.", flags=256, tag="issue"}]'
      },
      'flags 0-255'
    ]
  ])('refuses %s, saying what is accepted', async (_name, vars, message) => {
    const result = await plan(vars)
    expect(result.code).toBe(1)
    expect(result.text).toContain(message)
  })

  it('accepts private ranges in every RFC 1918 block, and extra records', async () => {
    for (const range of ['10.0.0.0/16', '172.31.255.0/24', '192.168.10.0/24']) {
      const result = await plan({ vpc_ip_range: range })
      expect([range, result.code]).toEqual([range, 0])
    }
    const records =
      '[{type="MX", name="@", value="mx.example.", priority=10}, {type="TXT", name="@", value="v=spf1 -all"}, ' +
      '{type="CAA", name="@", value="letsencrypt.org.", flags=0, tag="issue"}, ' +
      '{type="SRV", name="_sip._tcp", value="sip.example.", priority=0, weight=0, port=5060}]'
    const result = await plan({ extra_dns_records: records })
    expect([result.code, result.text]).toEqual([0, expect.any(String)])
  })

  it('refuses to move an existing cluster unless replace_cluster says so', async () => {
    const applied = await terraform('apply', '-input=false', '-auto-approve', ...varArgs({}))
    expect(applied.code).toBe(0)
    const moved = await plan({ region: 'nyc3' })
    expect(moved.code).toBe(1)
    expect(moved.text).toContain(
      'This plan moves the cluster from region ams3, VPC 10.20.0.0/24 to region nyc3, VPC 10.20.0.0/24, which replaces every droplet at once.'
    )
    expect((await plan({ vpc_ip_range: '10.30.0.0/24' })).text).toContain(
      'to region ams3, VPC 10.30.0.0/24'
    )
    expect((await plan({ region: 'nyc3', replace_cluster: 'true' })).code).toBe(0)
    expect((await plan({ droplet_size: 's-4vcpu-8gb' })).code).toBe(0)
  })
})
