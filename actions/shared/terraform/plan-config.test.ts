import { describe, expect, it } from '@jest/globals'
import { strToU8, zipSync } from 'fflate'
import { configDigests } from './plan-config.js'
import { keyedHash } from './plan-guard.js'

// The layout Terraform writes (hashicorp/terraform internal/plans/planfile/config_snapshot.go
// WriteConfigSnapshot; writer.go): the engine test reads real plan files, this one the edge cases.
const keyed = keyedHash('k'.repeat(32))

function planFile(files: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])))
}

const manifest = (dir: string): string =>
  JSON.stringify([
    { Key: '', Dir: '.' },
    { Key: 'net', Source: './modules/net', Dir: dir }
  ])

describe('configDigests', () => {
  const base = {
    tfplan: 'binary plan',
    tfstate: '{}',
    'tfconfig/modules.json': manifest('modules/net'),
    'tfconfig/m-/main.tf': 'resource "terraform_data" "a" {}',
    'tfconfig/m-net/vpc.tf': 'resource "terraform_data" "b" {}',
    '.terraform.lock.hcl': '# locks'
  }

  it('names each configuration file, the lock file and the manifest; nothing else of the plan', () => {
    expect(Object.keys(configDigests(planFile(base), 'p', keyed))).toEqual([
      '(module manifest)',
      '.terraform.lock.hcl',
      'main.tf',
      'module.net/vpc.tf'
    ])
  })

  it('ignores where modules were installed (Dir), not what they are', () => {
    const here = configDigests(planFile(base), 'p', keyed)
    const elsewhere = planFile({
      ...base,
      'tfconfig/modules.json': manifest('/other/checkout/net')
    })
    expect(configDigests(elsewhere, 'p', keyed)).toEqual(here)
    const changed = planFile({
      ...base,
      'tfconfig/m-net/vpc.tf': 'resource "terraform_data" "c" {}'
    })
    expect(configDigests(changed, 'p', keyed)['module.net/vpc.tf']).not.toBe(
      here['module.net/vpc.tf']
    )
  })

  it('explains a file that is not a saved plan', () => {
    expect(() => configDigests(strToU8('{"format_version":"1.2"}'), 'plan.json', keyed)).toThrow(
      /^plan\.json: not a saved Terraform plan \(terraform plan -out=FILE writes a zip/
    )
    expect(() => configDigests(planFile({ tfplan: 'x' }), 'p.zip', keyed)).toThrow(
      'p.zip: not a saved Terraform plan (no tfconfig/modules.json inside)'
    )
  })

  it("names a nested module's file module.<a>.module.<b>/<file>, and keeps the files apart", () => {
    const digests = configDigests(
      planFile({
        ...base,
        'tfconfig/m-net.subnet/cidr.tf': 'x',
        'tfconfig/m-net.subnet/more/deep.tf': 'y'
      }),
      'p',
      keyed
    )
    expect(Object.keys(digests)).toEqual([
      '(module manifest)',
      '.terraform.lock.hcl',
      'main.tf',
      'module.net.module.subnet/cidr.tf',
      'module.net.module.subnet/more/deep.tf',
      'module.net/vpc.tf'
    ])
    expect(digests['main.tf']).toBe(keyed(strToU8(base['tfconfig/m-/main.tf'])))
    expect(digests['.terraform.lock.hcl']).toBe(keyed(strToU8('# locks')))
    expect(new Set(Object.values(digests)).size).toBe(6)
  })

  it('reads only the configuration: a tfconfig file outside m-<key>/ and the rest of the plan count for nothing', () => {
    const here = configDigests(planFile(base), 'p', keyed)
    const other = planFile({
      ...base,
      tfplan: 'another plan',
      tfstate: '{"serial":2}',
      'tfconfig/stray.txt': 'x',
      'terraform.lock.hcl': 'z'
    })
    expect(configDigests(other, 'p', keyed)).toEqual(here)
  })

  it('the manifest: which module, from where, at which version, in any order; a change to any of them counts', () => {
    const digestOf = (records: unknown[]): string | undefined =>
      configDigests(
        planFile({ ...base, 'tfconfig/modules.json': JSON.stringify(records) }),
        'p',
        keyed
      )['(module manifest)']
    const net = { Key: 'net', Source: './modules/net', Version: '1.0.0', Dir: 'a' }
    const dns = { Key: 'dns', Source: './modules/dns', Dir: 'b' }
    const root = { Key: '', Dir: '.' }
    const same = digestOf([root, net, dns])
    expect(digestOf([dns, root, net])).toBe(same)
    expect(digestOf([net, dns, root])).toBe(same)
    expect(digestOf([root, { ...net, Version: '1.0.1' }, dns])).not.toBe(same)
    expect(digestOf([root, { ...net, Source: './modules/net2' }, dns])).not.toBe(same)
    expect(digestOf([root, { ...net, Key: 'net2' }, dns])).not.toBe(same)
    expect(digestOf([root, net])).not.toBe(same)
    // A missing field reads as empty, not as a crash; null records too.
    expect(digestOf([{}, null])).toBe(digestOf([{ Key: '', Source: '', Version: '' }, {}]))
  })

  it('explains a manifest that is not a JSON list', () => {
    expect(() =>
      configDigests(planFile({ ...base, 'tfconfig/modules.json': '{not json' }), 'p.zip', keyed)
    ).toThrow('p.zip: its tfconfig/modules.json is not JSON')
    expect(() =>
      configDigests(planFile({ ...base, 'tfconfig/modules.json': '{"Key":""}' }), 'p.zip', keyed)
    ).toThrow('p.zip: its tfconfig/modules.json is not a list')
  })
})
