import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { execRunner } from '../../actions/shared/adapters/exec-runner.js'
import type { CommandRunner } from '../../actions/shared/ports.js'
import { digestIntent, guardPlan, keyedHash } from '../../actions/shared/terraform/plan-guard.js'
import { readSavedPlan } from '../../actions/shared/terraform/saved-plan.js'
import * as rules from '../options/rules.js'
import type { Subcommand } from '../program.js'

interface PlanGuardOptions {
  readonly terraform: string
  readonly chdir?: string
}

/**
 * `elm-infra plan-guard <reviewed.tfplan> <current.tfplan>`: exit 0 when the current plan carries
 * out exactly the reviewed intent, 1 with every difference when not: the comparison the
 * terraform action's apply makes before it applies (actions/shared/terraform/plan-guard.ts).
 */
export function createPlanGuardCommand(runner: CommandRunner): Subcommand {
  return {
    register(program, context) {
      program
        .command('plan-guard')
        .description(
          'Compare two saved plans (terraform plan -out): exit 0 when the second does exactly what the first was reviewed to do'
        )
        .argument(
          '<reviewed.tfplan>',
          'the saved plan that was reviewed',
          rules.inputFile(context.cwd)
        )
        .argument(
          '<current.tfplan>',
          'the saved plan about to be applied',
          rules.inputFile(context.cwd)
        )
        .option(
          '--terraform <binary>',
          'the terraform binary',
          rules.program(context.cwd),
          'terraform'
        )
        .option(
          '--chdir <dir>',
          'the initialised Terraform directory to run terraform show in (default: here); plan paths stay relative to here',
          rules.directory(context.cwd)
        )
        .action(async (reviewedFile: string, currentFile: string, options: PlanGuardOptions) => {
          // Both plans are on this machine: a fresh key per run compares secrets without
          // letting anything printed here be used to test guesses.
          const keyed = keyedHash(randomBytes(32))
          const io = {
            runner,
            terraform: options.terraform,
            workingDirectory: resolve(context.cwd, options.chdir ?? '.'),
            readBytes: (file: string) => readFile(resolve(context.cwd, file))
          }
          // Absolute paths: terraform runs in --chdir, the names were given from here.
          const reviewed = await readSavedPlan(resolve(context.cwd, reviewedFile), io, keyed)
          const current = await readSavedPlan(resolve(context.cwd, currentFile), io, keyed)
          const verdict = guardPlan(
            { digest: digestIntent(reviewed.intent), intent: reviewed.intent },
            current.intent
          )
          if (verdict.same) {
            context.terminal.out(
              `${currentFile} carries out exactly what ${reviewedFile} was reviewed to do.`
            )
            context.exitCode = 0
            return
          }
          const n = verdict.differences.length
          context.terminal.out(
            [
              `${currentFile} differs from the reviewed ${reviewedFile} (${n} difference${n === 1 ? '' : 's'}); apply would refuse it:`,
              ...verdict.differences
            ].join('\n')
          )
          context.exitCode = 1
        })
    }
  }
}

export const planGuardCommand: Subcommand = createPlanGuardCommand(execRunner)
