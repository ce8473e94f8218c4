import { readFile } from 'node:fs/promises'
import { isAbsolute, join } from 'node:path'
import type { SecretText } from '../ansible/secret-inputs.js'
import { loadCatalog } from '../catalog/load-catalog.js'
import type { CommandRunner } from '../ports.js'
import { probeAnsible } from './ansible-probe.js'
import type { LayerProbes } from './check-drift.js'
import { type NomadDriftApi, checkNomadJobs } from './check-nomad-jobs.js'
import { lastCommitTouching } from './introduced-by.js'
import { probeTerraform } from './terraform-probe.js'

/** Where each layer lives and how to reach it; shared by the action and `elm-infra drift`. */
export interface DriftSettings {
  /** Repository root (terraform/, nomad/, ansible/). */
  readonly root: string
  readonly runner: CommandRunner
  readonly terraform: {
    readonly dir: string
    readonly backendConfigFile?: string
    readonly env?: Readonly<Record<string, string>>
  }
  /** The cluster, or why there is none to check (then the layer is unknown with that reason). */
  readonly nomad:
    { readonly api: NomadDriftApi; readonly concurrency: number } | { readonly missing: string }
  readonly ansible: {
    readonly dir: string
    readonly playbook: string
    readonly inventory?: string | undefined
    readonly privateKey?: string | undefined
    readonly knownHosts?: string | undefined
    /** The SSH user; the inventory's (or ansible.cfg's) when absent. */
    readonly user?: string | undefined
    /** Extra vars (the roles' secrets), written to a 0600 file for the run. */
    readonly extraVars?: SecretText | undefined
    /** `terraform output -json`, for inventory/terraform.py. */
    readonly terraformOutputs?: SecretText | undefined
    /** Where the secret files' private folder is made (RUNNER_TEMP); the OS temp folder when absent. */
    readonly secretsParent?: string | undefined
    readonly env?: Readonly<Record<string, string>>
  }
}

const under = (root: string, path: string): string => (isAbsolute(path) ? path : join(root, path))

/** One probe per layer over the real tools and the given Nomad API. */
export function buildProbes(settings: DriftSettings): LayerProbes {
  const { root, runner, nomad } = settings
  return {
    terraform: () =>
      probeTerraform({
        runner,
        workingDir: under(root, settings.terraform.dir),
        introducedBy: () => lastCommitTouching(runner, under(root, settings.terraform.dir)),
        backendConfigFile: settings.terraform.backendConfigFile ?? 'state.s3.tfbackend',
        env: settings.terraform.env ?? {}
      }),
    nomad:
      'missing' in nomad
        ? nomad
        : async () => {
            const catalog = await loadCatalog(root)
            return checkNomadJobs({
              api: nomad.api,
              jobs: catalog.jobs,
              readJobFile: file => readFile(join(root, file), 'utf8'),
              concurrency: nomad.concurrency
            })
          },
    ansible: () =>
      probeAnsible({
        runner,
        directory: under(root, settings.ansible.dir),
        playbook: settings.ansible.playbook,
        inventory: settings.ansible.inventory ? under(root, settings.ansible.inventory) : undefined,
        privateKey: settings.ansible.privateKey,
        knownHosts: settings.ansible.knownHosts,
        user: settings.ansible.user,
        extraVars: settings.ansible.extraVars,
        terraformOutputs: settings.ansible.terraformOutputs,
        secretsParent: settings.ansible.secretsParent,
        ...(settings.ansible.env ? { env: settings.ansible.env } : {})
      })
  }
}
