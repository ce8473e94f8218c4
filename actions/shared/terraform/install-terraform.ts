import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { UserError } from '../errors.js'
import type { CommandRunner, Logger } from '../ports.js'
import { checksumFor, hashicorpPlatform, reportedVersion } from './terraform-version.js'

/** The @actions/tool-cache functions the installer uses (a fake in tests). */
export interface ToolCache {
  find(tool: string, version: string): string
  downloadTool(url: string): Promise<string>
  extractZip(file: string): Promise<string>
  cacheDir(dir: string, tool: string, version: string): Promise<string>
}

export interface InstallDeps {
  readonly cache: ToolCache
  readonly runner: CommandRunner
  readonly log: Logger
  readonly platform?: string
  readonly arch?: string
  /** Default https://releases.hashicorp.com; tests point it at a local server. */
  readonly releasesUrl?: string
}

/**
 * Returns a terraform binary of exactly `version`: the one on PATH when it is that version, else
 * the tool cache's, else downloaded from releases.hashicorp.com, checked against SHA256SUMS and
 * cached. A checksum mismatch is refused.
 */
export async function installTerraform(version: string, deps: InstallDeps): Promise<string> {
  const onPath = await deps.runner
    .run('terraform', ['version', '-json'], {
      env: { CHECKPOINT_DISABLE: '1' }
    })
    .catch(() => undefined)
  if (onPath?.exitCode === 0 && reportedVersion(onPath.stdout) === version) {
    deps.log.info(`Terraform ${version} is on PATH; using it.`)
    return 'terraform'
  }
  const cached = deps.cache.find('terraform', version)
  if (cached) {
    deps.log.info(`Terraform ${version} found in the tool cache.`)
    return join(cached, binaryName(deps.platform))
  }
  const platform = hashicorpPlatform(deps.platform ?? process.platform, deps.arch ?? process.arch)
  const base = `${deps.releasesUrl ?? 'https://releases.hashicorp.com'}/terraform/${version}`
  const zipName = `terraform_${version}_${platform}.zip`
  deps.log.info(`Downloading Terraform ${version} (${zipName}) from ${base}`)
  const [zip, sums] = await Promise.all([
    deps.cache.downloadTool(`${base}/${zipName}`),
    deps.cache.downloadTool(`${base}/terraform_${version}_SHA256SUMS`)
  ])
  const expected = checksumFor(await readFile(sums, 'utf8'), zipName)
  if (expected === undefined)
    throw new UserError(`terraform_${version}_SHA256SUMS has no checksum for ${zipName}.`)
  const actual = createHash('sha256')
    .update(await readFile(zip))
    .digest('hex')
  if (actual !== expected)
    throw new UserError(
      `${zipName}: sha256 ${actual} does not match SHA256SUMS (${expected}); refusing to run it.`
    )
  const dir = await deps.cache.cacheDir(await deps.cache.extractZip(zip), 'terraform', version)
  return join(dir, binaryName(deps.platform))
}

function binaryName(platform: string = process.platform): string {
  return platform === 'win32' ? 'terraform.exe' : 'terraform'
}
