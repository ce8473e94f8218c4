import { nextId, nextNumber, DEFAULT_REPO, ACTIONS_BOT } from './state.js'
import type {
  DoubleState,
  StoredComment,
  StoredIssue,
  StoredPackageVersion,
  StoredPull
} from './state.js'

/** Seeding helpers: fill in GitHub's defaults so a test names only what it cares about. */

const STAMP = '2026-01-01T00:00:00Z'

export function addIssue(state: DoubleState, issue: Partial<StoredIssue> = {}): StoredIssue {
  const repo = issue.repo ?? DEFAULT_REPO
  const stored: StoredIssue = {
    repo,
    number: issue.number ?? nextNumber(state, repo),
    title: 'An issue',
    body: null,
    state: 'open',
    stateReason: null,
    labels: [],
    user: 'octocat',
    createdAt: STAMP,
    updatedAt: STAMP,
    closedAt: issue.state === 'closed' ? STAMP : null,
    ...issue
  }
  state.issues.push(stored)
  return stored
}

export function addPull(state: DoubleState, pull: Partial<StoredPull> = {}): StoredPull {
  const repo = pull.repo ?? DEFAULT_REPO
  const number = pull.number ?? nextNumber(state, repo)
  const stored: StoredPull = {
    repo,
    number,
    title: `Pull request ${number}`,
    body: null,
    state: 'open',
    merged: false,
    mergeCommitSha: null,
    headRef: `branch-${number}`,
    headSha: String(number).padStart(40, 'a'),
    baseRef: 'main',
    commits: [],
    user: 'octocat',
    createdAt: STAMP,
    mergedAt: null,
    ...pull
  }
  state.pulls.push(stored)
  return stored
}

/** Adds `count` comments (or one with `body`) to an issue or PR, as `user`. */
export function addComments(
  state: DoubleState,
  issueNumber: number,
  count: number,
  make: (i: number) => Partial<StoredComment> = () => ({})
): StoredComment[] {
  return Array.from({ length: count }, (_, i) => {
    const comment: StoredComment = {
      id: nextId(state),
      repo: DEFAULT_REPO,
      issueNumber,
      body: `Comment ${i + 1}`,
      user: 'octocat',
      createdAt: STAMP,
      updatedAt: STAMP,
      ...make(i)
    }
    state.comments.push(comment)
    return comment
  })
}

/** Adds a GHCR container package with versions (newest last in `versions`). */
export function addPackage(
  state: DoubleState,
  pkg: {
    owner: string
    name: string
    ownerKind?: 'orgs' | 'users'
    versions: { tags: string[]; digest?: string }[]
  }
): StoredPackageVersion[] {
  const versions = pkg.versions.map((v, i) => ({
    id: nextId(state),
    name: v.digest ?? `sha256:${String(i).padStart(64, '0')}`,
    tags: v.tags,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString().replace('.000Z', 'Z')
  }))
  state.packages.push({
    owner: pkg.owner,
    ownerKind: pkg.ownerKind ?? 'orgs',
    name: pkg.name,
    versions
  })
  return versions
}

export { ACTIONS_BOT, DEFAULT_REPO }
