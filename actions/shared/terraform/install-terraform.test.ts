import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CommandRunner, Logger } from '../ports.js'
import { installTerraform, type ToolCache } from './install-terraform.js'
import { checksumFor, hashicorpPlatform, pinnedTerraformVersion } from './terraform-version.js'

const log: Logger = {
  info: () => undefined,
  warning: () => undefined,
  error: () => undefined,
  debug: () => undefined,
  group: (_n, fn) => fn()
}
const onPath = (version: string): CommandRunner => ({
  run: async () => ({
    exitCode: 0,
    stdout: JSON.stringify({ terraform_version: version }),
    stderr: ''
  })
})

/** A tool cache whose downloads come from an in-memory "release" of the given zip bytes. */
function releaseCache(zip: string, sumsFor: string): ToolCache & { cached: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'tc-'))
  const cached: string[] = []
  return {
    cached,
    find: () => '',
    downloadTool: async url => {
      const file = join(dir, url.split('/').at(-1) ?? 'x')
      writeFileSync(file, url.endsWith('SHA256SUMS') ? sumsFor : zip)
      return file
    },
    extractZip: async () => join(dir, 'extracted'),
    cacheDir: async (_d, tool, version) => {
      cached.push(`${tool}@${version}`)
      return `/cache/${tool}/${version}`
    }
  }
}

const sha = (text: string): string => createHash('sha256').update(text).digest('hex')
const ZIP = 'terraform_1.11.4_linux_amd64.zip'

describe('installTerraform', () => {
  it('uses the terraform on PATH when it is the pinned version', async () => {
    const cache = releaseCache('', '')
    expect(await installTerraform('1.11.4', { cache, runner: onPath('1.11.4'), log })).toBe(
      'terraform'
    )
    expect(cache.cached).toEqual([])
  })

  it('downloads, checks SHA256SUMS and caches another version', async () => {
    const cache = releaseCache('zip bytes', `${sha('zip bytes')}  ${ZIP}\n${sha('x')}  other.zip\n`)
    const binary = await installTerraform('1.11.4', {
      cache,
      runner: onPath('1.9.0'),
      log,
      platform: 'linux',
      arch: 'x64'
    })
    expect(binary).toBe('/cache/terraform/1.11.4/terraform')
    expect(cache.cached).toEqual(['terraform@1.11.4'])
  })

  it('refuses a download whose checksum does not match', async () => {
    const cache = releaseCache('tampered', `${sha('zip bytes')}  ${ZIP}\n`)
    await expect(
      installTerraform('1.11.4', {
        cache,
        runner: onPath('1.9.0'),
        log,
        platform: 'linux',
        arch: 'x64'
      })
    ).rejects.toThrow(/does not match SHA256SUMS .* refusing to run it/)
    expect(cache.cached).toEqual([])
  })
})

describe('the pinned version', () => {
  it('prefers .terraform-version, then an exact required_version', () => {
    expect(pinnedTerraformVersion({ terraformVersionFile: '1.11.4\n', versionsTf: '' })).toBe(
      '1.11.4'
    )
    expect(pinnedTerraformVersion({ versionsTf: 'required_version = "= 1.10.5"' })).toBe('1.10.5')
    expect(() => pinnedTerraformVersion({ versionsTf: 'required_version = "~> 1.11"' })).toThrow(
      'No Terraform version is pinned'
    )
    expect(() => pinnedTerraformVersion({ terraformVersionFile: 'latest' })).toThrow(
      ".terraform-version is 'latest'"
    )
  })

  it('names platforms and finds checksums as HashiCorp does', () => {
    expect(hashicorpPlatform('linux', 'x64')).toBe('linux_amd64')
    expect(hashicorpPlatform('darwin', 'arm64')).toBe('darwin_arm64')
    expect(checksumFor(`${'a'.repeat(64)}  ${ZIP}`, ZIP)).toBe('a'.repeat(64))
    expect(checksumFor(`${'a'.repeat(64)}  ${ZIP}`, 'nope.zip')).toBeUndefined()
  })
})
