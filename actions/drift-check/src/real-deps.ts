import { actionsIo, actionsLogger, actionsMasker } from '../../shared/adapters/actions-core.js'
import { execRunner } from '../../shared/adapters/exec-runner.js'
import { runUrl } from '../../shared/github/ports.js'
import { systemClock } from '../../shared/ports.js'
import type { DriftCheckDeps } from './main.js'

/**
 * The real world: @actions/core, GitHub over Octokit, Nomad over HTTP, terraform and ansible
 * processes. Octokit and the layer probes are imported when first used, so ncc puts them in chunks
 * of their own and a run that fails on its inputs never loads them (#12, `npm run bench`).
 */
export function realDeps(): DriftCheckDeps {
  return {
    ...actionsIo,
    clock: systemClock,
    runUrl: runUrl(process.env),
    issues: async (token, trustedBot) => {
      const { createGitHub } = await import('../../shared/github/create-github.js')
      return createGitHub({ token, trustedBot, log: actionsLogger, masker: actionsMasker }).issues
    },
    probes: async inputs => {
      const { probesFor } = await import('./probes.js')
      return probesFor(inputs, { env: process.env, clock: systemClock, runner: execRunner })
    }
  }
}
