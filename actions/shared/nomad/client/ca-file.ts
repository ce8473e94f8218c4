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
  const files = tlsFiles({ caCert: value }, parent)
  return { path: files.caCert, remove: files.remove }
}

/** PEM text or a path, per TLS file Nomad's client takes (NOMAD_CACERT, NOMAD_CLIENT_CERT/KEY). */
export interface TlsMaterial {
  readonly caCert?: string | undefined
  readonly clientCert?: string | undefined
  readonly clientKey?: string | undefined
}

/**
 * Each value given as PEM text is written to a 0600 file in one private (0700) folder; a path is
 * used as it is. `remove` deletes the folder (and so every written key), whatever happened.
 */
export function tlsFiles(
  material: TlsMaterial,
  parent: string
): { caCert?: string; clientCert?: string; clientKey?: string; remove: () => void } {
  let dir: string | undefined
  const place = (value: string | undefined, name: string): string | undefined => {
    if (value === undefined || !value.includes('-----BEGIN')) return value
    dir ??= mkdtempSync(join(parent, 'nomad-tls-'))
    const path = join(dir, name)
    writeFileSync(path, value.endsWith('\n') ? value : `${value}\n`, { mode: 0o600 })
    return path
  }
  const remove = (): void => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  }
  try {
    const caCert = place(material.caCert, 'ca.pem')
    const clientCert = place(material.clientCert, 'cert.pem')
    const clientKey = place(material.clientKey, 'key.pem')
    return {
      ...(caCert === undefined ? {} : { caCert }),
      ...(clientCert === undefined ? {} : { clientCert }),
      ...(clientKey === undefined ? {} : { clientKey }),
      remove
    }
  } catch (error) {
    remove()
    throw error
  }
}
