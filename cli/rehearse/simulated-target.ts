import { readJobSource } from '../../actions/shared/nomad/deploy/source.js'
import type { Service } from '../../actions/shared/catalog/catalog.js'
import { connectNomad } from '../../actions/shared/nomad/client/connect.js'
import type { NomadClient } from '../../actions/shared/nomad/client/client.js'
import { nomadConfigFromEnv } from '../../actions/shared/nomad/client/config.js'
import { deployJob } from '../../actions/shared/nomad/deploy/deploy.js'
import { SimulatedCluster } from '../../actions/shared/nomad/simulated/cluster.js'
import { repoVolumes } from '../../actions/shared/nomad/simulated/repo-volumes.js'
import {
  type SimulatedNomadServer,
  serveSimulatedNomad
} from '../../actions/shared/nomad/simulated/http.js'
import type { Clock, Logger } from '../../actions/shared/ports.js'

/** Where the rehearsal deploys: an in-process simulated cluster, or a real one from NOMAD_ADDR. */
export interface DeployTarget {
  readonly kind: 'simulated' | 'real'
  readonly address: string
  readonly client: NomadClient
  close(): Promise<void>
}

/** What the simulated cluster should do: which services' new version fails its health checks. */
export interface SimulationOptions {
  readonly clock: Clock
  readonly unhealthy: readonly Service[]
  readonly newVersion: string
  /** Time from placement to a healthy allocation, in cluster time. */
  readonly healthyAfterMs: number
  /** Repository root: the CSI volumes of nomad/volumes/ exist on the simulated cluster. */
  readonly root?: string
  /** Told what Nomad's server and client would log (the CSI claims of a volume changing hands). */
  readonly onLog?: (line: string) => void
}

/** Starts the in-process cluster (one node) behind a loopback HTTP server, as Nomad would answer. */
export async function startSimulatedTarget(options: SimulationOptions): Promise<DeployTarget> {
  const cluster = new SimulatedCluster({
    clock: options.clock,
    nodes: [{ name: 'simulated-node-1', cpu: 4000, memoryMB: 4096 }],
    health: {
      healthyAfterMs: options.healthyAfterMs,
      respectMinHealthyTime: true,
      unhealthy: options.unhealthy.map(s => ({
        job: s.jobId,
        image: `:${options.newVersion}`,
        exitCode: 1,
        failAfterMs: options.healthyAfterMs
      }))
    },
    watcherDelayMs: 200,
    volumes: options.root === undefined ? [] : repoVolumes(options.root),
    ...(options.onLog ? { onLog: options.onLog } : {})
  })
  const server: SimulatedNomadServer = await serveSimulatedNomad(cluster)
  const client = connectNomad({ env: { NOMAD_ADDR: server.url }, clock: options.clock })
  return {
    kind: 'simulated',
    address: server.url,
    client,
    close: async () => {
      client.close()
      await server.close()
      cluster.close()
    }
  }
}

/** A real cluster from NOMAD_ADDR / NOMAD_TOKEN / NOMAD_CACERT … (the Nomad CLI's conventions). */
export function realTarget(
  env: Readonly<Record<string, string | undefined>>,
  clock: Clock,
  onRetry?: (what: string, attempt: number, error: unknown) => void,
  requestTimeoutMs?: number
): DeployTarget {
  const client = connectNomad({
    env,
    clock,
    ...(onRetry ? { onRetry } : {}),
    ...(requestTimeoutMs === undefined ? {} : { requestTimeoutMs })
  })
  const address = nomadConfigFromEnv(env).address
  return { kind: 'real', address, client, close: async () => client.close() }
}

/**
 * Registers the currently running version of each service on a fresh simulated cluster, so the
 * rehearsal's deploy is an update (canaries only exist on updates, as in Nomad).
 */
export async function seedRunningVersions(
  target: DeployTarget,
  root: string,
  services: readonly Service[],
  version: string,
  clock: Clock,
  logger: Logger
): Promise<void> {
  const quiet: Logger = { ...logger, info: () => undefined, group: (_name, fn) => fn() }
  for (const service of services) {
    const result = await deployJob({
      client: target.client,
      jobHcl: (await readJobSource(root, { kind: 'file', path: service.jobFile })).jobHcl,
      variables: { image: `${service.image}:${version}`, version },
      timeoutMs: 20 * 60_000,
      logger: quiet,
      clock
    })
    logger.info(`${service.name} ${version} is running (job version ${result.jobVersion ?? '?'})`)
  }
}
