import type { CommandResult, CommandRunner } from '../ports.js'

/** What the action asks of Terraform, each step returning the raw result (never throwing). */
export interface TerraformCli {
  fmtCheck(): Promise<CommandResult>
  /** `init` with -backend-config files (paths relative to the working directory) and KEY=VALUEs. */
  init(
    backendConfig: Readonly<Record<string, string>>,
    backendFiles?: readonly string[]
  ): Promise<CommandResult>
  validate(): Promise<CommandResult>
  /**
   * `plan -out=<file> -detailed-exitcode`: exit 0 no changes, 2 changes, 1 error. `lock: false`
   * (the daily drift check, which never applies) plans without taking the state lock.
   */
  plan(planFile: string, options?: { readonly lock?: boolean }): Promise<CommandResult>
  showJson(planFile: string): Promise<CommandResult>
  showHuman(planFile: string): Promise<CommandResult>
  apply(planFile: string): Promise<CommandResult>
  /** `output -json`: every root output, sensitive values in clear (never log its stdout). */
  outputJson(): Promise<CommandResult>
}

export interface TerraformCliOptions {
  /** The terraform binary (a path from the tool cache, or `terraform` on PATH). */
  readonly binary: string
  readonly workingDirectory: string
  /** Extra environment, e.g. DIGITALOCEAN_TOKEN or the Spaces keys as AWS_* variables. */
  readonly env?: Readonly<Record<string, string>>
}

/** Terraform over a CommandRunner: non-interactive, uncoloured, no update checks. */
export function createTerraformCli(
  runner: CommandRunner,
  options: TerraformCliOptions
): TerraformCli {
  const env = { TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1', ...options.env }
  const run = (args: string[], stream = false): Promise<CommandResult> =>
    runner.run(options.binary, args, { cwd: options.workingDirectory, env, stream })
  return {
    fmtCheck: () => run(['fmt', '-check', '-recursive', '-list=true', '-no-color']),
    init: (backendConfig, backendFiles = []) =>
      run([
        'init',
        '-input=false',
        '-no-color',
        // The committed .terraform.lock.hcl decides the provider versions and their hashes: a
        // provider release between the PR's plan and the merge's apply changes nothing. Readonly
        // fails only when the set of providers differs from the lock, and merely warns when it
        // learns a platform's h1: hash (hashicorp/terraform v1.11.4 internal/command/init.go,
        // getProviders: newLocks.EqualProviderAddress(previousLocks)); the zh: hashes of every
        // platform's zip are in the lock, so the download is still checked.
        '-lockfile=readonly',
        ...backendFiles.map(file => `-backend-config=${file}`),
        ...Object.entries(backendConfig).map(([k, v]) => `-backend-config=${k}=${v}`)
      ]),
    validate: () => run(['validate', '-json', '-no-color']),
    plan: (planFile, planOptions) =>
      run(
        [
          'plan',
          '-input=false',
          '-no-color',
          '-detailed-exitcode',
          ...(planOptions?.lock === false ? ['-lock=false'] : ['-lock-timeout=5m']),
          `-out=${planFile}`
        ],
        true
      ),
    showJson: planFile => run(['show', '-json', '-no-color', planFile]),
    showHuman: planFile => run(['show', '-no-color', planFile]),
    apply: planFile => run(['apply', '-input=false', '-no-color', '-auto-approve', planFile], true),
    outputJson: () => run(['output', '-json', '-no-color'])
  }
}
