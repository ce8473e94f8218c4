import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { DOCKER } from '../../testing/engines.js'

const run = promisify(execFile)

/**
 * The packages a test host starts with: what the base role installs, so its apt tasks find them
 * present and no test reaches the internet. Keep in step with `base_packages` in the base role.
 */
export const HOST_PACKAGES: readonly string[] = [
  'python3',
  'openssh-server',
  'sudo',
  'unattended-upgrades',
  'nftables',
  'fail2ban',
  'python3-systemd',
  'systemd-timesyncd',
  'unzip',
  'ca-certificates'
]

const MIRROR = process.env['ELM_INFRA_DEBIAN_MIRROR'] ?? 'http://deb.debian.org/debian'
const CACHE = process.env['ELM_INFRA_CACHE_DIR'] ?? '/var/cache/elm-infra'

/** The image tag carries a hash of the package list, so a changed list builds a new image. */
export function hostImageTag(packages: readonly string[] = HOST_PACKAGES): string {
  const hash = createHash('sha256').update(packages.join(',')).digest('hex').slice(0, 10)
  return `elm-infra/ansible-host:bookworm-${hash}`
}

async function imageExists(tag: string): Promise<boolean> {
  try {
    await run(DOCKER, ['image', 'inspect', tag])
    return true
  } catch {
    return false
  }
}

/**
 * Returns a Debian bookworm image tag with python3 and the base packages: the running engine's
 * copy, else the `docker save` cache, else a fresh debootstrap (~60 s), which is then cached.
 */
export async function ensureHostImage(packages: readonly string[] = HOST_PACKAGES): Promise<string> {
  const tag = hostImageTag(packages)
  if (await imageExists(tag)) return tag
  const archive = join(CACHE, `${tag.replace(/[/:]/g, '_')}.tar`)
  if (existsSync(archive)) {
    await run(DOCKER, ['load', '-i', archive])
    if (await imageExists(tag)) return tag
  }
  const work = mkdtempSync(join(tmpdir(), 'elm-infra-debootstrap-'))
  try {
    const root = join(work, 'root')
    const include = `--include=${packages.join(',')}`
    await run('debootstrap', ['--variant=minbase', include, 'bookworm', root, MIRROR], {
      maxBuffer: 64 * 1024 * 1024
    })
    // apt's downloaded lists and .debs are not needed on a test host.
    await run('sh', ['-c', `rm -rf "${root}"/var/cache/apt/archives/*.deb`])
    await run('sh', ['-c', `tar -C "${root}" -c . | ${DOCKER} import - ${tag}`], {
      maxBuffer: 64 * 1024 * 1024
    })
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
  mkdirSync(CACHE, { recursive: true })
  await run(DOCKER, ['save', '-o', archive, tag])
  return tag
}
