import { buildProbes } from '../../shared/drift/build-probes.js'
import type { LayerProbes } from '../../shared/drift/check-drift.js'
import { connectNomadForDrift } from '../../shared/drift/nomad-drift-api.js'
import { nomadConfigFromEnv, withOverrides } from '../../shared/nomad/client/config.js'
import type { RetryPolicy } from '../../shared/nomad/client/retry.js'
import type { Clock, CommandRunner } from '../../shared/ports.js'
import { tmpdir } from 'node:os'
import { caFile, tlsFiles } from '../../shared/nomad/client/ca-file.js'
import type { DriftCheckInputs } from './inputs.js'

export { caFile }

/** The layer checks for one run, and what to close afterwards. */
export interface ProbeSet {
  readonly probes: LayerProbes
  close(): void
}

export interface ProbeEnvironment {
  readonly env: Readonly<Record<string, string | undefined>>
  readonly clock: Clock
  readonly runner: CommandRunner
  /** Nomad retries (the client's default when undefined). */
  readonly retry?: RetryPolicy
}

/** Builds the real probes from the inputs; Nomad settings missing from the inputs come from NOMAD_*. */
export function probesFor(inputs: DriftCheckInputs, where: ProbeEnvironment): ProbeSet {
  const wanted = inputs.layers.includes('nomad')
  const ca = wanted
    ? tlsFiles(
        {
          caCert: inputs.nomadCaCert,
          clientCert: inputs.nomadClientCert,
          clientKey: inputs.nomadClientKey
        },
        where.env['RUNNER_TEMP'] || tmpdir()
      )
    : { remove: () => {} }
  let nomad: ReturnType<typeof connectNomadForDrift> | undefined
  try {
    nomad = wanted
      ? connectNomadForDrift(
          withOverrides(nomadConfigFromEnv(where.env), {
            address: inputs.nomadAddr,
            token: inputs.nomadToken,
            caCert: ca.caCert,
            clientCert: ca.clientCert,
            clientKey: ca.clientKey,
            serverName: inputs.nomadTlsServerName
          }),
          where.clock,
          where.retry
        )
      : undefined
  } catch (error) {
    ca.remove()
    throw error
  }
  const probes = buildProbes({
    root: inputs.root,
    runner: where.runner,
    terraform: { dir: inputs.terraformDir },
    nomad: nomad
      ? { api: nomad.api, concurrency: inputs.nomadConcurrency }
      : { missing: 'not requested' },
    ansible: {
      dir: inputs.ansibleDir,
      playbook: inputs.ansiblePlaybook,
      inventory: inputs.ansibleInventory,
      privateKey: inputs.ansibleSshPrivateKey,
      knownHosts: inputs.ansibleKnownHosts,
      user: inputs.ansibleSshUser,
      extraVars: inputs.ansibleExtraVars,
      terraformOutputs: inputs.terraformOutputs,
      secretsParent: where.env['RUNNER_TEMP'] || undefined
    }
  })
  return {
    probes,
    close: () => {
      nomad?.close()
      ca.remove()
    }
  }
}
