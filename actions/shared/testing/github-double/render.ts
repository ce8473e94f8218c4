import type {
  StoredComment,
  StoredDeployment,
  StoredDeploymentStatus,
  StoredIssue,
  StoredPackage,
  StoredPackageVersion,
  StoredPull,
  StoredReaction
} from './state.js'

import type { components } from '@octokit/openapi-types'
import type { SCHEMA_FIELDS } from './schema-fields.js'

/**
 * A schema's fields the double renders, typed as GitHub's OpenAPI schema has them: a field of the
 * wrong type, or a listed field left out, does not compile.
 */
type Shape<K extends keyof typeof SCHEMA_FIELDS & keyof components['schemas']> = Pick<
  components['schemas'][K],
  (typeof SCHEMA_FIELDS)[K][number] & keyof components['schemas'][K]
>

/** Renders stored records as GitHub's REST JSON (the fields the actions and Octokit types use). */

const HTML = 'https://github.com'

function stableId(login: string): number {
  let hash = 7
  for (const char of login) hash = (hash * 31 + char.charCodeAt(0)) % 2_000_000_000
  return hash
}

export function renderUser(login: string): Shape<'simple-user'> {
  const id = login === 'github-actions[bot]' ? 41898282 : stableId(login)
  return {
    login,
    id,
    node_id: `U_${id}`,
    type: login.endsWith('[bot]') ? 'Bot' : 'User',
    site_admin: false,
    html_url: `${HTML}/${login.replace('[bot]', '')}`,
    ...userUrls(login, id)
  }
}

/** The URL fields GitHub's simple-user schema requires, in GitHub's own patterns. */
function userUrls(login: string, id: number) {
  const api = `https://api.github.com/users/${encodeURIComponent(login)}`
  return {
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url: api,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`
  }
}

export function renderComment(
  api: string,
  c: StoredComment,
  isPull: boolean
): Shape<'issue-comment'> {
  const kind = isPull ? 'pull' : 'issues'
  return {
    id: c.id,
    node_id: `IC_${c.id}`,
    url: `${api}/repos/${c.repo}/issues/comments/${c.id}`,
    html_url: `${HTML}/${c.repo}/${kind}/${c.issueNumber}#issuecomment-${c.id}`,
    issue_url: `${api}/repos/${c.repo}/issues/${c.issueNumber}`,
    body: c.body,
    user: renderUser(c.user),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    author_association: 'NONE'
  }
}

export function renderIssue(api: string, i: StoredIssue, commentCount: number): unknown {
  return {
    id: i.number * 1000 + 7,
    node_id: `I_${i.number}`,
    url: `${api}/repos/${i.repo}/issues/${i.number}`,
    html_url: `${HTML}/${i.repo}/issues/${i.number}`,
    comments_url: `${api}/repos/${i.repo}/issues/${i.number}/comments`,
    number: i.number,
    title: i.title,
    body: i.body,
    state: i.state,
    state_reason: i.stateReason,
    locked: false,
    labels: i.labels.map((name, n) => ({ id: n + 1, name, color: 'ededed', default: false })),
    assignees: [],
    user: renderUser(i.user),
    comments: commentCount,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    closed_at: i.closedAt
  }
}

export function renderPull(api: string, p: StoredPull): unknown {
  return {
    id: p.number * 1000 + 9,
    node_id: `PR_${p.number}`,
    url: `${api}/repos/${p.repo}/pulls/${p.number}`,
    html_url: `${HTML}/${p.repo}/pull/${p.number}`,
    number: p.number,
    title: p.title,
    body: p.body,
    state: p.state,
    draft: false,
    merged: p.merged,
    merged_at: p.mergedAt,
    merge_commit_sha: p.mergeCommitSha,
    user: renderUser(p.user),
    head: { ref: p.headRef, sha: p.headSha, label: `${p.repo.split('/')[0]}:${p.headRef}` },
    base: { ref: p.baseRef, sha: '0'.repeat(40), label: `${p.repo.split('/')[0]}:${p.baseRef}` },
    created_at: p.createdAt,
    updated_at: p.mergedAt ?? p.createdAt
  }
}

/** A PR as `commits/{sha}/pulls` lists it (pull-request-simple: no `merged`). */
export function renderPullSimple(api: string, p: StoredPull): unknown {
  const { merged: _merged, ...simple } = renderPull(api, p) as Record<string, unknown>
  return simple
}

/** A PR as listed inside an issues listing: an issue with a `pull_request` key. */
export function renderPullAsIssue(api: string, p: StoredPull, commentCount: number): unknown {
  const issue = renderIssue(
    api,
    { ...p, stateReason: null, labels: [], updatedAt: p.createdAt, closedAt: p.mergedAt },
    commentCount
  )
  return Object.assign({}, issue, {
    html_url: `${HTML}/${p.repo}/pull/${p.number}`,
    pull_request: { url: `${api}/repos/${p.repo}/pulls/${p.number}`, merged_at: p.mergedAt }
  })
}

export function renderReaction(r: StoredReaction): Shape<'reaction'> {
  return {
    id: r.id,
    node_id: `REA_${r.id}`,
    user: renderUser(r.user),
    content: r.content as Shape<'reaction'>['content'],
    created_at: r.createdAt
  }
}

export function renderDeployment(api: string, d: StoredDeployment): Shape<'deployment'> {
  const url = `${api}/repos/${d.repo}/deployments/${d.id}`
  return {
    url,
    id: d.id,
    node_id: `DE_${d.id}`,
    sha: d.sha,
    ref: d.ref,
    task: d.task,
    payload: d.payload as Shape<'deployment'>['payload'],
    original_environment: d.environment,
    environment: d.environment,
    description: d.description,
    creator: renderUser(d.creator),
    created_at: d.createdAt,
    updated_at: d.createdAt,
    statuses_url: `${url}/statuses`,
    repository_url: `${api}/repos/${d.repo}`,
    transient_environment: d.transientEnvironment,
    production_environment: d.productionEnvironment
  }
}

export function renderDeploymentStatus(
  api: string,
  repo: string,
  s: StoredDeploymentStatus
): Shape<'deployment-status'> {
  const deployment = `${api}/repos/${repo}/deployments/${s.deploymentId}`
  return {
    url: `${deployment}/statuses/${s.id}`,
    id: s.id,
    node_id: `DES_${s.id}`,
    state: s.state as Shape<'deployment-status'>['state'],
    creator: renderUser(s.creator),
    description: s.description,
    environment: s.environment,
    target_url: s.logUrl,
    log_url: s.logUrl,
    environment_url: s.environmentUrl,
    created_at: s.createdAt,
    updated_at: s.createdAt,
    deployment_url: deployment,
    repository_url: `${api}/repos/${repo}`
  }
}

export function renderPackageVersion(
  api: string,
  p: StoredPackage,
  v: StoredPackageVersion
): Shape<'package-version'> {
  const name = encodeURIComponent(p.name)
  return {
    id: v.id,
    name: v.name,
    url: `${api}/${p.ownerKind}/${p.owner}/packages/container/${name}/versions/${v.id}`,
    package_html_url: `${HTML}/${p.ownerKind === 'orgs' ? 'orgs/' : ''}${p.owner}/packages/container/package/${name}`,
    html_url: `${HTML}/${p.owner}/packages/container/${name}/${v.id}`,
    created_at: v.createdAt,
    updated_at: v.createdAt,
    metadata: { package_type: 'container', container: { tags: v.tags } }
  }
}
