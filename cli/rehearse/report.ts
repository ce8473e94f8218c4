import { renderResult } from '../../actions/shared/chatops/reply.js'
import { runUrl as githubRunUrl } from '../../actions/shared/github/ports.js'
import { isSuccess } from '../../actions/shared/nomad/deploy/types.js'
import type { Terminal } from '../terminal.js'
import type { Deployed, RehearseOptions } from './pipeline.js'

/** The end of a rehearsal: the PR reply GitHub would show, one verdict line, and the exit code. */
export function report(
  results: readonly Deployed[],
  o: RehearseOptions,
  terminal: Terminal
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
  // The report is the command's answer: on stdout (the progress above is on stderr), so
  // `rehearse > log` keeps it.
  const failed = results.filter(r => !isSuccess(r.result))
  const first = failed[0]
  if (first === undefined) {
    terminal.out(
      `Rehearsal passed: ${results.length} service(s) deployed with health-gated promotion.`
    )
    return 0
  }
  terminal.out('')
  for (const line of first.closing) terminal.out(line)
  return 1
}
