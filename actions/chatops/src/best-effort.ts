import { describeError } from '../../shared/errors.js'
import type { ReactionContent } from '../../shared/github/ports.js'
import type { Logger } from '../../shared/ports.js'
import type { ChatopsGitHub } from './deps.js'

/** Adds a reaction; a reaction that fails is logged, never fatal (the reply says what happened). */
export async function react(
  github: ChatopsGitHub,
  logger: Logger,
  commentId: number,
  content: ReactionContent
): Promise<void> {
  try {
    await github.reactions.addToComment(commentId, content)
  } catch (error) {
    logger.warning(
      `Could not add the ${content} reaction to comment ${commentId}: ${describeError(error)}`
    )
  }
}
