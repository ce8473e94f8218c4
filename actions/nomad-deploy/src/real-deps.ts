import { tmpdir } from 'node:os'
import { actionsIo, actionsLogger, actionsMasker } from '../../shared/adapters/actions-core.js'
import { execRunner } from '../../shared/adapters/exec-runner.js'
import { createHttpTransport } from '../../shared/nomad/client/http.js'
import { createNomadClient } from '../../shared/nomad/client/client.js'
import { systemClock } from '../../shared/ports.js'
import type { NomadDeployDeps } from './main.js'

/** The real adapters; SIGINT/SIGTERM (a cancelled run) abort the deploy, which fails the deployment. */
export function realDeps(): NomadDeployDeps {
  const controller = new AbortController()
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      actionsLogger.warning(`Received ${signal}: cancelling the deploy.`)
      controller.abort(new Error(`received ${signal}`))
    })
  }
  return {
    ...actionsIo,
    clock: systemClock,
    env: process.env,
    root: process.env['GITHUB_WORKSPACE'] ?? process.cwd(),
    tempDir: process.env['RUNNER_TEMP'] ?? tmpdir(),
    signal: controller.signal,
    runner: execRunner,
    createClient: config =>
      createNomadClient({
        transport: createHttpTransport(config),
        clock: systemClock,
        onRetry: (what, attempt, error) =>
          actionsLogger.info(
            `Retrying ${what} (attempt ${attempt + 1}) after: ${error instanceof Error ? error.message : String(error)}`
          )
      }),
    // Octokit loads on the first GitHub call, not at start (#12: start-up ≤ 1.3× the floor).
    createDeployments: token => {
      const deployments = import('../../shared/github/create-github.js').then(
        ({ createGitHub }) =>
          createGitHub({ token, log: actionsLogger, masker: actionsMasker }).deployments
      )
      return {
        create: async input => (await deployments).create(input),
        setStatus: async (id, input) => (await deployments).setStatus(id, input)
      }
    }
  }
}
