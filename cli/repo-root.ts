import { execFile } from 'node:child_process'
import { stat } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { InputError } from '../actions/shared/errors.js'

/** What root discovery may look at: directories, and git's idea of the top level. */
export interface RootProbe {
  isDirectory(path: string): Promise<boolean>
  /** `git rev-parse --show-toplevel` run in `cwd`, or undefined outside a work tree / without git. */
  gitTopLevel(cwd: string): Promise<string | undefined>
}

/** A repository root holds both of these folders (the catalog: docker/<name>/ + nomad/<name>.nomad.hcl). */
const MARKERS = ['nomad', 'docker'] as const

async function isRepoRoot(probe: RootProbe, dir: string): Promise<boolean> {
  for (const marker of MARKERS) if (!(await probe.isDirectory(join(dir, marker)))) return false
  return true
}

/**
 * The repository root for a command run in `cwd`: `--root` if given (relative to cwd, and it must
 * hold nomad/ and docker/); else git's top level when it holds them; else the nearest folder at or
 * above cwd that holds them. From `nomad/` or any subfolder the answer is the same as from the root.
 */
export async function findRepoRoot(
  cwd: string,
  explicit: string | undefined,
  probe: RootProbe,
  /** false: an explicit --root need only be a folder (drift of one layer, e.g. terraform only). */
  needsCatalog = true
): Promise<string> {
  if (explicit !== undefined) {
    const root = resolve(cwd, explicit)
    if (!needsCatalog && (await probe.isDirectory(root))) return root
    if (!(await isRepoRoot(probe, root))) {
      throw new InputError(
        `--root ${explicit}: ${root} is not an elm-infra repository: expected a folder holding nomad/ and docker/.`
      )
    }
    return root
  }
  const top = await probe.gitTopLevel(cwd)
  if (top !== undefined && (await isRepoRoot(probe, top))) return top
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (await isRepoRoot(probe, dir)) return dir
    if (dirname(dir) === dir) break
  }
  throw new InputError(
    `No elm-infra repository at or above ${cwd}: expected a folder holding nomad/ and docker/ (the git top level or one of its parents). Run from the clone, or pass --root <dir>.`
  )
}

/** The real file system and git. */
export const fsRootProbe: RootProbe = {
  async isDirectory(path) {
    try {
      return (await stat(path)).isDirectory()
    } catch {
      return false
    }
  },
  gitTopLevel: cwd =>
    new Promise(done => {
      execFile('git', ['rev-parse', '--show-toplevel'], { cwd }, (error, stdout) =>
        done(error ? undefined : stdout.trim() || undefined)
      )
    })
}
