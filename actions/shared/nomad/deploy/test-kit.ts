import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { Clock, Logger } from '../../ports.js'
import { nomadConfigFromEnv } from '../client/config.js'
import { createHttpTransport } from '../client/http.js'
import { type NomadClient, createNomadClient } from '../client/client.js'
import { deployJob } from './deploy.js'
import type { DeployOptions, DeployResult } from './types.js'
import type { RetryPolicy } from '../client/retry.js'
import { SimulatedCluster, type SimulatedClusterOptions } from '../simulated/cluster.js'
import {
  type SimulatedNomadHttpOptions,
  type SimulatedNomadServer,
  serveSimulatedNomad
} from '../simulated/http.js'

/**
 * Test kit for the deploy scenarios: a Nomad to deploy to (the simulated cluster, or the real agent
 * at NOMAD_E2E_ADDR), job files, and a logger that keeps every line.
 */
export const E2E_ADDR = process.env['NOMAD_E2E_ADDR']
/** The repository root, from the sources or from the compiled lib/ tree (the bench runs there). */
export const REPO_ROOT = findRoot(import.meta.dirname)

function findRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'nomad')) && existsSync(join(dir, 'package.json'))) return dir
  }
  return process.cwd()
}

export interface Target {
  readonly address: string
  /** Present only on the double: what only the double can stage. */
  readonly cluster: SimulatedCluster | undefined
  readonly server: SimulatedNomadServer | undefined
  close(): Promise<void>
}

/** The real agent at NOMAD_E2E_ADDR when set, else a fresh simulated cluster served on loopback. */
export async function startTarget(
  options: SimulatedClusterOptions & { readonly http?: SimulatedNomadHttpOptions } = {}
): Promise<Target> {
  if (E2E_ADDR)
    return {
      address: E2E_ADDR,
      cluster: undefined,
      server: undefined,
      close: async () => undefined
    }
  const cluster = new SimulatedCluster({
    nodes: [{}, {}],
    health: { healthyAfterMs: 30 },
    ...options
  })
  const server = await serveSimulatedNomad(cluster, options.http)
  return {
    address: server.url,
    cluster,
    server,
    close: async () => {
      await server.close()
      cluster.close()
    }
  }
}

export const FAST_RETRY: RetryPolicy = {
  attempts: 10,
  baseDelayMs: 5,
  maxDelayMs: 40,
  random: Math.random
}

export function clientFor(address: string, clock: Clock, token?: string): NomadClient {
  const config = nomadConfigFromEnv({
    NOMAD_ADDR: address,
    NOMAD_TOKEN: token ?? process.env['NOMAD_E2E_TOKEN']
  })
  return createNomadClient({ transport: createHttpTransport(config), clock, retry: FAST_RETRY })
}

export interface MemoryLogger extends Logger {
  readonly lines: string[]
}

export function memoryLogger(): MemoryLogger {
  const lines: string[] = []
  return {
    lines,
    info: m => lines.push(m),
    warning: m => lines.push(`warning: ${m}`),
    error: m => lines.push(`error: ${m}`),
    debug: m => lines.push(`debug: ${m}`),
    group: async (name, fn) => {
      lines.push(`## ${name}`)
      return await fn()
    }
  }
}

/** A job file of this repository. */
export function repoJob(name: string): string {
  return readFileSync(join(REPO_ROOT, 'nomad', `${name}.nomad.hcl`), 'utf8')
}

/** Edits `key = value` in every update block of an HCL text (e.g. canary = 0 for a rolling update). */
export function withUpdate(hcl: string, key: string, value: string): string {
  return hcl.replace(new RegExp(`(\\n\\s*${key}\\s*=\\s*)[^\\n]+`, 'g'), `$1${value}`)
}

/**
 * A small service job a real `nomad agent -dev` can run: raw_exec, health from task states, no
 * Consul. `failing` makes the task exit 1 at once, with no restarts or reschedules.
 */
export function e2eJobHcl(id: string, opts: { readonly canary?: number } = {}): string {
  return `
variable "image" {
  type    = string
  default = "ok"
}
variable "version" {
  type    = string
  default = "0"
}
job "${id}" {
  type        = "service"
  datacenters = ["*"]
  meta {
    version = var.version
  }
  group "web" {
    count = 2
    update {
      max_parallel      = 1
      canary            = ${opts.canary ?? 1}
      auto_promote      = false
      auto_revert       = true
      health_check      = "task_states"
      min_healthy_time  = "1s"
      healthy_deadline  = "20s"
      progress_deadline = "40s"
    }
    restart {
      attempts = 0
      mode     = "fail"
    }
    reschedule {
      attempts  = 0
      unlimited = false
    }
    task "server" {
      driver = "raw_exec"
      config {
        command = "/bin/sh"
        args    = ["-c", "if [ \\"$IMAGE\\" = failing ]; then exit 1; fi; exec sleep 3600"]
      }
      env {
        IMAGE   = var.image
        VERSION = var.version
      }
      resources {
        cpu    = 20
        memory = 32
      }
    }
  }
}
`
}

/**
 * A system job a real `nomad agent -dev` can run: raw_exec on every node, rolled out through its
 * deployment (Nomad ≥ 1.11) one node at a time, health from task states, reverted by Nomad on the
 * first unhealthy allocation (a system group has no reschedule policy). `failing` exits 1.
 */
export function e2eSystemJobHcl(id: string): string {
  return e2eJobHcl(id, { canary: 0 })
    .replace('type        = "service"', 'type        = "system"')
    .replace(/\n {4}count = 2\n/, '\n')
    .replace(/\n {4}reschedule \{[^}]*\}\n/, '\n')
}

/**
 * A count-1 job that writes to a dynamic host volume with `single-node-single-writer` access: the
 * CSI-free single writer a `nomad agent -dev` offers. The scheduler places no second writer while
 * a live allocation of the group holds the volume (scheduler/feasible/feasible.go
 * `HostVolumeChecker`, `HostVolumeAccessModeSingleNodeSingleWriter`, v2.0.5), so a canary cannot
 * be placed, and a rolling update (canary 0) stops the writer before placing the next one.
 * The e2e-nomad workflow creates the volume (`nomad volume create`, the built-in `mkdir` plugin).
 */
export function e2eSingleWriterJobHcl(
  id: string,
  volume: string,
  opts: { readonly canary?: number } = {}
): string {
  return e2eJobHcl(id, { canary: opts.canary ?? 0 })
    .replace(/\n {4}count = 2\n/, '\n    count = 1\n')
    .replace(
      '\n    task "server" {',
      `\n    volume "data" {\n      type            = "host"\n      source          = "${volume}"\n      access_mode     = "single-node-single-writer"\n      attachment_mode = "file-system"\n    }\n    task "server" {\n      volume_mount {\n        volume      = "data"\n        destination = "/srv/data"\n      }`
    )
}

/** deployJob with the test defaults. */
export function deploy(
  client: NomadClient,
  jobHcl: string,
  variables: Record<string, string>,
  extra: Partial<DeployOptions> & { readonly clock: Clock }
): Promise<DeployResult> {
  return deployJob({
    client,
    jobHcl,
    variables,
    timeoutMs: 20_000,
    logger: memoryLogger(),
    ...extra
  })
}
