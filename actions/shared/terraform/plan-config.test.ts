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
})
