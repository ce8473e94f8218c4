import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SimulatedCluster } from '../../shared/nomad/simulated/cluster.js'
import {
  type SimulatedNomadServer,
  serveSimulatedNomad
} from '../../shared/nomad/simulated/http.js'
import { doubleEnv } from '../../shared/testing/github-double/client.js'
import { type GitHubDouble, startGitHubDouble } from '../../shared/testing/github-double/index.js'
import {
  REPO_ROOT,
  type ActionProcessResult,
  runActionProcess
} from '../../shared/testing/run-action-process.js'
import { PR_COMMENT } from './test-support/fakes.js'
import { type RegistryDouble, startRegistryDouble } from './test-support/registry-double.js'
import { repoVolumes } from '../../shared/nomad/simulated/repo-volumes.js'

/**
 * `/deploy website 1.3` from a comment to the final reply, as chatops.yml chains it: the
 * bundled chatops action (command), the bundled nomad-deploy action, the bundled chatops action
 * (report), against the GitHub double, a registry double and the simulated Nomad cluster.
 */

const COMMENT = 396926483
const OLD = `sha256:${'1'.repeat(64)}`
const NEW = `sha256:${'2'.repeat(64)}`

let gh: GitHubDouble
let registry: RegistryDouble
let nomad: SimulatedNomadServer | undefined
let cluster: SimulatedCluster | undefined
let root = ''

beforeEach(async () => {
  gh = await startGitHubDouble()
  gh.addPull({ number: 1 })
  gh.addComments(1, 1, () => ({ id: COMMENT, body: '/deploy website 1.3', user: 'evancz' }))
  gh.state.permissions['elm/elm-infra'] = { evancz: 'maintain' }
  registry = await startRegistryDouble({ 'elm/website': { '1.2': OLD, '1.3': NEW } })
  // The default branch's checkout: one service (its Docker context and its real job file).
  root = await mkdtemp(join(tmpdir(), 'chatops-e2e-'))
  await mkdir(join(root, 'docker', 'website'), { recursive: true })
  await mkdir(join(root, 'nomad'))
  await writeFile(join(root, 'docker', 'website', 'Dockerfile'), 'FROM scratch\n')
  await copyFile(
    join(REPO_ROOT, 'nomad', 'website.nomad.hcl'),
    join(root, 'nomad', 'website.nomad.hcl')
  )
})

afterEach(async () => {
  await nomad?.close()
  cluster?.close()
  await Promise.all([gh.close(), registry.close(), rm(root, { recursive: true, force: true })])
})

async function startNomad(unhealthyNew: boolean): Promise<string> {
  cluster = new SimulatedCluster({
    volumes: repoVolumes(REPO_ROOT),
    nodes: [{}, {}],
    reschedule: 'never',
    health: {
      healthyAfterMs: 50,
      unhealthy: unhealthyNew ? [{ image: NEW, failAfterMs: 50, exitCode: 3 }] : []
    }
  })
  nomad = await serveSimulatedNomad(cluster)
  return nomad.url
}

/** nomad-deploy as chatops.yml runs it: with a token, so it records a GitHub Deployment. */
function nomadDeploy(url: string, inputs: Record<string, string>): Promise<ActionProcessResult> {
  return runActionProcess('nomad-deploy', {
    cwd: root,
    env: doubleEnv(gh),
    inputs: { 'nomad-addr': url, timeout: '2m', 'github-token': 'ghs_double_token', ...inputs }
  })
}

async function chatops(inputs: Record<string, string>): Promise<ActionProcessResult> {
  const payload = JSON.parse(await readFile(PR_COMMENT, 'utf8')) as {
    comment: { body: string; user: { login: string } }
  }
  payload.comment.body = '/deploy website 1.3'
  payload.comment.user.login = 'evancz'
  return runActionProcess('chatops', {
    cwd: root,
    eventPayload: payload,
    env: { ...doubleEnv(gh), GITHUB_EVENT_NAME: 'issue_comment', GITHUB_RUN_ID: '77' },
    inputs: { 'github-token': 'ghs_double_token', registry: registry.host, root, ...inputs }
  })
}

/** command → nomad-deploy → report, with 1.2 already running; returns the final reply. */
async function deployThroughComment(
  unhealthyNew: boolean
): Promise<{ reply: string; deploy: ActionProcessResult }> {
  const url = await startNomad(unhealthyNew)
  const first = await nomadDeploy(url, {
    'job-file': 'nomad/website.nomad.hcl',
    image: `${registry.host}/elm/website@${OLD}`,
    version: '1.2'
  })
  if (first.exitCode !== 0)
    throw new Error(`first deploy failed:\n${first.stdout}\n${first.stderr}`)

  const command = await chatops({})
  expect(command.exitCode).toBe(0)
  expect(command.outputs['should-deploy']).toBe('true')
  expect(command.outputs['image-ref']).toBe(`${registry.host}/elm/website@${NEW}`)
  const replyId = Number(command.outputs['comment-id'])
  expect(gh.state.comments.find(c => c.id === replyId)?.body).toContain('⏳ Deploying')

  const deploy = await nomadDeploy(url, {
    'job-file': command.outputs['job-file'] ?? '',
    image: command.outputs['image-ref'] ?? '',
    version: command.outputs['version'] ?? ''
  })
  const report = await chatops({
    mode: 'report',
    'comment-id': String(replyId),
    service: command.outputs['service'] ?? '',
    version: command.outputs['version'] ?? '',
    'started-at': command.outputs['started-at'] ?? '',
    result: deploy.exitCode === 0 ? 'success' : 'failure',
    status: deploy.outputs['status'] ?? '',
    promoted: deploy.outputs['promoted'] ?? '',
    'reverted-to': deploy.outputs['reverted-to'] ?? '',
    'reverted-app-version': deploy.outputs['reverted-app-version'] ?? '',
    'job-version': deploy.outputs['job-version'] ?? '',
    'deployment-id': deploy.outputs['deployment-id'] ?? '',
    'github-deployment-id': deploy.outputs['github-deployment-id'] ?? '',
    reason: deploy.outputs['reason'] ?? ''
  })
  expect(report.exitCode).toBe(0)
  const replies = gh.state.comments.filter(c => c.id !== COMMENT)
  expect(replies).toHaveLength(1)
  return { reply: replies[0]?.body ?? '', deploy }
}

function reactions(): string[] {
  return gh.state.reactions.filter(r => r.commentId === COMMENT).map(r => r.content)
}

describe('/deploy end to end', () => {
  it('a healthy canary is promoted and the reply ends as success with 🚀', async () => {
    const { reply, deploy } = await deployThroughComment(false)
    expect(deploy.exitCode).toBe(0)
    expect(deploy.outputs['promoted']).toBe('true')
    expect(reply).toMatch(/^🚀 Deployed `website` `1\.3` to `production`\./)
    expect(reply).toContain('- Canary promoted: yes')
    expect(reply).toContain('[Workflow run](https://github.com/elm/elm-infra/actions/runs/77)')
    expect(reactions()).toEqual(['eyes', 'rocket'])
  }, 60_000)

  it('an unhealthy canary fails, Nomad reverts, and the reply ends as failure with 😕 and the reason', async () => {
    const { reply, deploy } = await deployThroughComment(true)
    expect(deploy.exitCode).not.toBe(0)
    expect(reply).toMatch(/^😕 Failed to deploy `website` `1\.3` to `production`\./)
    expect(reply).toContain('- Canary promoted: no')
    // The app version the maintainer thinks in, beside Nomad's job version (#17 item 6).
    expect(reply).toMatch(/Nomad rolled back to job version `\d+` \(app version `[^`]+`\)/)
    expect(reply).toContain(
      '> Deployment failed: Failed due to unhealthy allocations - rolling back to job version 0'
    )
    expect(reactions()).toEqual(['eyes', 'confused'])
  }, 60_000)
})
