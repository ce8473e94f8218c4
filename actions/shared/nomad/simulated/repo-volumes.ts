import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { SimVolume } from './csi.js'

/**
 * The CSI volumes the runbook creates once with `nomad volume create
 * nomad/volumes/<id>.volume.hcl`: their top-level `id` and their capability's `access_mode`, for
 * a simulated cluster that runs the repository's jobs (a job whose volume does not exist cannot be
 * placed, as in Nomad). A volume file is flat HCL (Nomad's volume specification), read by its
 * attributes.
 */
export function repoVolumes(
  root: string
): { readonly id: string; readonly accessMode: SimVolume['accessMode'] }[] {
  const dir = join(root, 'nomad', 'volumes')
  let files: string[]
  try {
    files = readdirSync(dir).filter(f => f.endsWith('.volume.hcl'))
  } catch {
    return []
  }
  return files.sort().flatMap(f => {
    const spec = volumeSpec(readFileSync(join(dir, f), 'utf8'))
    return spec === undefined ? [] : [spec]
  })
}

/**
 * One volume file's top-level `id` and its capability's `access_mode` (flat HCL, read by its
 * attributes); undefined when it names no id.
 */
export function volumeSpec(
  text: string
): { readonly id: string; readonly accessMode: SimVolume['accessMode'] } | undefined {
  const id = /^id\s*=\s*"([^"]+)"/m.exec(text)?.[1]
  if (id === undefined) return undefined
  const mode = /^\s*access_mode\s*=\s*"([^"]+)"/m.exec(text)?.[1]
  return {
    id,
    accessMode:
      mode === 'multi-node-multi-writer'
        ? ('multi-node-multi-writer' as const)
        : ('single-node-writer' as const)
  }
}
