import { UserError } from '../../errors.js'
import { NomadApiError } from './errors.js'
import type { LandedUnanswered } from './types.js'
import { parseRegister } from './parse-job.js'
import { type RetryContext, withRetry } from './retry.js'
import type { JobInfo, ParsedJob, RegisterResult } from '../types.js'

/** A concurrent change of the job between our plan and our register (EnforceIndex refused). */
export class JobChangedError extends UserError {
  override name = 'JobChangedError'
}

const ENFORCE_PREFIX = 'Enforcing job modify index'

/**
 * POST /v1/jobs with EnforceIndex and the plan's JobModifyIndex. A transient fault is ambiguous
 * (the write may have landed), so before any retry the job is read back: if its JobModifyIndex has
 * moved on from the plan's, the register landed and is not sent again. A retry never registers the
 * job twice, and EnforceIndex makes a stray duplicate fail instead of creating a second version.
 */
export async function registerOnce(
  job: ParsedJob,
  jobModifyIndex: number,
  io: {
    readonly context: RetryContext
    readonly post: () => Promise<unknown>
    readonly readJob: () => Promise<JobInfo | undefined>
  }
): Promise<RegisterResult | LandedUnanswered> {
  try {
    return await withRetry(
      'register job',
      io.context,
      async () => parseRegister(await io.post()),
      async () => {
        const current = await io.readJob()
        if (current === undefined || current.jobModifyIndex === jobModifyIndex) return undefined
        const landed: LandedUnanswered = {
          evalId: '',
          jobModifyIndex: current.jobModifyIndex,
          warnings: '',
          landedWithoutAnswer: true,
          version: current.version
        }
        return { settled: landed }
      }
    )
  } catch (error) {
    if (error instanceof NomadApiError && error.body.includes(ENFORCE_PREFIX)) {
      throw new JobChangedError(
        `Job '${job.id}' was changed by someone else since the plan; plan again and retry. (Nomad: ${error.body.trim()})`
      )
    }
    throw error
  }
}
