import type { Logger } from '../../ports.js'
import type { NomadClient } from '../client/client.js'
import type { Deployment, DeploymentGroup, JobInfo } from '../types.js'

/**
 * In-memory fakes for the pure-ish deploy steps' tests (ours-find, register, watch, result): a
 * NomadClient made of the methods a test gives, every other one throwing (so a call the code
 * should not make fails the test), a clock the test moves, and a logger that keeps its lines.
 * No HTTP, no timers: a mutant run of these suites takes milliseconds.
 */
export function fakeClient(methods: Partial<NomadClient>): NomadClient {
  const client: NomadClient = new Proxy({} as NomadClient, {
    get(_, name) {
      if (name === 'requestCount') return 0
      if (name === 'withSignal') return () => client
      if (name === 'close') return () => undefined
      if (name === 'then') return undefined
      const method = (methods as Record<string | symbol, unknown>)[name]
      if (method !== undefined) return method
      return () => {
        throw new Error(`fakeClient: ${String(name)} was not expected`)
      }
    }
  })
  return client
}

/** A clock that moves only when told (`at`), or by what a fake read "waited". */
export function fakeClock(start = 1_000_000): {
  now(): number
  sleep(ms: number): Promise<void>
  at: number
} {
  const c = {
    at: start,
    now: () => c.at,
    sleep: async (ms: number) => {
      c.at += ms
    }
  }
  return c
}

export interface LinesLogger extends Logger {
  readonly lines: string[]
}

/** Every line with its level: `info: …`, `warning: …`, `error: …`, `debug: …`. */
export function linesLogger(): LinesLogger {
  const lines: string[] = []
  return {
    lines,
    info: m => void lines.push(`info: ${m}`),
    warning: m => void lines.push(`warning: ${m}`),
    error: m => void lines.push(`error: ${m}`),
    debug: m => void lines.push(`debug: ${m}`),
    group: async (name, fn) => {
      lines.push(`group: ${name}`)
      return await fn()
    }
  }
}

export function deployment(over: Partial<Deployment> = {}): Deployment {
  return {
    id: 'd0000000-0000-0000-0000-000000000000',
    jobId: 'website',
    jobVersion: 1,
    jobSpecModifyIndex: 100,
    status: 'running',
    statusDescription: 'Deployment is running',
    groups: [],
    createIndex: 101,
    modifyIndex: 101,
    ...over
  }
}

export function group(over: Partial<DeploymentGroup> = {}): DeploymentGroup {
  return {
    name: 'web',
    autoRevert: true,
    autoPromote: false,
    promoted: false,
    placedCanaries: [],
    desiredCanaries: 0,
    desiredTotal: 1,
    placedAllocs: 0,
    healthyAllocs: 0,
    unhealthyAllocs: 0,
    progressDeadlineMs: 600_000,
    requireProgressBy: undefined,
    ...over
  }
}

export function jobInfo(over: Partial<JobInfo> = {}): JobInfo {
  return {
    id: 'website',
    type: 'service',
    status: 'running',
    version: 1,
    stable: false,
    modifyIndex: 100,
    jobModifyIndex: 100,
    ...over
  }
}
