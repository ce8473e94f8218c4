import {
  type Json,
  bool,
  isRecord,
  num,
  optBool,
  optStr,
  record,
  records,
  str,
  strings,
  time
} from './parse-fields.js'
import type { Allocation, Deployment, DeploymentGroup, TaskEvent, TaskState } from '../types.js'

/** GET /v1/deployment/:id (and the items of /v1/job/:id/deployments) → Deployment. */
export function parseDeployment(value: unknown): Deployment {
  const o = record(value, 'a deployment')
  const groups = isRecord(o['TaskGroups']) ? Object.entries(o['TaskGroups']) : []
  return {
    id: str(o, 'ID', 'deployment'),
    jobId: optStr(o, 'JobID'),
    jobVersion: num(o, 'JobVersion'),
    jobSpecModifyIndex: num(o, 'JobSpecModifyIndex'),
    status: str(o, 'Status', 'deployment'),
    statusDescription: optStr(o, 'StatusDescription'),
    groups: groups
      .map(([name, g]) => parseGroup(name, record(g, `deployment group ${name}`)))
      .sort((a, b) => a.name.localeCompare(b.name)),
    createIndex: num(o, 'CreateIndex'),
    modifyIndex: num(o, 'ModifyIndex')
  }
}

function parseGroup(name: string, g: Json): DeploymentGroup {
  return {
    name,
    autoRevert: bool(g, 'AutoRevert'),
    autoPromote: bool(g, 'AutoPromote'),
    promoted: bool(g, 'Promoted'),
    placedCanaries: strings(g, 'PlacedCanaries'),
    desiredCanaries: num(g, 'DesiredCanaries'),
    desiredTotal: num(g, 'DesiredTotal'),
    placedAllocs: num(g, 'PlacedAllocs'),
    healthyAllocs: num(g, 'HealthyAllocs'),
    unhealthyAllocs: num(g, 'UnhealthyAllocs'),
    progressDeadlineMs: num(g, 'ProgressDeadline') / 1e6,
    requireProgressBy: time(g, 'RequireProgressBy')
  }
}

/** GET /v1/job/:id/deployment: null (no deployment yet) → undefined. */
export function parseLatestDeployment(value: unknown): Deployment | undefined {
  return value === null ? undefined : parseDeployment(value)
}

/** An array of deployments. */
export function parseDeployments(value: unknown): Deployment[] {
  if (!Array.isArray(value)) return [parseDeployment(value)]
  return value.map(parseDeployment)
}

/** An array of allocation stubs (/v1/deployment/allocations/:id, /v1/job/:id/allocations). */
export function parseAllocations(value: unknown): Allocation[] {
  if (value === null) return []
  if (!Array.isArray(value)) return [parseAllocation(value)]
  return value.map(parseAllocation)
}

export function parseAllocation(value: unknown): Allocation {
  const o = record(value, 'an allocation')
  const status = isRecord(o['DeploymentStatus']) ? o['DeploymentStatus'] : {}
  const states = isRecord(o['TaskStates']) ? Object.entries(o['TaskStates']) : []
  return {
    id: str(o, 'ID', 'allocation'),
    name: optStr(o, 'Name'),
    nodeName: optStr(o, 'NodeName'),
    taskGroup: optStr(o, 'TaskGroup'),
    jobVersion: num(o, 'JobVersion'),
    desiredStatus: optStr(o, 'DesiredStatus'),
    clientStatus: optStr(o, 'ClientStatus'),
    clientDescription: optStr(o, 'ClientDescription'),
    healthy: optBool(status, 'Healthy'),
    canary: bool(status, 'Canary'),
    tasks: states
      .filter((e): e is [string, Json] => isRecord(e[1]))
      .map(([name, t]) => parseTaskState(name, t))
  }
}

function parseTaskState(name: string, t: Json): TaskState {
  return {
    name,
    state: optStr(t, 'State'),
    failed: bool(t, 'Failed'),
    restarts: num(t, 'Restarts'),
    events: records(t, 'Events').map(parseTaskEvent)
  }
}

function parseTaskEvent(e: Json): TaskEvent {
  const details = isRecord(e['Details']) ? e['Details'] : {}
  const message =
    optStr(e, 'DisplayMessage') ||
    optStr(e, 'Message') ||
    optStr(e, 'DriverError') ||
    optStr(e, 'SetupError') ||
    optStr(e, 'KillReason') ||
    optStr(details, 'exit_code')
  const ns = num(e, 'Time')
  return { type: optStr(e, 'Type'), time: ns > 0 ? Math.round(ns / 1e6) : undefined, message }
}
