import { NomadProtocolError } from './errors.js'
import {
  type Json,
  bool,
  isRecord,
  counts,
  num,
  optNum,
  optStr,
  record,
  records,
  str,
  strings
} from './parse-fields.js'
import type {
  DeploymentUpdate,
  DiffField,
  DiffNode,
  Evaluation,
  JobInfo,
  ParsedJob,
  PlacementFailure,
  PlanResult,
  RegisterResult
} from '../types.js'

/** POST /v1/jobs/parse → the job (kept whole, to send back to plan and register). */
export function parseParsedJob(value: unknown): ParsedJob {
  const raw = record(value, 'a parsed job')
  const id = str(raw, 'ID', 'parsed job')
  if (id === '') throw new NomadProtocolError('The parsed job has no ID')
  return { id, type: optStr(raw, 'Type') || 'service', raw }
}

/** GET /v1/job/:id. */
export function parseJobInfo(value: unknown): JobInfo {
  const o = record(value, 'a job')
  return {
    id: str(o, 'ID', 'job'),
    type: optStr(o, 'Type'),
    status: optStr(o, 'Status'),
    version: num(o, 'Version'),
    stable: bool(o, 'Stable'),
    modifyIndex: num(o, 'ModifyIndex'),
    jobModifyIndex: num(o, 'JobModifyIndex'),
    meta: stringValues(o['Meta']),
    images: records(o, 'TaskGroups').flatMap(g =>
      records(g, 'Tasks').flatMap(t => {
        const image = isRecord(t['Config']) ? t['Config']['image'] : undefined
        return typeof image === 'string' ? [image] : []
      })
    )
  }
}

/** A map's string values (structs.Job.Meta is map[string]string; anything else is left out). */
function stringValues(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {}
  return Object.fromEntries(
    Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string')
  )
}

/** POST /v1/job/:id/plan. */
export function parsePlan(value: unknown): PlanResult {
  const o = record(value, 'a plan')
  const diff = parseDiffNode(record(o['Diff'] ?? { Type: 'None' }, 'a job diff'))
  return {
    jobModifyIndex: num(o, 'JobModifyIndex'),
    diffType: diff.type,
    diff,
    failedPlacements: parsePlacementFailures(o['FailedTGAllocs']),
    warnings: optStr(o, 'Warnings')
  }
}

function parseDiffNode(o: Json): DiffNode {
  const children = [...records(o, 'TaskGroups'), ...records(o, 'Tasks')]
  return {
    type: optStr(o, 'Type') || 'None',
    name: optStr(o, 'Name') || optStr(o, 'ID'),
    fields: records(o, 'Fields').map(parseDiffField),
    objects: records(o, 'Objects').map(parseDiffNode),
    children: children.map(parseDiffNode),
    updates: counts(o, 'Updates')
  }
}

function parseDiffField(o: Json): DiffField {
  return {
    type: optStr(o, 'Type'),
    name: optStr(o, 'Name'),
    old: optStr(o, 'Old'),
    new: optStr(o, 'New')
  }
}

/** `FailedTGAllocs` (group → AllocationMetric) → one PlacementFailure per group. */
export function parsePlacementFailures(value: unknown): PlacementFailure[] {
  if (value === null || value === undefined) return []
  const groups = record(value, 'FailedTGAllocs')
  return Object.entries(groups)
    .map(([group, m]) => {
      const o = record(m, `FailedTGAllocs.${group}`)
      return {
        group,
        nodesEvaluated: num(o, 'NodesEvaluated'),
        nodesFiltered: num(o, 'NodesFiltered'),
        nodesExhausted: num(o, 'NodesExhausted'),
        nodesAvailable: counts(o, 'NodesAvailable'),
        classFiltered: counts(o, 'ClassFiltered'),
        constraintFiltered: counts(o, 'ConstraintFiltered'),
        classExhausted: counts(o, 'ClassExhausted'),
        dimensionExhausted: counts(o, 'DimensionExhausted'),
        quotaExhausted: strings(o, 'QuotaExhausted'),
        coalescedFailures: num(o, 'CoalescedFailures')
      }
    })
    .sort((a, b) => a.group.localeCompare(b.group))
}

/** POST /v1/jobs. */
export function parseRegister(value: unknown): RegisterResult {
  const o = record(value, 'a register response')
  return {
    evalId: optStr(o, 'EvalID'),
    jobModifyIndex: num(o, 'JobModifyIndex'),
    warnings: optStr(o, 'Warnings')
  }
}

/** GET /v1/evaluation/:id. */
export function parseEvaluation(value: unknown): Evaluation {
  const o = record(value, 'an evaluation')
  return {
    id: str(o, 'ID', 'evaluation'),
    status: str(o, 'Status', 'evaluation'),
    statusDescription: optStr(o, 'StatusDescription'),
    deploymentId: optStr(o, 'DeploymentID'),
    triggeredBy: optStr(o, 'TriggeredBy'),
    jobModifyIndex: num(o, 'JobModifyIndex'),
    nextEval: optStr(o, 'NextEval'),
    blockedEval: optStr(o, 'BlockedEval'),
    failedPlacements: parsePlacementFailures(o['FailedTGAllocs'])
  }
}

/** POST /v1/deployment/promote/:id and /fail/:id. */
export function parseDeploymentUpdate(value: unknown): DeploymentUpdate {
  const o = record(value, 'a deployment update response')
  return { evalId: optStr(o, 'EvalID'), revertedJobVersion: optNum(o, 'RevertedJobVersion') }
}
