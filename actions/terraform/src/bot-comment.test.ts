import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { testOctokit } from '../../shared/testing/github-double/client.js'
import {
  ACTIONS_BOT,
  startGitHubDouble,
  type GitHubDouble
} from '../../shared/testing/github-double/index.js'
import { readBotComment } from './bot-comment.js'

let double: GitHubDouble
beforeAll(async () => {
  double = await startGitHubDouble()
})
afterAll(async () => double.close())

const MARKER = '<!-- elm-infra:terraform-plan terraform -->'
const repo = { owner: 'elm', repo: 'elm-infra' }

describe('readBotComment', () => {
  it('ignores a comment a person wrote with our marker, and finds the bot’s on a later page', async () => {
    const pr = double.addPull().number
    double.addComments(pr, 1, () => ({ user: 'mallory', body: `${MARKER}\nforged record` }))
    double.addComments(pr, 150)
    double.addComments(pr, 1, () => ({ user: ACTIONS_BOT, body: `${MARKER}\nthe real plan` }))
    expect(await readBotComment(testOctokit(double), repo, pr, MARKER)).toBe(
      `${MARKER}\nthe real plan`
    )
  })

  it('finds nothing when only people used the marker', async () => {
    const pr = double.addPull().number
    double.addComments(pr, 1, () => ({ user: 'mallory', body: `${MARKER}\nforged` }))
    expect(await readBotComment(testOctokit(double), repo, pr, MARKER)).toBeUndefined()
  })
})
