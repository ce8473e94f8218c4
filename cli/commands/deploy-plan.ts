import { execRunner } from '../../actions/shared/adapters/exec-runner.js'
import { loadCatalog } from '../../actions/shared/catalog/load-catalog.js'
import { readFile } from 'node:fs/promises'
import { planDeployByLayer } from '../../actions/shared/changes/deploy-plan.js'
import { parseRecordedRuns } from '../../actions/shared/changes/layer-runs.js'
import { readDeployHistory } from '../../actions/shared/changes/read-history.js'
import { InputError } from '../../actions/shared/errors.js'
import type { CommandRunner } from '../../actions/shared/ports.js'
import * as rules from '../options/rules.js'
import { shown } from '../options/rules.js'
import { type Subcommand, ROOT_HELP, repoRoot } from '../program.js'

interface DeployPlanOptions {
  readonly head: string
  readonly lastSuccess?: string
  readonly before?: string
  readonly runs?: string
  readonly runId?: string
  readonly json?: boolean
  readonly root?: string
}

/**
 * The commit `ref` names in `root` (`git rev-parse --verify --quiet <ref>^{commit}`, git-rev-parse(1):
 * exit 0 and the full SHA for a commit, non-zero otherwise). A --head that names no commit is a
 * usage error: read as "a force push", it would deploy everything with exit 0.
 */
export async function resolveCommit(
  runner: CommandRunner,
  root: string,
  name: string,
  ref: string
): Promise<string> {
  const result = await runner.run(
    'git',
    ['-C', root, 'rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`],
    { stream: false }
  )
  const sha = result.stdout.trim()
  if (result.exitCode !== 0 || !/^[0-9a-f]{40,64}$/.test(sha))
    throw new InputError(
      `${name} ${shown(ref)} names no commit in ${root}: expected a commit of this clone (a SHA, a branch, HEAD~1; git fetch first if it is new).`
    )
  return sha
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
        .requiredOption('--head <sha>', 'the commit being deployed', rules.ref)
        .option(
          '--last-success <sha>',
          'head commit of the last successful deploy (empty: none)',
          rules.optionalRef
        )
        .option(
          '--before <sha>',
          "the push's previous tip (github.event.before; empty or all zeros: none)",
          rules.optionalRef
        )
        .option(
          '--runs <file>',
          "deploy.yml's past runs with their jobs (JSON, newest first): each layer from its own last success",
          rules.inputFile(context.cwd)
        )
        .option('--run-id <id>', 'this run (GITHUB_RUN_ID), left out of --runs')
        .option('--json', 'print one JSON line for the workflow')
        .option('--root <dir>', ROOT_HELP, rules.directory(context.cwd))
        .action(async (options: DeployPlanOptions) => {
          const root = await repoRoot(context, options.root)
          const catalog = await loadCatalog(root)
          const head = await resolveCommit(runner, root, '--head', options.head)
          const runs = await readRuns(options)
          const history = await readDeployHistory(runner, {
            root,
            head,
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
