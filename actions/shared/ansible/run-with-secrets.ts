import { redactSecrets } from '../mask-secret.js'
import type { CommandRunner } from '../ports.js'
import { knownHostsFor } from './host-keys.js'
import { type PlaybookOutcome, type PlaybookRun, runPlaybook } from './run-playbook.js'
import { createSecretFiles, type SecretFiles } from './secret-files.js'
import type { SecretText } from './secret-inputs.js'

/** What a run reads from secret files; each is written only when given. */
export interface PlaybookSecrets {
  /** The SSH private key. */
  readonly privateKey?: string | undefined
  /**
   * known_hosts lines given by hand; the host keys in Terraform's `nodes` output (ssh_host_key) are
   * added to them, and host keys are verified against both.
   */
  readonly knownHosts?: string | undefined
  /** Extra vars (YAML or JSON mapping), passed as `--extra-vars @file`. */
  readonly extraVars?: SecretText | undefined
  /** `terraform output -json`, for inventory/terraform.py. */
  readonly terraformOutputs?: SecretText | undefined
}

type FileFields =
  'extraVarsFiles' | 'privateKeyFile' | 'knownHostsFile' | 'controlPathDir' | 'terraformOutputsFile'

export interface SecretPlaybookRun extends Omit<PlaybookRun, FileFields>, PlaybookSecrets {
  /** Where the private folder is made (RUNNER_TEMP); the OS temp folder when absent. */
  readonly secretsParent?: string | undefined
  /** Makes the private folder; createSecretFiles(secretsParent) unless a test passes its own. */
  readonly createSecretFiles?: () => Promise<SecretFiles>
}

/** Every secret value a run was given, to redact from text leaving the log. */
export function secretsOf(run: PlaybookSecrets): string[] {
  return [
    ...(run.privateKey ? [run.privateKey] : []),
    ...(run.extraVars?.secrets ?? []),
    ...(run.terraformOutputs?.secrets ?? [])
  ]
}

const newlineEnded = (text: string): string => (text.endsWith('\n') ? text : `${text}\n`)

/**
 * The one way to run a playbook with secrets: writes them to 0600 files in a private 0700 folder
 * (SSH's ControlPersist sockets in another, so no later run reuses a master connection), runs the
 * playbook, and removes both folders whatever happens. A failure reason never carries a secret.
 */
export async function runPlaybookWithSecrets(
  runner: CommandRunner,
  run: SecretPlaybookRun
): Promise<PlaybookOutcome> {
  const {
    privateKey,
    knownHosts,
    extraVars,
    terraformOutputs,
    secretsParent,
    createSecretFiles: create,
    ...rest
  } = run
  // Before any file is written: a malformed ssh_host_key stops the run (no ssh started), never a
  // skipped line. It carries no secret: host public keys and addresses only.
  let trusted: string | undefined
  try {
    trusted = knownHostsFor(knownHosts, terraformOutputs?.text)
  } catch (error) {
    return { ok: false, exitCode: 2, reason: (error as Error).message }
  }
  const files = await (create ? create() : createSecretFiles(secretsParent))
  try {
    const outcome = await runPlaybook(runner, {
      ...rest,
      controlPathDir: files.controlDir,
      ...(privateKey
        ? { privateKeyFile: await files.write('id_ssh', newlineEnded(privateKey)) }
        : {}),
      ...(trusted ? { knownHostsFile: await files.write('known_hosts', trusted) } : {}),
      extraVarsFiles: extraVars ? [await files.write('extra-vars.yml', extraVars.text)] : [],
      ...(terraformOutputs
        ? {
            terraformOutputsFile: await files.write('terraform-outputs.json', terraformOutputs.text)
          }
        : {})
    })
    return outcome.ok
      ? outcome
      : { ...outcome, reason: redactSecrets(outcome.reason, secretsOf(run)) }
  } finally {
    await files.remove()
  }
}
