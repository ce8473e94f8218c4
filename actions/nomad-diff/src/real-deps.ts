import { tmpdir } from 'node:os'
import { actionsIo, actionsLogger, actionsMasker } from '../../shared/adapters/actions-core.js'
import { execRunner } from '../../shared/adapters/exec-runner.js'
import { listChangedFiles } from '../../shared/changes/git-diff.js'
import { connectNomadForDrift } from '../../shared/drift/nomad-drift-api.js'
import { runUrl } from '../../shared/github/ports.js'
import { nomadConfigFromEnv, withOverrides } from '../../shared/nomad/client/config.js'
import { systemClock } from '../../shared/ports.js'
import { tlsFiles } from '../../shared/nomad/client/ca-file.js'
import type { NomadDiffDeps } from './main.js'

/** The real world: @actions/core, git, Nomad over HTTP(S), GitHub over Octokit. */
export function realDeps(): NomadDiffDeps {
  return {
    ...actionsIo,
    runUrl: runUrl(process.env),
    changedFiles: (root, base, head) => listChangedFiles(execRunner, root, base, head),
    nomad: inputs => {
      const ca = tlsFiles(
        {
          caCert: inputs.nomadCaCert,
          clientCert: inputs.nomadClientCert,
          clientKey: inputs.nomadClientKey
        },
        process.env['RUNNER_TEMP'] || tmpdir()
      )
      const connection = connectNomadForDrift(
        withOverrides(nomadConfigFromEnv(process.env), {
          address: inputs.nomadAddr,
          token: inputs.nomadToken,
          caCert: ca.caCert,
          clientCert: ca.clientCert,
          clientKey: ca.clientKey,
          serverName: inputs.nomadTlsServerName
        }),
        systemClock
      )
      return {
        api: connection.api,
        close: () => {
          connection.close()
          ca.remove()
        }
      }
    },
    // Octokit loads on the first GitHub call, not at start (#12: start-up ≤ 1.3× the floor).
    stickyComments: async token =>
      (await import('../../shared/github/create-github.js')).createGitHub({
        token,
        log: actionsLogger,
        masker: actionsMasker
      }).stickyComments
  }
}
