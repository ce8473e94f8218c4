import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { loadCatalog } from '../../catalog/load-catalog.js'
import { nomadConfigFromEnv } from '../../nomad/client/config.js'
import { createHttpTransport } from '../../nomad/client/http.js'
import { createNomadClient } from '../../nomad/client/client.js'
import { SimulatedCluster } from '../../nomad/simulated/cluster.js'
import { type SimulatedNomadServer, serveSimulatedNomad } from '../../nomad/simulated/http.js'
import { systemClock } from '../../ports.js'
import { repoVolumes } from '../../nomad/simulated/repo-volumes.js'

/** The simulated Nomad agent running the repository's jobs, for drift tests and the benchmark. */
export interface RepoCluster {
  readonly url: string
  readonly server: SimulatedNomadServer
  /** Registers a job file as it is, or with var-file `variables` (e.g. `version = "9.9"`): a hand-made change. */
  register(jobFile: string, variables?: string): Promise<void>
  close(): Promise<void>
}

/** Starts a simulated agent (three nodes) and registers every job file under `root`/nomad. */
export async function startRepoCluster(
  root: string,
  options: { readonly jobFiles?: readonly string[]; readonly delayMs?: number } = {}
): Promise<RepoCluster> {
  const cluster = new SimulatedCluster({
    volumes: repoVolumes(root),
    nodes: [{}, {}, {}]
  })
  const server = await serveSimulatedNomad(cluster)
  const client = createNomadClient({
    transport: createHttpTransport(nomadConfigFromEnv({ NOMAD_ADDR: server.url })),
    clock: systemClock
  })
  const register = async (jobFile: string, variables = ''): Promise<void> => {
    const parsed = await client.parseJob(await readFile(join(root, jobFile), 'utf8'), variables)
    const current = await client.readJob(parsed.id)
    await client.registerJob(parsed, current?.jobModifyIndex ?? 0)
    await cluster.settle()
  }
  const files = options.jobFiles ?? (await loadCatalog(root)).jobs.map(j => j.jobFile)
  for (const file of files) await register(file)
  // Latency applies from here on: setting the cluster up stays fast.
  if (options.delayMs) server.faults.add({ path: /^\/v1\//, delayMs: options.delayMs })
  return {
    url: server.url,
    server,
    register,
    close: async () => {
      client.close()
      await server.close()
      cluster.close()
    }
  }
}
