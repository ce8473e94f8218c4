import { actionsIo, actionsLogger, actionsMasker } from '../../shared/adapters/actions-core.js'
import { execRunner } from '../../shared/adapters/exec-runner.js'
import { createGitHub } from '../../shared/github/create-github.js'
import { runUrl } from '../../shared/github/ports.js'
import { systemClock } from '../../shared/ports.js'
import type { DriftCheckDeps } from './main.js'
import { probesFor } from './probes.js'

/** The real world: @actions/core, GitHub over Octokit, Nomad over HTTP, terraform and ansible processes. */
export function realDeps(): DriftCheckDeps {
  return {
    ...actionsIo,
    clock: systemClock,
    runUrl: runUrl(process.env),
    issues: (token, trustedBot) =>
      createGitHub({ token, trustedBot, log: actionsLogger, masker: actionsMasker }).issues,
    probes: inputs =>
      probesFor(inputs, { env: process.env, clock: systemClock, runner: execRunner })
  }
}
