import { existsSync } from 'node:fs'
import { parseHcl } from '../adapters/hcl-parse.js'
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { ConfigError } from '../errors.js'
import { type Catalog, type JobEntry, type Service, readJobEntry, readService } from './catalog.js'

/** Parses one job file with the real HCL parser; syntax errors become ConfigErrors with the position. */
export async function parseHclFile(root: string, file: string): Promise<unknown> {
  const source = await readFile(join(root, file), 'utf8')
  try {
    // Loaded on the first parse, not at start-up (hcl-parse.ts); remembered for later parses.
    return await parseHcl(file, source)
  } catch (error) {
    throw new ConfigError(
      `${file}: HCL does not parse: ${String(error instanceof Error ? error.message : error)}`
    )
  }
}

/** Reads docker/ and nomad/ under `root` into the catalog. */
export async function loadCatalog(root: string): Promise<Catalog> {
  const nomadDir = join(root, 'nomad')
  const jobFiles = existsSync(nomadDir)
    ? (await readdir(nomadDir)).filter(f => f.endsWith('.nomad.hcl')).sort()
    : []
  const dockerDir = join(root, 'docker')
  const contexts = existsSync(dockerDir)
    ? (await readdir(dockerDir, { withFileTypes: true }))
        .filter(d => d.isDirectory())
        .map(d => d.name)
        .sort()
    : []
  const jobs: JobEntry[] = []
  const services: Service[] = []
  for (const file of jobFiles) {
    const rel = `nomad/${file}`
    const parsed = await parseHclFile(root, rel)
    const name = file.slice(0, -'.nomad.hcl'.length)
    jobs.push(readJobEntry(rel, parsed))
    if (contexts.includes(name)) services.push(readService(name, rel, parsed))
  }
  for (const name of contexts) {
    if (!jobFiles.includes(`${name}.nomad.hcl`)) {
      throw new ConfigError(
        `docker/${name}/ has no job file nomad/${name}.nomad.hcl: every image needs a job`
      )
    }
    if (!existsSync(join(dockerDir, name, 'Dockerfile'))) {
      throw new ConfigError(`docker/${name}/ has no Dockerfile`)
    }
  }
  return { services, jobs }
}
