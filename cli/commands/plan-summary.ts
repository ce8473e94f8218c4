import { readFile } from 'node:fs/promises'
import { InputError } from '../../actions/shared/errors.js'
import { resolve } from 'node:path'
import * as rules from '../options/rules.js'
import { runUrl } from '../../actions/shared/github/ports.js'
import { parsePlanText } from '../../actions/shared/terraform/parse-plan.js'
import {
  countsLine,
  renderPlanComment
} from '../../actions/shared/terraform/render-plan-comment.js'
import { summarisePlan, type PlanSummary } from '../../actions/shared/terraform/summarise-plan.js'
import type { Subcommand } from '../program.js'

interface PlanSummaryOptions {
  readonly format: string
  readonly workingDirectory: string
  readonly humanPlan?: string
}

/** The figures of `--format json`, in the order the issue lists them. */
export function planFigures(s: PlanSummary): Record<string, number | boolean> {
  return {
    add: s.add,
    change: s.change,
    destroy: s.destroy,
    replace: s.replace,
    import: s.import,
    move: s.move,
    drift: s.drift,
    outputs: s.outputs,
    hasChanges: s.hasChanges
  }
}

/** A file the rule (inputFile) accepted: a read that still fails is bad input too (exit 2). */
async function readText(cwd: string, file: string): Promise<string> {
  try {
    return await readFile(resolve(cwd, file), 'utf8')
  } catch (error) {
    const code = (error as { code?: string }).code
    throw new InputError(`${rules.shown(file)}: cannot read it (${code ?? String(error)})`)
  }
}

const FORMATS = ['text', 'json', 'markdown'] as const

/**
 * `elm-infra plan-summary <plan.json> [--format text|json|markdown]`: the summary of a
 * `terraform show -json` plan, as one JSON object or as the PR comment body.
 */
export const planSummaryCommand: Subcommand = {
  register(program, context) {
    program
      .command('plan-summary')
      .description('Summarise a `terraform show -json` plan: counts as JSON, or the PR comment')
      .argument(
        '<plan.json>',
        'the output of terraform show -json <planfile>',
        rules.inputFile(context.cwd)
      )
      .option(
        '--format <format>',
        "text (Terraform's own Plan: line, for people), json (one object, for scripts) or markdown (the PR comment body)",
        rules.oneOf(FORMATS),
        'text'
      )
      .option(
        '--working-directory <dir>',
        'the Terraform directory named in the comment',
        'terraform'
      )
      .option(
        '--human-plan <file>',
        'terraform show -no-color output to include (markdown only)',
        rules.inputFile(context.cwd)
      )
      .action(async (file: string, options: PlanSummaryOptions) => {
        const text = await readText(context.cwd, file)
        let parsed: ReturnType<typeof parsePlanText>
        try {
          parsed = parsePlanText(text, file)
        } catch (error) {
          // Not a plan: a bad file given by the user (exit 2, as everywhere).
          throw new InputError(error instanceof Error ? error.message : String(error))
        }
        const summary = summarisePlan(parsed)
        if (options.format === 'text') {
          context.terminal.out(countsLine(summary).replaceAll('**', ''))
        } else if (options.format === 'json') {
          context.terminal.out(JSON.stringify(planFigures(summary)))
        } else {
          const humanPlan = options.humanPlan
            ? await readText(context.cwd, options.humanPlan)
            : undefined
          context.terminal.out(
            renderPlanComment(summary, {
              workingDirectory: options.workingDirectory,
              humanPlan,
              runUrl: runUrl(context.env)
            })
          )
        }
        context.exitCode = 0
      })
  }
}
