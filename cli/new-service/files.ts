import { readdir } from 'node:fs/promises'
import { join } from 'node:path'

/** Every file under `dir` (relative to `root`), sorted, as repository-relative paths. */
export async function listFiles(root: string, dir: string): Promise<string[]> {
  const entries = await readdir(join(root, dir), { recursive: true, withFileTypes: true })
  return entries
    .filter(e => e.isFile())
    .map(e => join(e.parentPath, e.name).slice(root.length + 1))
    .sort()
}
