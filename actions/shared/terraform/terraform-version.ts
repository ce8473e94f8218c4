import { ConfigError } from '../errors.js'

/**
 * The Terraform version pinned in the repository: `.terraform-version` (an exact version) wins;
 * else an exact `required_version` ("1.11.4" or "= 1.11.4") in versions.tf.
 */
export function pinnedTerraformVersion(files: {
  readonly terraformVersionFile?: string
  readonly versionsTf?: string
}): string {
  const pinned = files.terraformVersionFile?.trim()
  if (pinned !== undefined && pinned !== '') {
    if (!/^\d+\.\d+\.\d+$/.test(pinned))
      throw new ConfigError(
        `.terraform-version is '${pinned}': expected an exact version such as 1.11.4.`
      )
    return pinned
  }
  const required = /required_version\s*=\s*"\s*=?\s*(\d+\.\d+\.\d+)\s*"/.exec(
    files.versionsTf ?? ''
  )
  if (required?.[1]) return required[1]
  throw new ConfigError(
    'No Terraform version is pinned: add .terraform-version (e.g. 1.11.4) or an exact required_version.'
  )
}

/** HashiCorp's name for this machine's platform, e.g. linux_amd64. */
export function hashicorpPlatform(platform: string, arch: string): string {
  const os = { linux: 'linux', darwin: 'darwin', win32: 'windows', freebsd: 'freebsd' }[platform]
  const cpu = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386' }[arch]
  if (os === undefined || cpu === undefined)
    throw new ConfigError(`Terraform is not released for ${platform}/${arch}.`)
  return `${os}_${cpu}`
}

/** The sha256 for `fileName` in a SHA256SUMS file, or undefined. */
export function checksumFor(sums: string, fileName: string): string | undefined {
  for (const line of sums.split('\n')) {
    const m = /^([0-9a-f]{64})\s+\*?(\S+)$/.exec(line.trim())
    if (m && m[2] === fileName) return m[1]
  }
  return undefined
}

/** The version `terraform version -json` reports, or undefined. */
export function reportedVersion(versionJson: string): string | undefined {
  try {
    const value = JSON.parse(versionJson) as { terraform_version?: unknown }
    return typeof value.terraform_version === 'string' ? value.terraform_version : undefined
  } catch {
    return undefined
  }
}
