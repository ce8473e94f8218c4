import { readFileSync } from 'node:fs'
import { type SimulatedClusterOptions, SimulatedCluster } from './cluster.js'
import {
  type SimulatedNomadHttpOptions,
  type SimulatedNomadServer,
  serveSimulatedNomad
} from './http.js'
import { TestClock } from './test-clock.js'

/** One answer of the simulated agent, decoded for assertions. */
export interface HarnessResponse {
  readonly status: number
  readonly index: number | undefined
  readonly contentType: string
  readonly text: string
  /** Parsed JSON when the answer is JSON, else undefined. */
  readonly json: unknown
}

/** A simulated cluster on a test clock, served over HTTP, with a raw `call` helper for tests. */
export interface Harness {
  readonly cluster: SimulatedCluster
  readonly server: SimulatedNomadServer
  readonly clock: TestClock
  call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>
  ): Promise<HarnessResponse>
  close(): Promise<void>
}

/** Starts a cluster (default: manual health, two nodes, test clock) and its HTTP server. */
export async function startHarness(
  options: SimulatedClusterOptions & SimulatedNomadHttpOptions = {}
): Promise<Harness> {
  const clock = options.clock instanceof TestClock ? options.clock : new TestClock()
  const cluster = new SimulatedCluster({ health: 'manual', nodes: [{}, {}], ...options, clock })
  const server = await serveSimulatedNomad(cluster, options)
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {}
  ): Promise<HarnessResponse> => {
    const init: RequestInit = { method, headers }
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body)
    const res = await fetch(`${server.url}${path}`, init)
    const text = await res.text()
    const contentType = res.headers.get('content-type') ?? ''
    const rawIndex = res.headers.get('x-nomad-index')
    return {
      status: res.status,
      index: rawIndex === null ? undefined : Number(rawIndex),
      contentType,
      text,
      json: contentType.includes('json') ? (JSON.parse(text) as unknown) : undefined
    }
  }
  return {
    cluster,
    server,
    clock,
    call,
    close: async () => {
      await server.close()
      cluster.close()
    }
  }
}

/** The job file used by the double's own tests (service job: count 2, canary 1, auto_revert). */
export function fixtureJobHcl(): string {
  return readFileSync(new URL('./fixtures/web.nomad.hcl', import.meta.url), 'utf8')
}
