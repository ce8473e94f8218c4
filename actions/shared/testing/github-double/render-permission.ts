import type { RepoPermission } from '../../github/ports.js'
import { renderUser } from './render.js'

const FLAGS: Record<RepoPermission, readonly string[]> = {
  admin: ['admin', 'maintain', 'push', 'triage', 'pull'],
  maintain: ['maintain', 'push', 'triage', 'pull'],
  write: ['push', 'triage', 'pull'],
  triage: ['triage', 'pull'],
  read: ['pull'],
  none: []
}

const LEGACY: Record<RepoPermission, string> = {
  admin: 'admin',
  maintain: 'write',
  write: 'write',
  triage: 'read',
  read: 'read',
  none: 'none'
}

/** `collaborators/{user}/permission`: legacy `permission`, `role_name`, and `user.permissions`. */
export function renderPermission(login: string, role: RepoPermission): unknown {
  const permissions = Object.fromEntries(
    ['admin', 'maintain', 'push', 'triage', 'pull'].map(f => [f, FLAGS[role].includes(f)])
  )
  return {
    permission: LEGACY[role],
    role_name: role,
    user: { ...renderUser(login), permissions, role_name: role }
  }
}
