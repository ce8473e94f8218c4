import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * A CA given as PEM text goes to a 0600 file in a private folder (under RUNNER_TEMP), as
 * nomad-deploy does (drift-check and nomad-diff); a path is used as it is. Returns the path and how to remove the folder.
 */
export function caFile(
  value: string | undefined,
  parent: string
): { path: string | undefined; remove: () => void } {
  if (value === undefined || !value.includes('-----BEGIN')) return { path: value, remove: () => {} }
  const dir = mkdtempSync(join(parent, 'drift-nomad-ca-'))
  const path = join(dir, 'ca.pem')
  writeFileSync(path, value.endsWith('\n') ? value : `${value}\n`, { mode: 0o600 })
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
