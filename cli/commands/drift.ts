import { checkDrift } from '../../actions/shared/drift/check-drift.js'
import { buildProbes } from '../../actions/shared/drift/build-probes.js'
import { connectNomadForDrift } from '../../actions/shared/drift/nomad-drift-api.js'
import { renderTerminalReport } from '../../actions/shared/drift/render-report.js'
import { LAYERS, type LayerName } from '../../actions/shared/drift/report.js'
import { execRunner } from '../../actions/shared/adapters/exec-runner.js'
import { readExtraVars, readTerraformOutputs } from '../../actions/shared/ansible/secret-inputs.js'
import { InputError, describeError } from '../../actions/shared/errors.js'
import { type InputSource, inputsFrom } from '../../actions/shared/inputs.js'
import { readFile, stat } from 'node:fs/promises'
import { nomadConfigFromEnv } from '../../actions/shared/nomad/client/config.js'
import { type CommandRunner, systemClock } from '../../actions/shared/ports.js'
import { EXIT, type Subcommand, ROOT_HELP, repoRoot } from '../program.js'
import * as rules from '../options/rules.js'
import { resolve } from 'node:path'

interface DriftOptions {
  layers: LayerName[]
  root?: string
  terraformDir: string
  ansibleDir: string
  ansiblePlaybook: string
  ansibleInventory?: string
  ansibleUser?: string
  ansibleExtraVars?: string
  terraformOutputs?: string
  concurrency: number
  json?: boolean
}

/** Tools' own output (terraform plan streams) would mix with the report on stdout: keep it captured. */
const quietRunner: CommandRunner = {
  run: (command, args, options = {}) => execRunner.run(command, args, { ...options, stream: false })
}

const EXTRA_VARS = '--ansible-extra-vars'
const OUTPUTS = '--terraform-outputs'

/** An InputSource over a file's text (empty without a file), so files pass the action's own readers. */
async function fileInput(
  cwd: string,
  flag: string,
  path: string | undefined
): Promise<InputSource> {
  if (path === undefined) return inputsFrom({})
  try {
    return inputsFrom({ [flag]: await readFile(resolve(cwd, path), 'utf8') })
  } catch (error) {
    throw new InputError(`${flag} ${rules.shown(path)}: cannot read it: ${describeError(error)}`)
  }
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    s => s.isDirectory(),
    () => false
  )
}

/** --layers: a non-empty list of the layers, each once, in the order given. */
const layersRule = rules.list<LayerName>(rules.oneOf(LAYERS))

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
      .option('--layers <list>', `comma-separated: ${LAYERS.join(', ')}`, layersRule, [...LAYERS])
      .option('--root <dir>', ROOT_HELP, rules.directory(context.cwd))
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
        "YAML file with the roles' secrets (as in CI's ANSIBLE_EXTRA_VARS)",
        rules.inputFile(context.cwd)
      )
      .option(
        '--terraform-outputs <file>',
        '`terraform output -json` saved to a file, for the inventory',
        rules.inputFile(context.cwd)
      )
      .option('--concurrency <n>', 'Nomad jobs compared at once', rules.numberIn(1, 64, true), 8)
      .option('--json', 'print the report as JSON')
      .addHelpText(
        'after',
        '\nNeeds: NOMAD_ADDR (+ NOMAD_TOKEN with list-jobs, read-job and parse-job, NOMAD_CACERT) for nomad; Terraform with its backend credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY for the state, DIGITALOCEAN_TOKEN) for terraform; SSH access, --ansible-extra-vars and --terraform-outputs for ansible.\nExit codes: 0 in sync (pending-apply included: changes not applied yet are not drift), 1 drift found or a layer could not be checked, 2 usage error.'
      )
      .action(async (options: DriftOptions) => {
        const parsed = { layers: [...new Set(options.layers)] }
        const concurrency = options.concurrency
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
          const root = await repoRoot(context, options.root, false)
          // A layer asked for whose folder is not there is a wrong --root or --*-dir (exit 2),
          // not a layer that "could not be checked".
          for (const [layer, folder, flag] of [
            ['terraform', options.terraformDir, '--terraform-dir'],
            ['ansible', options.ansibleDir, '--ansible-dir']
          ] as const) {
            if (parsed.layers.includes(layer) && !(await isDirectory(resolve(root, folder))))
              throw new InputError(
                `${flag} ${rules.shown(folder)}: ${rules.shown(resolve(root, folder))} is not a folder: expected the ${layer} folder under --root (the repository: ${rules.shown(root)}).`
              )
          }
          const probes = buildProbes({
            root,
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
                await fileInput(context.cwd, EXTRA_VARS, options.ansibleExtraVars),
                EXTRA_VARS
              ),
              terraformOutputs: readTerraformOutputs(
                await fileInput(context.cwd, OUTPUTS, options.terraformOutputs),
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
