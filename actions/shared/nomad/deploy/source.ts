import { readFile } from 'node:fs/promises'
import { isAbsolute, join, relative } from 'node:path'
import { findService } from '../../catalog/catalog.js'
import { loadCatalog } from '../../catalog/load-catalog.js'
import { ConfigError, InputError } from '../../errors.js'

/** What to deploy: a catalog service by name, or a job file (relative to the repository root). */
export type JobTarget =
  | { readonly kind: 'service'; readonly name: string }
  | { readonly kind: 'file'; readonly path: string }

/** The job to deploy: its file, its HCL, and the public URL when it is a catalog service. */
export interface JobSource {
  readonly jobFile: string
  readonly jobHcl: string
  readonly publicUrl: string | undefined
}

/** Resolves `service` through the catalog, or reads `job-file` (which must stay inside the workspace). */
export async function readJobSource(root: string, target: JobTarget): Promise<JobSource> {
  if (target.kind === 'service') {
    const service = findService(await loadCatalog(root), target.name)
    return {
      jobFile: service.jobFile,
      jobHcl: await read(root, service.jobFile),
      publicUrl: service.publicUrl
    }
  }
  const rel = relative(root, isAbsolute(target.path) ? target.path : join(root, target.path))
  if (rel.startsWith('..'))
    throw new InputError(
      `Input 'job-file' is '${target.path}': expected a file inside the workspace.`
    )
  return { jobFile: rel, jobHcl: await read(root, rel), publicUrl: undefined }
}

async function read(root: string, file: string): Promise<string> {
  try {
    return await readFile(join(root, file), 'utf8')
  } catch (error) {
    throw new ConfigError(
      `Cannot read job file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`
    )
  }
}
