import * as core from '@actions/core'
import { UserError, describeError } from './errors.js'

/**
 * The one entry wrapper: any thrown value (Error or not) fails the step. User errors print one line;
 * anything else is a bug and prints its stack too.
 */
export async function runAction(main: () => Promise<void>): Promise<void> {
  try {
    await main()
  } catch (error) {
    core.setFailed(describeError(error))
    if (!(error instanceof UserError) && error instanceof Error && error.stack) {
      core.info(`This looks like a bug in elm-infra, not in your input. Stack:\n${error.stack}`)
    }
  }
}
