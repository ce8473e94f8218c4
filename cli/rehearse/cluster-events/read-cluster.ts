import { parse } from '@cdktf/hcl2json'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { loadCatalog } from '../../../actions/shared/catalog/load-catalog.js'
import { ConfigError, describeError } from '../../../actions/shared/errors.js'
import { parseJobHcl } from '../../../actions/shared/nomad/job-diff/json.js'
import { readJobSource } from '../../../actions/shared/nomad/deploy/source.js'
import { type ClusterSpec, loadBalancerSpec, serviceSpec, traefikSpec } from './spec.js'

type Loose = Record<string, unknown>

/** The three nodes of the README's architecture (terraform/'s node_count default). */
export const SIMULATED_NODES = ['node-1', 'node-2', 'node-3'] as const

/**
 * Reads the real job files of `root` (through the same HCL → API conversion as the simulated
 * Nomad's /v1/jobs/parse), the traefik job's arguments and terraform/'s load-balancer health
 * check: everything the node-event rehearsal simulates comes from the repository.
 */
export async function readClusterSpec(root: string): Promise<ClusterSpec> {
  const catalog = await loadCatalog(root)
  const services = []
  for (const service of catalog.services) {
    const { jobHcl } = await readJobSource(root, { kind: 'file', path: service.jobFile })
    services.push(serviceSpec(service.name, service.jobFile, await apiJob(service.jobFile, jobHcl)))
  }
  const traefikEntry = catalog.jobs.find(j => j.type === 'system' && /traefik/.test(j.jobId))
  let args: string[] = []
  if (traefikEntry) {
    const { jobHcl } = await readJobSource(root, { kind: 'file', path: traefikEntry.jobFile })
    const job = await apiJob(traefikEntry.jobFile, jobHcl)
    const task = (
      (job['TaskGroups'] as Loose[] | undefined)?.[0]?.['Tasks'] as Loose[] | undefined
    )?.[0]
    const config = (task?.['Config'] ?? {}) as Loose
    args = Array.isArray(config['args']) ? config['args'].map(String) : []
  }
  return {
    nodes: [...SIMULATED_NODES],
    services,
    traefik: traefikSpec(args, traefikEntry?.jobFile ?? 'Traefik defaults (no traefik job)'),
    lb: loadBalancerSpec(await readHealthcheck(root), 'terraform/load-balancer.tf')
  }
}

async function apiJob(file: string, hcl: string): Promise<Loose> {
  try {
    return await parseJobHcl({ hcl, canonicalize: false })
  } catch (error) {
    throw new ConfigError(`${file}: ${describeError(error)}`)
  }
}

async function readHealthcheck(root: string): Promise<Loose | undefined> {
  let text: string
  try {
    text = await readFile(join(root, 'terraform', 'load-balancer.tf'), 'utf8')
  } catch {
    return undefined
  }
  const tree = (await parse('load-balancer.tf', text)) as Loose
  const lbs = (tree['resource'] as Loose | undefined)?.['digitalocean_loadbalancer'] as
    Record<string, Loose[]> | undefined
  const first = Object.values(lbs ?? {})[0]?.[0]
  const hc = (first?.['healthcheck'] as Loose[] | undefined)?.[0]
  return hc
}
