import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EXIT } from '../program.js'
import { cli } from '../test-support/run-cli.js'
import { CORPUS_DIR } from '../../actions/shared/testing/corpus.js'

const PR_COMMENT = join(CORPUS_DIR, 'github-events/atlantis/githubIssueCommentEvent.json')
const ISSUE_EDIT = join(
  CORPUS_DIR,
  'github-events/octokit-webhooks/issue_comment.edited.payload.json'
)
const SERVICES = 'package-site,website,www'

let dir = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parse-command-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function commentPayload(body: string): Promise<string> {
  const payload = JSON.parse(await readFile(PR_COMMENT, 'utf8')) as {
    comment: { body: string }
  }
  payload.comment.body = body
  const path = join(dir, `payload-${Math.random().toString(36).slice(2)}.json`)
  await writeFile(path, JSON.stringify(payload))
  return path
}

describe('elm-infra parse-command', () => {
  it('prints a deploy decision with service and version only', async () => {
    const event = await commentPayload('/deploy package-site 1.3')
    const { code, out } = await cli(['parse-command', '--event', event, '--services', SERVICES])
    expect(code).toBe(EXIT.ok)
    expect(JSON.parse(out)).toEqual({
      decision: 'deploy',
      service: 'package-site',
      version: '1.3',
      permission: 'not checked'
    })
  })

  it('prints a rejection with its reason', async () => {
    const event = await commentPayload('/deploy package-site 1.3; rm -rf /')
    const { code, out } = await cli(['parse-command', '--event', event, '--services', SERVICES])
    expect(code).toBe(EXIT.ok)
    const result = JSON.parse(out) as Record<string, unknown>
    expect(result).toEqual({
      decision: 'reject',
      reason: expect.stringContaining('not a version'),
      permission: 'not checked'
    })
  })

  it('ignores a recorded edit', async () => {
    const { out } = await cli(['parse-command', '--event', ISSUE_EDIT, '--services', SERVICES])
    expect(JSON.parse(out)).toEqual({
      decision: 'ignore',
      reason: expect.stringContaining('edited'),
      permission: 'not checked'
    })
  })

  it('honours --event-name', async () => {
    const event = await commentPayload('/deploy package-site 1.3')
    const argv = ['parse-command', '--event', event, '--services', SERVICES, '--event-name', 'push']
    const { out } = await cli(argv)
    expect(JSON.parse(out)).toEqual({
      decision: 'ignore',
      reason: 'the event is push, not issue_comment',
      permission: 'not checked'
    })
  })

  it('reads service names from the catalog by default', async () => {
    const event = await commentPayload('/deploy nosuchservice 1.3')
    const { code, out } = await cli(['parse-command', '--event', event])
    expect(code).toBe(EXIT.ok)
    expect(JSON.parse(out)).toEqual({
      decision: 'reject',
      reason: expect.stringContaining('unknown service'),
      permission: 'not checked'
    })
  })

  it.each([
    ['a missing file', async () => join(dir, 'nope.json'), 'does not exist'],
    [
      'a file that is not JSON',
      async () => {
        const path = join(dir, 'bad.json')
        await writeFile(path, '{"issue": ')
        return path
      },
      'not JSON'
    ]
  ])(
    'exits 2 on %s (a bad file is bad input, as in every command)',
    async (_name, makePath, message) => {
      const { code, err } = await cli(['parse-command', '--event', await makePath()])
      expect(code).toBe(EXIT.usage)
      expect(err).toContain(message)
    }
  )
})
