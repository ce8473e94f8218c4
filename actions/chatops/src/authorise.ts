import { describeError } from '../../shared/errors.js'
import type { Collaborators, RepoPermission } from '../../shared/github/ports.js'

/** Permissions that may deploy: the ones that can push to the repository. */
export const DEPLOY_PERMISSIONS: readonly RepoPermission[] = ['admin', 'maintain', 'write']

export type Authorisation =
  | { readonly allowed: true; readonly permission: RepoPermission }
  | { readonly allowed: false; readonly permission: RepoPermission }
  | { readonly allowed: false; readonly error: string }

/** Asks GitHub for the commenter's permission; any failure to find out is a refusal. */
export async function authorise(
  collaborators: Collaborators,
  login: string
): Promise<Authorisation> {
  let permission: RepoPermission
  try {
    permission = await collaborators.permissionOf(login)
  } catch (error) {
    return { allowed: false, error: describeError(error) }
  }
  return DEPLOY_PERMISSIONS.includes(permission)
    ? { allowed: true, permission }
    : { allowed: false, permission }
}
