import { ConfigError } from '../errors.js'
import { runUrl, type RepoRef } from './ports.js'

/** Where the action runs: the repository, the run link, and the API to talk to. */
export interface GitHubContext extends RepoRef {
  readonly runUrl: string
  readonly apiUrl: string
  readonly serverUrl: string
}

/** Reads GITHUB_REPOSITORY (`owner/repo`) and friends from the runner's environment. */
export function githubContext(env: Readonly<Record<string, string | undefined>>): GitHubContext {
  const full = env['GITHUB_REPOSITORY'] ?? ''
  const match = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/.exec(full)
  if (!match?.[1] || !match[2]) {
    throw new ConfigError(
      `GITHUB_REPOSITORY is ${JSON.stringify(full)}: expected 'owner/repo' (it is set by the runner).`
    )
  }
  return {
    owner: match[1],
    repo: match[2],
    runUrl: runUrl(env),
    apiUrl: env['GITHUB_API_URL'] || 'https://api.github.com',
    serverUrl: env['GITHUB_SERVER_URL'] || 'https://github.com'
  }
}
