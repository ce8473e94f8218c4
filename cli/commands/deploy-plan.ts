import { execRunner } from '../../actions/shared/adapters/exec-runner.js'
import { loadCatalog } from '../../actions/shared/catalog/load-catalog.js'
import { readFile } from 'node:fs/promises'
import { planDeployByLayer } from '../../actions/shared/changes/deploy-plan.js'
import { parseRecordedRuns } from '../../actions/shared/changes/layer-runs.js'
import { InputError } from '../../actions/shared/errors.js'
import { readDeployHistory } from '../../actions/shared/changes/read-history.js'
import type { CommandRunner } from '../../actions/shared/ports.js'
import type { Subcommand } from '../program.js'

interface DeployPlanOptions {
  readonly head: string
  readonly lastSuccess?: string
  readonly before?: string
  readonly runs?: string
  readonly runId?: string
  readonly json?: boolean
  readonly root: string
}

/**
 * `elm-infra deploy-plan --head <sha> [--last-success <sha>] [--before <sha>] [--json]`: what a
 * push to main deploys, layer by layer (actions/shared/changes/deploy-plan.ts). --json prints one
 * line: {"base","terraform":"apply|pending|bootstrap|none","ansible","services","jobs","notes"}.
 */
export function createDeployPlanCommand(runner: CommandRunner): Subcommand {
  return {
    register(program, context) {
      program
        .command('deploy-plan')
        .description(
          'What a push to main deploys: per layer, since the last successful deploy (never wedges)'
        )
        .requiredOption('--head <sha>', 'the commit being deployed')
        .option('--last-success <sha>', 'head commit of the last successful deploy (empty: none)')
        .option('--before <sha>', "the push's previous tip (github.event.before)")
        .option(
          '--runs <file>',
          "deploy.yml's past runs with their jobs (JSON, newest first): each layer from its own last success"
        )
        .option('--run-id <id>', 'this run (GITHUB_RUN_ID), left out of --runs')
        .option('--json', 'print one JSON line for the workflow')
        .option('--root <dir>', 'repository root', context.cwd)
        .action(async (options: DeployPlanOptions) => {
          const catalog = await loadCatalog(options.root)
          const runs = await readRuns(options)
          const history = await readDeployHistory(runner, {
            root: options.root,
            head: options.head,
            ...(runs === undefined ? {} : { runs }),
            jobs: catalog.jobs.map(j =>
              j.jobFile.slice('nomad/'.length).replace(/\.nomad\.hcl$/, '')
            ),
            ...(options.lastSuccess === undefined ? {} : { lastSuccess: options.lastSuccess }),
            ...(options.before === undefined ? {} : { before: options.before })
          })
          const plan = planDeployByLayer(history, catalog)
          if (options.json) {
            context.terminal.out(JSON.stringify({ ...plan, base: plan.base ?? '' }))
          } else {
            const list = (xs: readonly string[]): string => (xs.length ? xs.join(', ') : 'none')
            context.terminal.out(
              [
                ...plan.notes,
                `ansible:  ${plan.ansible ? 'changed' : 'unchanged'}`,
                `services: ${list(plan.services)}`,
                `jobs:     ${list(plan.jobs)}`
              ].join('\n')
            )
          }
          context.exitCode = 0
        })
    }
  }
}

async function readRuns(
  options: DeployPlanOptions
): Promise<{ recorded: ReturnType<typeof parseRecordedRuns>; currentRun: number } | undefined> {
  if (options.runs === undefined) return undefined
  const currentRun = Number(options.runId ?? '0')
  if (!Number.isSafeInteger(currentRun) || currentRun < 0) {
    throw new InputError(`--run-id is '${options.runId}': expected a run id (a whole number).`)
  }
  let text: string
  try {
    text = await readFile(options.runs, 'utf8')
  } catch (error) {
    throw new InputError(
      `--runs ${options.runs} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}).`
    )
  }
  return { recorded: parseRecordedRuns(text, options.runs), currentRun }
}

export const deployPlanCommand: Subcommand = createDeployPlanCommand(execRunner)
