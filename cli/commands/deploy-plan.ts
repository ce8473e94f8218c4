import { execRunner } from '../../actions/shared/adapters/exec-runner.js'
import { loadCatalog } from '../../actions/shared/catalog/load-catalog.js'
import { planDeploy } from '../../actions/shared/changes/deploy-plan.js'
import { readDeployHistory } from '../../actions/shared/changes/read-history.js'
import type { CommandRunner } from '../../actions/shared/ports.js'
import type { Subcommand } from '../program.js'

interface DeployPlanOptions {
  readonly head: string
  readonly lastSuccess?: string
  readonly before?: string
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
        .option('--json', 'print one JSON line for the workflow')
        .option('--root <dir>', 'repository root', context.cwd)
        .action(async (options: DeployPlanOptions) => {
          const catalog = await loadCatalog(options.root)
          const history = await readDeployHistory(runner, {
            root: options.root,
            head: options.head,
            ...(options.lastSuccess === undefined ? {} : { lastSuccess: options.lastSuccess }),
            ...(options.before === undefined ? {} : { before: options.before })
          })
          const plan = planDeploy(history, catalog)
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

export const deployPlanCommand: Subcommand = createDeployPlanCommand(execRunner)
