import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { InputError, describeError } from '../../actions/shared/errors.js'
import { createGitHub } from '../../actions/shared/github/create-github.js'
import * as rules from '../options/rules.js'
import { type Subcommand } from '../program.js'

interface PrCommentFlags {
  pr: number
  marker: string
  bodyFile: string
}

/**
 * `elm-infra pr-comment --pr <n> --marker <id> --body-file <file>`: one sticky comment per
 * (pull request, marker), created once and then updated in place, through the same library the
 * actions use (actions/shared/github/sticky-comments.ts: only the workflow bot's own comment is
 * updated; the body is fitted to GitHub's limit). For workflow steps whose report is a command's
 * output (pr.yml's node-loss rehearsal, images.yml's build), with GITHUB_TOKEN and
 * GITHUB_REPOSITORY from the runner.
 */
export const prCommentCommand: Subcommand = {
  register(program, context) {
    program
      .command('pr-comment')
      .description(
        "Create or update this workflow's sticky comment on a pull request (GITHUB_TOKEN, GITHUB_REPOSITORY)"
      )
      .requiredOption(
        '--pr <number>',
        'the pull request number',
        rules.numberIn(1, 999_999_999, true)
      )
      .requiredOption(
        '--marker <id>',
        'which comment: one per marker, e.g. rehearse-lose-node',
        rules.slug
      )
      .requiredOption('--body-file <file>', 'the markdown body', rules.inputFile(context.cwd))
      .action(async (flags: PrCommentFlags) => {
        const token = context.env['GITHUB_TOKEN'] ?? ''
        if (token === '')
          throw new InputError('GITHUB_TOKEN is not set: the comment is written with it.')
        if ((context.env['GITHUB_REPOSITORY'] ?? '') === '')
          throw new InputError('GITHUB_REPOSITORY is not set (owner/name of the pull request).')
        rules.check(rules.repository, 'GITHUB_REPOSITORY', context.env['GITHUB_REPOSITORY'] ?? '')
        let body: string
        try {
          body = await readFile(resolve(context.cwd, flags.bodyFile), 'utf8')
        } catch (error) {
          throw new InputError(
            `--body-file ${flags.bodyFile}: cannot read it: ${describeError(error)}`
          )
        }
        const github = createGitHub({ token, env: context.env })
        const comment = await github.stickyComments.upsert(flags.pr, flags.marker, body)
        context.terminal.out(`${comment.created ? 'created' : 'updated'} ${comment.url}`)
        context.exitCode = 0
      })
  }
}
