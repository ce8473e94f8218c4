import { UserError } from '../errors.js'
import { GitHubApiError } from './github-error.js'
import type { GitHubClient } from './octokit.js'
import type { Collaborators, RepoPermission, RepoRef } from './ports.js'

/** The `permissions` flags GitHub returns, highest first (push is write, pull is read). */
const RANKED: readonly (readonly [flag: string, permission: RepoPermission])[] = [
  ['admin', 'admin'],
  ['maintain', 'maintain'],
  ['push', 'write'],
  ['triage', 'triage'],
  ['pull', 'read']
]

const LEGACY: Readonly<Record<string, RepoPermission>> = {
  admin: 'admin',
  maintain: 'maintain',
  write: 'write',
  triage: 'triage',
  read: 'read'
}

/**
 * The highest permission from GitHub's answer: the `user.permissions` object when present (the
 * legacy `permission` field reports maintain as write and triage as read), else `role_name`.
 */
export function permissionFrom(data: {
  readonly permission?: string
  readonly role_name?: string
  readonly user?: { readonly permissions?: Readonly<Record<string, boolean | undefined>> } | null
}): RepoPermission {
  const flags = data.user?.permissions
  if (flags) return RANKED.find(([flag]) => flags[flag] === true)?.[1] ?? 'none'
  return LEGACY[data.role_name ?? ''] ?? LEGACY[data.permission ?? ''] ?? 'none'
}

/** Collaborator permissions; someone who is not a collaborator (404) has none. */
export function createCollaborators(octokit: GitHubClient, repo: RepoRef): Collaborators {
  return {
    async permissionOf(username) {
      try {
        const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
          ...repo,
          username
        })
        return permissionFrom(data)
      } catch (error) {
        if (error instanceof GitHubApiError && error.status === 404) return 'none'
        if (error instanceof GitHubApiError && error.status === 403) {
          throw new UserError(
            `Cannot read ${username}'s permission on ${repo.owner}/${repo.repo}: GitHub answered 403 (${error.githubMessage}). The token needs push access to the repository to read collaborator permissions.`
          )
        }
        throw error
      }
    }
  }
}
