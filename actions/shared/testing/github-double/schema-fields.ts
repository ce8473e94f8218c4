import type { components } from '@octokit/openapi-types'

/**
 * For each response shape the double renders, the fields it may send, each checked by the compiler
 * to be a field of GitHub's OpenAPI schema (`@octokit/openapi-types`, components.schemas): a field
 * the schema lacks does not compile. schema-contract.test.ts checks at run time that every field the
 * double answers is listed here, and that its JSON type matches the schema's.
 */
type Schemas = components['schemas']

function fields<K extends keyof Schemas>() {
  return <const F extends readonly (keyof NonNullable<Schemas[K]>)[]>(list: F): F => list
}

export const SCHEMA_FIELDS = {
  'issue-comment': fields<'issue-comment'>()([
    'id',
    'node_id',
    'url',
    'html_url',
    'issue_url',
    'body',
    'user',
    'created_at',
    'updated_at',
    'author_association'
  ]),
  issue: fields<'issue'>()([
    'id',
    'node_id',
    'url',
    'html_url',
    'comments_url',
    'number',
    'title',
    'body',
    'state',
    'state_reason',
    'locked',
    'labels',
    'assignees',
    'user',
    'comments',
    'created_at',
    'updated_at',
    'closed_at',
    'pull_request'
  ]),
  'pull-request-simple': fields<'pull-request-simple'>()([
    'id',
    'node_id',
    'url',
    'html_url',
    'number',
    'title',
    'body',
    'state',
    'draft',
    'merged_at',
    'merge_commit_sha',
    'user',
    'head',
    'base',
    'created_at',
    'updated_at'
  ]),
  'pull-request': fields<'pull-request'>()([
    'id',
    'node_id',
    'url',
    'html_url',
    'number',
    'title',
    'body',
    'state',
    'draft',
    'merged',
    'merged_at',
    'merge_commit_sha',
    'user',
    'head',
    'base',
    'created_at',
    'updated_at'
  ]),
  reaction: fields<'reaction'>()(['id', 'node_id', 'user', 'content', 'created_at']),
  deployment: fields<'deployment'>()([
    'url',
    'id',
    'node_id',
    'sha',
    'ref',
    'task',
    'payload',
    'original_environment',
    'environment',
    'description',
    'creator',
    'created_at',
    'updated_at',
    'statuses_url',
    'repository_url',
    'transient_environment',
    'production_environment'
  ]),
  'deployment-status': fields<'deployment-status'>()([
    'url',
    'id',
    'node_id',
    'state',
    'creator',
    'description',
    'environment',
    'target_url',
    'log_url',
    'environment_url',
    'created_at',
    'updated_at',
    'deployment_url',
    'repository_url'
  ]),
  'package-version': fields<'package-version'>()([
    'id',
    'name',
    'url',
    'package_html_url',
    'html_url',
    'created_at',
    'updated_at',
    'metadata'
  ]),
  'repository-collaborator-permission': fields<'repository-collaborator-permission'>()([
    'permission',
    'role_name',
    'user'
  ]),
  // The `user` of a collaborator-permission answer: a simple user plus its permissions and role.
  'nullable-collaborator': fields<'nullable-collaborator'>()([
    'login',
    'id',
    'node_id',
    'type',
    'site_admin',
    'html_url',
    'avatar_url',
    'gravatar_id',
    'url',
    'followers_url',
    'following_url',
    'gists_url',
    'starred_url',
    'subscriptions_url',
    'organizations_url',
    'repos_url',
    'events_url',
    'received_events_url',
    'permissions',
    'role_name'
  ]),
  'simple-user': fields<'simple-user'>()([
    'login',
    'id',
    'node_id',
    'type',
    'site_admin',
    'html_url',
    'avatar_url',
    'gravatar_id',
    'url',
    'followers_url',
    'following_url',
    'gists_url',
    'starred_url',
    'subscriptions_url',
    'organizations_url',
    'repos_url',
    'events_url',
    'received_events_url'
  ])
} as const

export type SchemaName = keyof typeof SCHEMA_FIELDS
