import { execRunner } from '../../actions/shared/adapters/exec-runner.js'
import { loadCatalog } from '../../actions/shared/catalog/load-catalog.js'
import {
  type ChangeSet,
  detectChanges,
  everything
} from '../../actions/shared/changes/detect-changes.js'
import { isNullSha, listChangedFiles } from '../../actions/shared/changes/git-diff.js'
import type { CommandRunner } from '../../actions/shared/ports.js'
import * as rules from '../options/rules.js'
import { type Subcommand, ROOT_HELP, repoRoot } from '../program.js'

interface ChangesOptions {
  readonly base: string
  readonly head: string
  readonly json?: boolean
  readonly root?: string
}

/**
 * `elm-infra changes --base <sha> [--head <sha>] [--json]`: what changed between two commits, as
 * the workflows' matrices. --json prints one line:
 * {"terraform":bool,"ansible":bool,"services":[...],"jobs":[...],"all":bool}
 */
export function createChangesCommand(runner: CommandRunner): Subcommand {
  return {
    register(program, context) {
      program
        .command('changes')
        .description(
          'Which layers, services and jobs changed between two commits (git diff --name-only)'
        )
        .requiredOption(
          '--base <sha>',
          'the commit last deployed (all zeros: everything changed)',
          rules.ref
        )
        .option('--head <sha>', 'the commit to deploy', rules.ref, 'HEAD')
        .option('--json', 'print one JSON line for workflow matrices')
        .option('--root <dir>', ROOT_HELP, rules.directory(context.cwd))
        .action(async (options: ChangesOptions) => {
          const root = await repoRoot(context, options.root)
          const catalog = await loadCatalog(root)
          const changes = isNullSha(options.base)
            ? everything(catalog)
            : detectChanges(
                await listChangedFiles(runner, root, options.base, options.head),
                catalog
              )
          context.terminal.out(options.json ? JSON.stringify(changes) : describe(changes))
          context.exitCode = 0
        })
    }
  }
}

function describe(changes: ChangeSet): string {
  const list = (items: readonly string[]): string =>
    items.length === 0 ? 'none' : items.join(', ')
  return [
    `terraform: ${changes.terraform ? 'changed' : 'unchanged'}`,
    `ansible:   ${changes.ansible ? 'changed' : 'unchanged'}`,
    `services:  ${list(changes.services)}${changes.all ? ' (a shared build input changed: all)' : ''}`,
    `jobs:      ${list(changes.jobs)}`
  ].join('\n')
}

export const changesCommand: Subcommand = createChangesCommand(execRunner)
