import { renderResult } from '../../actions/shared/chatops/reply.js'
import { runUrl as githubRunUrl } from '../../actions/shared/github/ports.js'
import { isSuccess } from '../../actions/shared/nomad/deploy/types.js'
import type { Logger } from '../../actions/shared/ports.js'
import type { Service } from '../../actions/shared/catalog/catalog.js'
import { failureParagraph } from '../../actions/shared/nomad/deploy/failure-paragraph.js'
import type { Terminal } from '../terminal.js'
import type { Deployed, RehearseOptions } from './pipeline.js'

/** The end of a rehearsal: the PR reply GitHub would show, one verdict line, and the exit code. */
export function report(
  results: readonly Deployed[],
  o: RehearseOptions,
  terminal: Terminal,
  logger: Logger,
  services: readonly Service[] = results.map(r => r.service)
): number {
  const runUrl = githubRunUrl(o.env)
  const last = results.at(-1)
  if (last && o.github === true) {
    terminal.out('\n----- PR comment (the /deploy reply for the last deploy) -----')
    terminal.out(
      renderResult(
        { service: last.service.name, version: o.version, environment: 'production' },
        {
          succeeded: isSuccess(last.result),
          status: last.result.status,
          promoted: last.result.promoted,
          revertedTo:
            last.result.revertedTo === undefined ? undefined : String(last.result.revertedTo),
          ...(last.result.revertedAppVersion
            ? { revertedAppVersion: last.result.revertedAppVersion }
            : {}),
          jobVersion:
            last.result.jobVersion === undefined ? undefined : String(last.result.jobVersion),
          deploymentId: last.result.deploymentId,
          reason: last.result.reason,
          durationMs: last.durationMs,
          runUrl
        }
      )
    )
    terminal.out('----- end of PR comment -----\n')
  }
  const failed = results.filter(r => !isSuccess(r.result))
  if (failed.length === 0) {
    logger.info(
      `Rehearsal passed: ${results.length} service(s) deployed with health-gated promotion.`
    )
    return 0
  }
  const first = failed[0]
  if (first) {
    const attempted = new Set(results.map(r => r.service.name))
    terminal.err('')
    for (const line of failureParagraph({
      service: first.service.name,
      version: o.version,
      result: first.result,
      // The rehearsal knows what ran before: the version it seeded (a real cluster: unknown here).
      revertedAppVersion: o.target === undefined ? o.runningVersion : undefined,
      notAttempted: services.map(s => s.name).filter(n => !attempted.has(n))
    }))
      terminal.err(line)
  }
  return 1
}
