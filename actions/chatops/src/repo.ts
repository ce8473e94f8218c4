import type { IssueCommentEvent } from '../../shared/chatops/event.js'
import { ConfigError } from '../../shared/errors.js'
import type { RepoRef } from '../../shared/github/ports.js'

/** The repository the workflow runs in: GITHUB_REPOSITORY, else the payload's full_name. */
export function repoOf(
  env: Readonly<Record<string, string | undefined>>,
  comment?: IssueCommentEvent
): RepoRef {
  const fullName = env['GITHUB_REPOSITORY'] ?? comment?.repository ?? ''
  const [owner, repo, ...rest] = fullName.split('/')
  if (!owner || !repo || rest.length > 0) {
    throw new ConfigError(
      `GITHUB_REPOSITORY is '${fullName}': expected owner/repo (is this running outside GitHub Actions?)`
    )
  }
  return { owner, repo }
}
