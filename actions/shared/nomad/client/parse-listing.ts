import { NomadProtocolError } from './errors.js'
import { isRecord, num, optStr, record, records } from './parse-fields.js'
import { parseJobInfo } from './parse-job.js'
import type { JobInfo, JobListEntry, StoredSubmission } from '../types.js'

/** Boundary parsers for the job list, the job's versions and its stored submission. */

/** `GET /v1/jobs`: a list of JobListStub. */
export function parseJobList(value: unknown): JobListEntry[] {
  if (!Array.isArray(value)) throw new NomadProtocolError('GET /v1/jobs did not answer with a list')
  return value.filter(isRecord).map(o => {
    const parentId = optStr(o, 'ParentID')
    return { id: optStr(o, 'ID'), status: optStr(o, 'Status'), ...(parentId ? { parentId } : {}) }
  })
}

/** `GET /v1/job/:id/versions`: `{Versions: [Job…]}`, newest first. */
export function parseJobVersions(value: unknown): JobInfo[] {
  return records(record(value, 'a job versions response'), 'Versions').map(parseJobInfo)
}

/** `GET /v1/job/:id/submission?version=`: a structs.JobSubmission. */
export function parseSubmission(value: unknown): StoredSubmission {
  const o = record(value, 'a job submission')
  const flags = isRecord(o['VariableFlags']) ? o['VariableFlags'] : {}
  return {
    source: optStr(o, 'Source'),
    format: optStr(o, 'Format'),
    variableFlags: Object.fromEntries(
      Object.entries(flags).filter((e): e is [string, string] => typeof e[1] === 'string')
    ),
    variables: optStr(o, 'Variables'),
    version: num(o, 'Version'),
    jobModifyIndex: num(o, 'JobModifyIndex')
  }
}
