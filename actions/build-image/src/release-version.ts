import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ConfigError } from '../../shared/errors.js'

/** The file in a service's Docker context that names its release: one line, e.g. `1.3`. */
export const VERSION_FILE = 'VERSION'

const RELEASE = /^(0|[1-9][0-9]{0,8})(\.(0|[1-9][0-9]{0,8})){0,2}$/

/**
 * The release in `docker/<service>/VERSION`, or undefined when the service has no such file. The
 * same grammar /deploy accepts (shared/chatops/command.ts), so every release can be deployed by name.
 */
export async function readReleaseVersion(
  root: string,
  context: string
): Promise<string | undefined> {
  let text: string
  try {
    text = await readFile(join(root, context, VERSION_FILE), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  const version = text.trim()
  if (!RELEASE.test(version)) {
    throw new ConfigError(
      `${context}/${VERSION_FILE} is '${version.slice(0, 40)}': expected one line MAJOR[.MINOR[.PATCH]] such as 1.3.`
    )
  }
  return version
}

/**
 * Which tags may be written: every tag that is absent or already on this digest; a release tag
 * that the registry holds on another digest is never moved (it would change what `/deploy svc 1.3`
 * rolls back to), so it is left out and reported.
 */
export function protectReleaseTag(
  retag: readonly string[],
  release: string | undefined,
  current: Readonly<Record<string, string | undefined>>,
  digest: string
): { readonly write: string[]; readonly kept?: string } {
  if (release === undefined || !retag.includes(release)) return { write: [...retag] }
  const held = current[release]
  if (held === undefined || held === digest) return { write: [...retag] }
  return { write: retag.filter(t => t !== release), kept: held }
}
