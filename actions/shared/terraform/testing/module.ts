import { parse } from '@cdktf/hcl2json'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

/** The repository's Terraform root (tests only). */
export const MODULE_DIR = join(import.meta.dirname, '../../../../terraform')

type Block = Record<string, unknown>

/** Every top-level block of every .tf file in the module, merged (hcl2json's shape). */
export async function readModule(dir = MODULE_DIR): Promise<Record<string, unknown>> {
  const merged: Record<string, unknown> = {}
  for (const file of (await readdir(dir)).filter(f => f.endsWith('.tf')).sort()) {
    const parsed = (await parse(file, await readFile(join(dir, file), 'utf8'))) as Block
    for (const [kind, value] of Object.entries(parsed)) {
      // Unlabelled blocks (terraform, locals) are lists: each file's blocks are appended.
      if (Array.isArray(value)) merged[kind] = [...((merged[kind] as unknown[]) ?? []), ...value]
      else mergeInto((merged[kind] ??= {}) as Record<string, unknown>, value as Block)
    }
  }
  return merged
}

function mergeInto(into: Record<string, unknown>, value: Block): void {
  for (const [key, v] of Object.entries(value)) {
    const existing = into[key]
    if (existing && typeof existing === 'object' && !Array.isArray(existing))
      mergeInto(existing as Record<string, unknown>, v as Block)
    else into[key] = v
  }
}

/** The single body of `kind.a.b…` (hcl2json wraps each block in an array). */
export function block(module: Record<string, unknown>, ...path: string[]): Block {
  let node: unknown = module
  for (const key of path) {
    node = (node as Record<string, unknown> | undefined)?.[key]
    if (Array.isArray(node)) node = node[0]
  }
  if (node === undefined || node === null || typeof node !== 'object')
    throw new Error(`no block at ${path.join('.')}`)
  return node as Block
}
