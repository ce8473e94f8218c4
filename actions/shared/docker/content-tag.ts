import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { lstat, readFile, readdir, readlink } from 'node:fs/promises'
import { join } from 'node:path'
import { isIgnored, parseDockerignore } from './dockerignore.js'

/** One file of a build context as it enters the content hash. */
export interface ContextFile {
  /** Relative to the context, `/`-separated. */
  readonly path: string
  /** 'x' executable, 'f' regular, 'l' symlink (git keeps no other mode bits). */
  readonly kind: 'f' | 'x' | 'l'
  readonly sha256: string
}

/** Content tags look like `content-<24 hex>`; a tag that names what went into the image. */
export const CONTENT_TAG_PREFIX = 'content-'

/**
 * The content tag of a context: a hash over the sorted paths, their kinds and contents, and the
 * build args. Same files + same args → same tag, whatever the checkout or the clock.
 */
export function hashContext(
  files: readonly ContextFile[],
  buildArgs: Readonly<Record<string, string>>
): string {
  const hash = createHash('sha256')
  const sorted = [...files].sort((a, b) => byBytes(a.path, b.path))
  for (const f of sorted) hash.update(`file\0${f.path}\0${f.kind}\0${f.sha256}\n`)
  const args = Object.entries(buildArgs).sort(([a], [b]) => byBytes(a, b))
  for (const [key, value] of args) hash.update(`arg\0${key}\0${value}\n`)
  return `${CONTENT_TAG_PREFIX}${hash.digest('hex').slice(0, 24)}`
}

/** The order of two names by their UTF-8 bytes: the same on every machine and locale. */
const byBytes = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b))

const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex')

/**
 * The files Docker would send for `dir`, honouring its .dockerignore. The Dockerfile and the
 * .dockerignore always enter the tag, even when the .dockerignore lists them: `COPY . /ctx/` then
 * sees neither (both builders, Docker 20.10 on this machine), but they still decide the image. A
 * socket is left out, as Docker's context archive skips it ("skipping … since it is a socket").
 */
export async function readContextFiles(dir: string): Promise<ContextFile[]> {
  const ignorePath = join(dir, '.dockerignore')
  const patterns = existsSync(ignorePath)
    ? parseDockerignore(await readFile(ignorePath, 'utf8'))
    : []
  const always = new Set(['Dockerfile', '.dockerignore'])
  const files: ContextFile[] = []
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(join(dir, rel), { withFileTypes: true })
    for (const entry of entries) {
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`
      // Stryker disable next-line ConditionalExpression: a shortcut (e.g. node_modules is never walked); every file below is skipped again by the same test
      if (!always.has(path) && isIgnored(path, patterns) && !hasNegation(patterns)) continue
      const full = join(dir, path)
      if (entry.isDirectory()) {
        await walk(path)
        continue
      }
      if (!always.has(path) && isIgnored(path, patterns)) continue
      if (entry.isSymbolicLink()) {
        files.push({ path, kind: 'l', sha256: sha256(await readlink(full)) })
      } else if (entry.isFile()) {
        const stat = await lstat(full)
        files.push({
          path,
          kind: stat.mode & 0o111 ? 'x' : 'f',
          sha256: sha256(await readFile(full))
        })
      }
    }
  }
  await walk('')
  return files
}

/** A `!pattern` can re-include something below an ignored directory, so we must still descend. */
function hasNegation(patterns: ReturnType<typeof parseDockerignore>): boolean {
  return patterns.some(p => p.negate)
}

/** Reads a context and returns its content tag. */
export async function computeContentTag(
  dir: string,
  buildArgs: Readonly<Record<string, string>>
): Promise<string> {
  return hashContext(await readContextFiles(dir), buildArgs)
}
