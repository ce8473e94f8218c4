import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseDockerfile } from '../docker/dockerfile-rules.js'
import { ConfigError } from '../errors.js'
import type { Catalog } from './catalog.js'
import {
  DOCKER_README_PATH,
  type GeneratedFile,
  README_PATH,
  type ServiceFacts,
  renderGenerated
} from './generated.js'
import { loadCatalog, parseHclFile } from './load-catalog.js'

type Json = Record<string, unknown>
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const first = (v: unknown): Json =>
  Array.isArray(v) && isRecord(v[0]) ? v[0] : isRecord(v) ? v : {}

/** terraform/variables.tf's `domain` default: the zone every service host must be in. */
export async function readDomain(root: string): Promise<string> {
  const parsed = (await parseHclFile(root, 'terraform/variables.tf')) as Json
  const domain = first(first(parsed['variable'])['domain'])['default']
  if (typeof domain !== 'string' || domain === '')
    throw new ConfigError(
      'terraform/variables.tf: variable "domain" needs a default (the apex domain)'
    )
  return domain
}

/** An ARG's default in a Dockerfile (the first one declared). */
function argDefault(dockerfile: string, name: string): string | undefined {
  const ins = parseDockerfile(dockerfile).find(
    i => i.keyword === 'ARG' && i.args.startsWith(`${name}=`)
  )
  return ins?.args.slice(name.length + 1).replace(/^"|"$/g, '')
}

/** The facts the generated files need, from each service's job file and Dockerfile. */
export async function readServiceFacts(root: string, catalog: Catalog): Promise<ServiceFacts[]> {
  const facts: ServiceFacts[] = []
  for (const service of catalog.services) {
    const parsed = (await parseHclFile(root, service.jobFile)) as Json
    const job = first(Object.values(first(parsed['job']))[0] ?? first(parsed['job']))
    const group = first(Object.values(first(job['group']))[0])
    const volumes = Object.values(first(group['volume'])).map(first)
    const dockerfile = await readFile(join(root, service.context, 'Dockerfile'), 'utf8')
    facts.push({
      name: service.name,
      host: new URL(service.publicUrl).hostname,
      instances: typeof group['count'] === 'number' ? group['count'] : 1,
      keepsData: volumes.some(v => v['type'] === 'csi'),
      sourceRepository: argDefault(dockerfile, 'SOURCE_REPOSITORY'),
      sourceRef: argDefault(dockerfile, 'SOURCE_REF')
    })
  }
  return facts
}

/** What every generated file should hold now, from the job files under `root`. */
export async function expectedGenerated(root: string): Promise<GeneratedFile[]> {
  const catalog = await loadCatalog(root)
  const read = (path: string): Promise<string> => readFile(join(root, path), 'utf8')
  return renderGenerated(await readServiceFacts(root, catalog), await readDomain(root), {
    readme: await read(README_PATH),
    dockerReadme: await read(DOCKER_README_PATH)
  })
}

/** The generated files whose text differs from what the job files say. */
export async function staleGenerated(root: string): Promise<GeneratedFile[]> {
  const stale: GeneratedFile[] = []
  for (const file of await expectedGenerated(root)) {
    const path = join(root, file.path)
    const now = existsSync(path) ? await readFile(path, 'utf8') : undefined
    if (now !== file.text) stale.push(file)
  }
  return stale
}

/** Rewrites the stale generated files; returns their paths. */
export async function writeGenerated(root: string): Promise<string[]> {
  const stale = await staleGenerated(root)
  for (const file of stale) await writeFile(join(root, file.path), file.text)
  return stale.map(f => f.path)
}
