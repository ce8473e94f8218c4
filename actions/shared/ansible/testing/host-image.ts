import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs'
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
  'ca-certificates',
  // The nomad role's JWKS proxy (nomad_jwks_proxy_packages); the tests run the real nginx.
  'nginx-light'
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
 * Runs fn while holding a lock folder (mkdir is atomic): two test files (jest workers) asking for
 * the image at once must not debootstrap and `docker save` to the same archive together.
 */
async function withLock<T>(lock: string, fn: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      mkdirSync(lock)
      break
    } catch {
      const age = existsSync(lock) ? Date.now() - statSync(lock).mtimeMs : 0
      if (age > 15 * 60_000) rmSync(lock, { recursive: true, force: true })
      else await new Promise(resolve => setTimeout(resolve, 1000))
    }
  }
  try {
    return await fn()
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}

/**
 * Returns a Debian bookworm image tag with python3 and the base packages: the running engine's
 * copy, else the `docker save` cache, else a fresh debootstrap (~60-110 s), which is then cached.
 */
export async function ensureHostImage(
  packages: readonly string[] = HOST_PACKAGES
): Promise<string> {
  const tag = hostImageTag(packages)
  if (await imageExists(tag)) return tag
  mkdirSync(CACHE, { recursive: true })
  const archive = join(CACHE, `${tag.replace(/[/:]/g, '_')}.tar`)
  return withLock(`${archive}.lock`, async () => {
    if (await imageExists(tag)) return tag
    if (existsSync(archive)) {
      await run(DOCKER, ['load', '-i', archive])
      if (await imageExists(tag)) return tag
    }
    await buildImage(tag, packages)
    // Saved under a temporary name and renamed, so a half-written archive is never loaded.
    await run(DOCKER, ['save', '-o', `${archive}.partial`, tag])
    renameSync(`${archive}.partial`, archive)
    return tag
  })
}

async function buildImage(tag: string, packages: readonly string[]): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'elm-infra-debootstrap-'))
  try {
    const root = join(work, 'root')
    const include = `--include=${packages.join(',')}`
    await run('debootstrap', ['--variant=minbase', include, 'bookworm', root, MIRROR], {
      maxBuffer: 64 * 1024 * 1024
    })
    // The downloaded .debs are not needed on a test host.
    await run('sh', ['-c', `rm -rf "${root}"/var/cache/apt/archives/*.deb`])
    await run('sh', ['-c', `tar -C "${root}" -c . | ${DOCKER} import - ${tag}`], {
      maxBuffer: 64 * 1024 * 1024
    })
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}
