import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type GitHubDouble,
  startGitHubDouble
} from '../../actions/shared/testing/github-double/index.js'
import { cli } from '../test-support/run-cli.js'

/** `elm-infra pr-comment` against the GitHub double: one comment per marker, ours only. */
let github: GitHubDouble
let dir: string
beforeEach(async () => {
  github = await startGitHubDouble()
  dir = await mkdtemp(join(tmpdir(), 'pr-comment-'))
})
afterEach(async () => {
  await github.close()
  await rm(dir, { recursive: true, force: true })
})

const env = (): Record<string, string> => ({
  ...github.env(),
  GITHUB_REPOSITORY: 'elm/elm-infra',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_RUN_ID: '7'
})

async function comment(body: string, marker = 'rehearse-lose-node'): ReturnType<typeof cli> {
  const file = join(dir, 'body.md')
  await writeFile(file, body)
  return cli(['pr-comment', '--pr', '1', '--marker', marker, '--body-file', file], env(), dir)
}

describe('elm-infra pr-comment', () => {
  it('creates the comment once, then updates it in place; a comment from someone else is left alone', async () => {
    github.addPull({ number: 1 })
    github.addComments(1, 1, () => ({ body: '<!-- elm-infra:rehearse-lose-node -->\nforged' }))
    const first = await comment('## Losing a node\nfirst')
    expect(first.code).toBe(0)
    expect(first.out).toMatch(/^created /)
    const second = await comment('## Losing a node\nsecond')
    expect(second.out).toMatch(/^updated /)
    const ours = github.state.comments.filter(c => c.user !== 'octocat')
    expect(ours).toHaveLength(1)
    expect(ours[0]?.body).toBe('<!-- elm-infra:rehearse-lose-node -->\n## Losing a node\nsecond')
    expect(github.state.comments.find(c => c.user === 'octocat')?.body).toContain('forged')
    // Another marker is another comment.
    await comment('images', 'images')
    expect(github.state.comments.filter(c => c.user !== 'octocat')).toHaveLength(2)
  })

  it('refuses a bad pull request number or a missing token in one line', async () => {
    const file = join(dir, 'b.md')
    await writeFile(file, 'x')
    const bad = await cli(
      ['pr-comment', '--pr', 'x', '--marker', 'm', '--body-file', file],
      env(),
      dir
    )
    expect(bad).toMatchObject({
      code: 2,
      err: "elm-infra: --pr <number>: 'x' is not a whole number from 1 to 999999999. (--help for usage)\n"
    })
    const noToken = await cli(
      ['pr-comment', '--pr', '1', '--marker', 'm', '--body-file', file],
      {},
      dir
    )
    expect(noToken).toMatchObject({
      code: 2,
      err: 'elm-infra: GITHUB_TOKEN is not set: the comment is written with it.\n'
    })
    expect(github.state.comments).toHaveLength(0)
  })
})
