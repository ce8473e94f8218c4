/**
 * What the actions need from GitHub, as narrow interfaces. The Octokit implementations live in
 * this folder; tests pass in-memory fakes or point the real ones at the GitHub double.
 */

export interface RepoRef {
  readonly owner: string
  readonly repo: string
}

export interface CommentRef {
  readonly id: number
  readonly url: string
}

/** One comment per (issue/PR, marker), found across all pages and updated in place. */
export interface StickyComments {
  /** Creates or updates our comment carrying `marker`; the body is fitted to GitHub's limit. */
  upsert(
    issueNumber: number,
    marker: string,
    body: string
  ): Promise<CommentRef & { created: boolean }>
  /**
   * Updates our comment carrying `marker` only where one exists (never creates one): for a note
   * that an earlier comment no longer holds. Undefined when there is none.
   */
  updateIfPresent(
    issueNumber: number,
    marker: string,
    body: string
  ): Promise<CommentRef | undefined>
}

/** Plain comments (a reply we keep updating, e.g. "deploying…" → result). */
export interface Comments {
  create(issueNumber: number, body: string): Promise<CommentRef>
  update(commentId: number, body: string): Promise<CommentRef>
}

export type ReactionContent =
  '+1' | '-1' | 'laugh' | 'confused' | 'heart' | 'hooray' | 'rocket' | 'eyes'

export interface Reactions {
  /** Adds a reaction to an issue comment; best-effort callers may ignore failures. */
  addToComment(commentId: number, content: ReactionContent): Promise<void>
}

export type DeploymentState =
  'error' | 'failure' | 'inactive' | 'in_progress' | 'queued' | 'pending' | 'success'

export interface Deployments {
  create(input: {
    readonly ref: string
    readonly environment: string
    readonly description: string
    readonly payload?: Readonly<Record<string, string>>
    /** Default false. */
    readonly transient?: boolean
    /** Default: environment is 'production'. */
    readonly production?: boolean
  }): Promise<{ readonly id: number }>
  setStatus(
    deploymentId: number,
    input: {
      readonly state: DeploymentState
      readonly description?: string
      readonly logUrl?: string
      readonly environmentUrl?: string
    }
  ): Promise<void>
}

export interface IssueRef {
  readonly number: number
  readonly url: string
  readonly state: 'open' | 'closed'
  readonly body: string
  /** Label names (absent from fakes that do not track them). */
  readonly labels?: readonly string[]
}

/** Issues found by label and a hidden marker in the body (the drift report). */
export interface Issues {
  /** The newest issue (open first, then closed) with this label whose body contains `marker`. */
  findByMarker(label: string, marker: string): Promise<IssueRef | undefined>
  /**
   * Our issue whatever its labels: opened by the trusted bot (trusted-bot.ts) with `marker` in its
   * body; the newest open one, else the newest closed one. A label a maintainer removed does not
   * hide it, and an issue someone else wrote with our marker is never taken for ours.
   */
  findOurs?(marker: string): Promise<IssueRef | undefined>
  create(input: {
    readonly title: string
    readonly body: string
    readonly labels: readonly string[]
  }): Promise<IssueRef>
  update(
    issueNumber: number,
    input: {
      readonly body?: string
      readonly state?: 'open' | 'closed'
      /** Replaces the issue's labels. */
      readonly labels?: readonly string[]
    }
  ): Promise<IssueRef>
  comment(issueNumber: number, body: string): Promise<CommentRef>
}

export type RepoPermission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none'

export interface Collaborators {
  /** The user's highest permission, read from the `permissions` object (so maintain is seen). */
  permissionOf(username: string): Promise<RepoPermission>
}

export interface PullRequests {
  /** The merged PR whose merge commit (or one of whose commits) is `sha`, if any. */
  findMergedFor(sha: string): Promise<number | undefined>
}

/** The link to the running workflow run, for comments and statuses. */
export function runUrl(env: Readonly<Record<string, string | undefined>>): string {
  const server = env['GITHUB_SERVER_URL'] ?? 'https://github.com'
  const repo = env['GITHUB_REPOSITORY'] ?? 'elm/elm-infra'
  const run = env['GITHUB_RUN_ID']
  return run ? `${server}/${repo}/actions/runs/${run}` : `${server}/${repo}/actions`
}
