import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { loadCatalog } from '../../actions/shared/catalog/load-catalog.js'
import { decide } from '../../actions/shared/chatops/decide.js'
import { InputError, describeError } from '../../actions/shared/errors.js'
import * as rules from '../options/rules.js'
import { type Subcommand, ROOT_HELP, repoRoot } from '../program.js'

interface ParseCommandOptions {
  event: string
  eventName?: string
  services?: string[]
  root?: string
}

async function readPayload(path: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new InputError(
      `--event ${rules.shown(path)}: cannot read the file: ${describeError(error)}`
    )
  }
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw new InputError(`--event ${rules.shown(path)}: not JSON: ${describeError(error)}`)
  }
}

/**
 * `elm-infra parse-command --event payload.json`: what the ChatOps action would decide on a
 * webhook payload, as one JSON object. Checks no permission and calls no API.
 */
export const parseCommandCommand: Subcommand = {
  register(program, context) {
    program
      .command('parse-command')
      .description(
        'Decide on a webhook payload as /deploy would (the command only; the commenter\'s permission is not checked): prints {"decision","service","version","reason","permission":"not checked"}'
      )
      .requiredOption(
        '--event <payload.json>',
        'the webhook payload (e.g. $GITHUB_EVENT_PATH)',
        rules.inputFile(context.cwd)
      )
      .option(
        '--event-name <name>',
        'the event name (GITHUB_EVENT_NAME); inferred when absent',
        rules.eventName
      )
      .option(
        '--services <names>',
        'comma-separated service names instead of the catalog',
        rules.list(rules.service)
      )
      .option('--root <dir>', ROOT_HELP, rules.directory(context.cwd))
      .action(async (options: ParseCommandOptions) => {
        const payload = await readPayload(resolve(context.cwd, options.event))
        const names =
          options.services !== undefined
            ? options.services
            : (await loadCatalog(await repoRoot(context, options.root))).services.map(s => s.name)
        const decision = decide(payload, names, options.eventName)
        // The action also checks the commenter's permission (write, maintain or admin) through
        // GitHub's API; this command calls no API, and says so in its answer.
        context.terminal.out(JSON.stringify({ ...decision, permission: 'not checked' }))
        if (decision.decision === 'deploy')
          context.terminal.err(
            "Permission not checked: the chatops action also requires the commenter to have write, maintain or admin on the repository (GitHub's collaborator permission API)."
          )
        context.exitCode = 0
      })
  }
}
