import { describe, expect, it } from '@jest/globals'
import { readFileSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { decide } from './decide.js'
import { readIssueCommentEvent } from './event.js'
import { CORPUS_DIR } from '../testing/corpus.js'

const SERVICES = ['package-site', 'website', 'www']
const CORPUS = join(CORPUS_DIR, 'github-events')

function load(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'))
}

type Edit = readonly [path: string, value: unknown]

/** A recorded payload with fields set (or deleted, for undefined) by dotted path. */
function variant(path: string, edits: readonly Edit[]): unknown {
  const copy = load(path)
  for (const [dotted, value] of edits) {
    const keys = dotted.split('.')
    const last = keys.pop() ?? ''
    let node = copy as Record<string, unknown>
    for (const key of keys) node = node[key] as Record<string, unknown>
    if (value === undefined) Reflect.deleteProperty(node, last)
    else node[last] = value
  }
  return copy
}

const ATLANTIS_PR_COMMENT = join(CORPUS, 'atlantis/githubIssueCommentEvent.json')

/** Every recorded payload and the decision its content calls for. */
const CORPUS_EXPECTATIONS: Readonly<Record<string, string>> = {
  'atlantis/githubIssueCommentEvent.json': 'ignore',
  'atlantis/githubPullRequestClosedEvent.json': 'ignore',
  'atlantis/githubPullRequestOpenedEvent.json': 'ignore',
  'octokit-webhooks/issue_comment.created.1.payload.json': 'ignore',
  'octokit-webhooks/issue_comment.created.payload.json': 'ignore',
  'octokit-webhooks/issue_comment.created.with-organization.payload.json': 'ignore',
  'octokit-webhooks/issue_comment.deleted.payload.json': 'ignore',
  'octokit-webhooks/issue_comment.edited.payload.json': 'ignore',
  'octokit-webhooks/pull_request.closed.payload.json': 'ignore',
  'octokit-webhooks/pull_request.opened.payload.json': 'ignore',
  'octokit-webhooks/pull_request.synchronize.payload.json': 'ignore'
}

describe('decide on the recorded corpus', () => {
  const files = readdirSync(CORPUS, { recursive: true, encoding: 'utf8' }).filter(f =>
    f.endsWith('.json')
  )

  it('covers every file in the corpus', () => {
    expect(files.sort()).toEqual(Object.keys(CORPUS_EXPECTATIONS).sort())
  })

  it.each(Object.entries(CORPUS_EXPECTATIONS))('%s → %s', (file, expected) => {
    const decision = decide(load(join(CORPUS, file)), SERVICES)
    expect(decision.decision).toBe(expected)
    expect('reason' in decision && decision.reason.length > 0).toBe(true)
  })

  it('says why each kind is ignored', () => {
    const reason = (file: string): string => {
      const d = decide(load(join(CORPUS, file)), SERVICES)
      return d.decision === 'deploy' ? '' : d.reason
    }
    expect(reason('atlantis/githubIssueCommentEvent.json')).toContain('does not start')
    expect(reason('octokit-webhooks/issue_comment.created.payload.json')).toContain('not a pull')
    expect(reason('octokit-webhooks/issue_comment.edited.payload.json')).toContain('edited')
    expect(reason('octokit-webhooks/issue_comment.deleted.payload.json')).toContain('deleted')
    expect(reason('octokit-webhooks/pull_request.opened.payload.json')).toContain('not an issue')
  })
})

describe('decide on @octokit/webhooks-examples issue_comment payloads', () => {
  const require = createRequire(import.meta.url)
  const index = require('@octokit/webhooks-examples/api.github.com/index.json') as Array<{
    name: string
    examples: unknown[]
  }>
  const examples = index.find(e => e.name === 'issue_comment')?.examples ?? []

  it('has examples to read', () => {
    expect(examples.length).toBeGreaterThan(0)
  })

  it.each(examples.map((e, i) => [i, e] as const))('example %i is ignored', (_i, payload) => {
    const reading = readIssueCommentEvent(payload)
    expect(reading.ok).toBe(true)
    expect(decide(payload, SERVICES, 'issue_comment').decision).toBe('ignore')
  })
})

describe('decide on variants of the real pull-request comment', () => {
  const withBody = (body: string, edits: readonly Edit[] = []): unknown =>
    variant(ATLANTIS_PR_COMMENT, [['comment.body', body], ...edits])

  it('deploys a well-formed command from a user on a pull request', () => {
    expect(decide(withBody('/deploy package-site 1.3'), SERVICES, 'issue_comment')).toEqual({
      decision: 'deploy',
      service: 'package-site',
      version: '1.3'
    })
  })

  it.each<readonly [string, Edit, string]>([
    ['an edit', ['action', 'edited'], 'edited'],
    ['a deletion', ['action', 'deleted'], 'deleted'],
    ['a bot', ['comment.user.type', 'Bot'], 'Bot'],
    ['an app login', ['comment.user.login', 'renovate[bot]'], 'renovate[bot]'],
    ['an issue', ['issue.pull_request', undefined], 'not a pull'],
    ['a missing comment id', ['comment.id', undefined], 'comment.id'],
    ['a string user', ['comment.user', 'x'], 'user.login'],
    ['a numeric body', ['comment.body', 7], 'comment.body']
  ])('ignores %s', (_name, edit, reasonPart) => {
    const d = decide(withBody('/deploy package-site 1.3', [edit]), SERVICES, 'issue_comment')
    expect(d).toEqual({ decision: 'ignore', reason: expect.stringContaining(reasonPart) })
  })

  it('ignores other event names even with a command body', () => {
    const d = decide(withBody('/deploy package-site 1.3'), SERVICES, 'pull_request_review_comment')
    expect(d).toEqual({
      decision: 'ignore',
      reason: 'the event is pull_request_review_comment, not issue_comment'
    })
  })

  it('rejects a malformed command with the reason', () => {
    expect(decide(withBody('/deploy package-site latest'), SERVICES)).toEqual({
      decision: 'reject',
      reason: expect.stringContaining("'latest' is not a version")
    })
  })

  it('names why a payload is not a comment, with or without the event name', () => {
    const notComment = 'the event is not an issue comment (no issue or comment object)'
    expect(decide({ issue: {} }, SERVICES)).toEqual({ decision: 'ignore', reason: notComment })
    expect(decide({ issue: {} }, SERVICES, 'issue_comment')).toEqual({
      decision: 'ignore',
      reason: notComment
    })
    expect(decide('text', SERVICES)).toEqual({
      decision: 'ignore',
      reason: 'the event payload is not a JSON object'
    })
  })

  it.each([null, 42, 'text', [], {}])('ignores the non-event %j', payload => {
    expect(decide(payload, SERVICES).decision).toBe('ignore')
    expect(decide(payload, SERVICES, 'issue_comment').decision).toBe('ignore')
  })
})
