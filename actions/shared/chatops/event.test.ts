import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CORPUS_DIR } from '../testing/corpus.js'
import { readIssueCommentEvent } from './event.js'

/**
 * The trust boundary field by field, on a recorded issue_comment payload (Atlantis' test corpus,
 * a pull-request comment) with one field at a time made absent or of the wrong type.
 */

type Payload = Record<string, Record<string, unknown> & { user?: Record<string, unknown> }>
const recorded = (): Payload =>
  JSON.parse(
    readFileSync(join(CORPUS_DIR, 'github-events/atlantis/githubIssueCommentEvent.json'), 'utf8')
  ) as Payload

const lacks = (fields: string): unknown => ({
  ok: false,
  reason: `the issue_comment payload lacks ${fields}`
})

describe('readIssueCommentEvent', () => {
  it('reads the recorded comment: every field, the pull request, the repository', () => {
    expect(readIssueCommentEvent(recorded())).toStrictEqual({
      ok: true,
      event: {
        action: 'created',
        onPullRequest: true,
        issueNumber: 1,
        commentId: 396926483,
        body: '###comment body###',
        author: 'runatlantis',
        authorType: 'User',
        repository: 'runatlantis/atlantis-tests'
      }
    })
  })

  it('an issue (no pull_request object) and a payload without repository', () => {
    const payload = recorded()
    delete payload['issue']?.['pull_request']
    delete payload['repository']
    const read = readIssueCommentEvent(payload)
    expect(read.ok && read.event.onPullRequest).toBe(false)
    expect(read.ok && 'repository' in read.event).toBe(false)
    const named = recorded()
    named['repository'] = { full_name: 42 }
    const again = readIssueCommentEvent(named)
    expect(again.ok && 'repository' in again.event).toBe(false)
  })

  it('a null body (GitHub sends one for an empty comment) is the empty string', () => {
    const payload = recorded()
    payload['comment']!['body'] = null
    const read = readIssueCommentEvent(payload)
    expect(read.ok && read.event.body).toBe('')
  })

  it.each([
    ['action', (p: Payload) => void (p['action'] = 7 as never)],
    ['issue.number', (p: Payload) => void (p['issue']!['number'] = '1')],
    ['comment.id', (p: Payload) => void delete p['comment']!['id']],
    ['comment.body', (p: Payload) => void (p['comment']!['body'] = 3)],
    ['comment.user.login', (p: Payload) => void delete p['comment']!.user!['login']],
    ['comment.user.type', (p: Payload) => void (p['comment']!.user!['type'] = null)]
  ])('names %s when it alone is missing or of the wrong type', (name, spoil) => {
    const payload = recorded()
    spoil(payload)
    expect(readIssueCommentEvent(payload)).toStrictEqual(lacks(name))
  })

  it('names every missing field, in order; no user object lacks both its fields', () => {
    const payload = recorded()
    delete payload['action']
    ;(payload['comment'] as Record<string, unknown>)['user'] = 'runatlantis'
    expect(readIssueCommentEvent(payload)).toStrictEqual(
      lacks('action, comment.user.login, comment.user.type')
    )
  })

  it.each([0, -1, 1.5, 2 ** 53, Number.NaN, '7'])('an id of %p is not an id', id => {
    const payload = recorded()
    payload['issue']!['number'] = id
    payload['comment']!['id'] = id
    expect(readIssueCommentEvent(payload)).toStrictEqual(lacks('issue.number, comment.id'))
  })

  it('the largest safe id is one', () => {
    const payload = recorded()
    payload['comment']!['id'] = Number.MAX_SAFE_INTEGER
    const read = readIssueCommentEvent(payload)
    expect(read.ok && read.event.commentId).toBe(Number.MAX_SAFE_INTEGER)
  })

  it('a non-object payload, and one without issue or comment objects', () => {
    for (const payload of [null, 'text', [], 42]) {
      expect(readIssueCommentEvent(payload)).toStrictEqual({
        ok: false,
        reason: 'the event payload is not a JSON object'
      })
    }
    for (const payload of [{ issue: {} }, { comment: {} }, { issue: [], comment: {} }]) {
      expect(readIssueCommentEvent(payload)).toStrictEqual({
        ok: false,
        reason: 'the event is not an issue comment (no issue or comment object)'
      })
    }
  })
})
