/**
 * Whose comments and issues we trust as our own. A workflow's GITHUB_TOKEN acts as
 * `github-actions[bot]` (user id 41898282, type `Bot`): that is the default. A repository that
 * runs the pipeline with a GitHub App or a PAT names that identity's login instead (the
 * `trusted-bot` input / ELM_INFRA_TRUSTED_BOT). Any other author — another App's bot included —
 * is never trusted, even when its comment carries our marker.
 */
export const DEFAULT_TRUSTED_BOT = 'github-actions[bot]'

export interface AuthoredBy {
  readonly user?: { readonly login?: string | null; readonly type?: string | null } | null
}

/** True only for an item written by exactly the trusted login. */
export function isTrustedAuthor(
  item: AuthoredBy,
  trustedBot: string = DEFAULT_TRUSTED_BOT
): boolean {
  return item.user?.login === trustedBot
}
