import { checkDrift } from '../../actions/shared/drift/check-drift.js'
import { buildProbes } from '../../actions/shared/drift/build-probes.js'
import { connectNomadForDrift } from '../../actions/shared/drift/nomad-drift-api.js'
import { renderTerminalReport } from '../../actions/shared/drift/render-report.js'
import { LAYERS, parseLayers } from '../../actions/shared/drift/report.js'
import { execRunner } from '../../actions/shared/adapters/exec-runner.js'
import { readExtraVars, readTerraformOutputs } from '../../actions/shared/ansible/secret-inputs.js'
import { InputError, describeError } from '../../actions/shared/errors.js'
import { type InputSource, inputsFrom } from '../../actions/shared/inputs.js'
import { readFile } from 'node:fs/promises'
import { nomadConfigFromEnv } from '../../actions/shared/nomad/client/config.js'
import { type CommandRunner, systemClock } from '../../actions/shared/ports.js'
import { EXIT, type Subcommand, ROOT_HELP, repoRoot } from '../program.js'

interface DriftOptions {
  layers: string
  root?: string
  terraformDir: string
  ansibleDir: string
  ansiblePlaybook: string
  ansibleInventory?: string
  ansibleUser?: string
  ansibleExtraVars?: string
  terraformOutputs?: string
  concurrency: string
  json?: boolean
}

/** Tools' own output (terraform plan streams) would mix with the report on stdout: keep it captured. */
const quietRunner: CommandRunner = {
  run: (command, args, options = {}) => execRunner.run(command, args, { ...options, stream: false })
}

const EXTRA_VARS = '--ansible-extra-vars'
const OUTPUTS = '--terraform-outputs'

/** An InputSource over a file's text (empty without a file), so files pass the action's own readers. */
async function fileInput(flag: string, path: string | undefined): Promise<InputSource> {
  if (path === undefined) return inputsFrom({})
  try {
    return inputsFrom({ [flag]: await readFile(path, 'utf8') })
  } catch (error) {
    throw new InputError(`Cannot read ${path}: ${describeError(error)}`)
  }
}

/** A short retry on a laptop: an unreachable cluster should say so within seconds. */
const CLI_RETRY = { attempts: 3, baseDelayMs: 200, maxDelayMs: 1_000, random: Math.random }

/**
 * `elm-infra drift`: the drift-check report in the terminal; no issue is written. Nomad comes from
 * NOMAD_ADDR/NOMAD_TOKEN; a layer that cannot be checked shows as unknown with the reason.
 */
export const driftCommand: Subcommand = {
  register(program, context) {
    program
      .command('drift')
      .description(
        'Show where the running system differs from the repo (Terraform, Nomad, Ansible)'
      )
      .option('--layers <list>', `comma-separated: ${LAYERS.join(', ')}`, LAYERS.join(','))
      .option('--root <dir>', ROOT_HELP)
      .option('--terraform-dir <dir>', 'Terraform root module, relative to --root', 'terraform')
      .option('--ansible-dir <dir>', 'directory with ansible.cfg, relative to --root', 'ansible')
      .option(
        '--ansible-playbook <file>',
        'playbook, relative to --ansible-dir',
        'playbooks/main.yaml'
      )
      .option(
        '--ansible-inventory <path>',
        "inventory, relative to --root (default: ansible.cfg's)"
      )
      .option('--ansible-user <user>', "the SSH user (default: the inventory's)")
      .option(
        '--ansible-extra-vars <file>',
        "YAML file with the roles' secrets (as in CI's ANSIBLE_EXTRA_VARS)"
      )
      .option(
        '--terraform-outputs <file>',
        '`terraform output -json` saved to a file, for the inventory'
      )
      .option('--concurrency <n>', 'Nomad jobs compared at once', '8')
      .option('--json', 'print the report as JSON')
      .addHelpText(
        'after',
        '\nNeeds: NOMAD_ADDR (+ NOMAD_TOKEN with list-jobs, read-job and parse-job, NOMAD_CACERT) for nomad; Terraform with its backend credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY for the state, DIGITALOCEAN_TOKEN) for terraform; SSH access, --ansible-extra-vars and --terraform-outputs for ansible.\nExit codes: 0 in sync (pending-apply included: changes not applied yet are not drift), 1 drift found or a layer could not be checked, 2 usage error.'
      )
      .action(async (options: DriftOptions) => {
        const parsed = parseLayers(options.layers.split(/[\s,]+/).filter(w => w !== ''))
        if (!parsed.ok)
          throw new InputError(`--layers has '${parsed.bad}': expected ${LAYERS.join(', ')}.`)
        const concurrency = Number(options.concurrency)
        if (!Number.isInteger(concurrency) || concurrency < 1) {
          throw new InputError(
            `--concurrency is '${options.concurrency}': expected a whole number of 1 or more.`
          )
        }
        if (parsed.layers.includes('nomad') && (context.env['NOMAD_ADDR']?.trim() ?? '') === '') {
          throw new InputError(
            'NOMAD_ADDR is not set: the nomad layer reads the running jobs from the cluster. Set NOMAD_ADDR (and NOMAD_TOKEN with read-job, NOMAD_CACERT for HTTPS), or leave nomad out with --layers ' +
              LAYERS.filter(l => l !== 'nomad').join(',') +
              '.'
          )
        }
        const nomad = parsed.layers.includes('nomad')
          ? connectNomadForDrift(nomadConfigFromEnv(context.env), systemClock, CLI_RETRY)
          : undefined
        try {
          const probes = buildProbes({
            root: await repoRoot(context, options.root, false),
            runner: quietRunner,
            terraform: { dir: options.terraformDir },
            nomad: nomad ? { api: nomad.api, concurrency } : { missing: 'not requested' },
            ansible: {
              dir: options.ansibleDir,
              playbook: options.ansiblePlaybook,
              inventory: options.ansibleInventory,
              user: options.ansibleUser,
              // Files are read here and checked by the same readers as the action's inputs.
              extraVars: await readExtraVars(
                await fileInput(EXTRA_VARS, options.ansibleExtraVars),
                EXTRA_VARS
              ),
              terraformOutputs: readTerraformOutputs(
                await fileInput(OUTPUTS, options.terraformOutputs),
                OUTPUTS
              )
            }
          })
          context.terminal.err(`Checking ${parsed.layers.join(', ')}…`)
          const report = await checkDrift(parsed.layers, probes)
          context.terminal.out(
            options.json ? JSON.stringify(report, null, 2) : renderTerminalReport(report)
          )
          context.exitCode = report.verdict === 'false' ? EXIT.ok : EXIT.failure
        } finally {
          nomad?.close()
        }
      })
  }
}
