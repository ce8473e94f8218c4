import { afterEach, describe, expect, it } from '@jest/globals'
import { systemClock as clock } from '../../shared/ports.js'
import type { NomadClient } from '../../shared/nomad/client/client.js'
import { type Target, clientFor, deploy, startTarget } from '../../shared/nomad/deploy/test-kit.js'
import { type GitHubDouble, startGitHubDouble } from '../../shared/testing/github-double/index.js'
import { runActionProcess } from '../../shared/testing/run-action-process.js'

/** The bundled action (dist/index.js) as a process, against the simulated cluster and the GitHub double. */
let target: Target | undefined
let client: NomadClient | undefined
let github: GitHubDouble | undefined
afterEach(async () => {
  client?.close()
  await target?.close()
  await github?.close()
})

const TOKEN = '5a1e7c0d-nomad-acl-secret'
const v1 = { image: 'ghcr.io/elm/website@sha256:1111', version: '1' }

/** The website at version 1 on a fresh double (ACLs on), and the GitHub double. */
async function prepare(
  health?: Parameters<typeof startTarget>[0]
): Promise<{ target: Target; github: GitHubDouble }> {
  target = await startTarget({ ...health, http: { aclToken: TOKEN } })
  client = clientFor(target.address, clock, TOKEN)
  const { readFileSync } = await import('node:fs')
  const hcl = readFileSync(new URL('../../../nomad/website.nomad.hcl', import.meta.url), 'utf8')
  expect((await deploy(client, hcl, v1, { clock })).status).toBe('success')
  github = await startGitHubDouble()
  return { target, github }
}

function run(
  t: Target,
  gh: GitHubDouble,
  image: string,
  extra: { signalAfterMs?: number; timeout?: string } = {}
) {
  return runActionProcess('nomad-deploy', {
    inputs: {
      service: 'website',
      image,
      version: '2',
      'nomad-addr': t.address,
      'nomad-token': TOKEN,
      timeout: extra.timeout ?? '30s',
      'github-token': 'ghs_double_token',
      environment: 'production'
    },
    env: { GITHUB_API_URL: gh.url },
    timeoutMs: 45_000,
    ...(extra.signalAfterMs === undefined ? {} : { signalAfterMs: extra.signalAfterMs })
  })
}

function statesOf(gh: GitHubDouble): string[] {
  return gh.state.deploymentStatuses.map(s => s.state)
}

describe('nomad-deploy as a process', () => {
  it('promotes a healthy canary, exits 0, sets outputs, summary and GitHub Deployment statuses', async () => {
    const { target, github } = await prepare()
    const result = await run(target, github, 'ghcr.io/elm/website@sha256:2222')
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({
      status: 'success',
      promoted: 'true',
      'job-version': '1',
      'reverted-to': ''
    })
    expect(result.outputs['deployment-id']).toMatch(/^[0-9a-f-]{36}$/)
    expect(result.stdout).toMatch(/Promoting website: every canary is healthy/)
    expect(result.summary).toMatch(/## ✅ Deployed: `nomad\/website.nomad.hcl`/)
    expect(result.summary).toMatch(
      /Config.image: "ghcr.io\/elm\/website@sha256:1111" → "ghcr.io\/elm\/website@sha256:2222"/
    )
    expect(statesOf(github)).toEqual(['in_progress', 'success'])
    expect(github.state.deploymentStatuses[1]).toMatchObject({
      logUrl: 'https://github.com/elm/elm-infra/actions/runs/1',
      environmentUrl: 'https://elm-lang.org'
    })
    expect(github.state.deployments[0]).toMatchObject({
      environment: 'production',
      ref: '0000000000000000000000000000000000000000'
    })
  }, 60_000)

  it('exits non-zero with the reason when the canary is unhealthy and Nomad reverts', async () => {
    const { target, github } = await prepare({
      health: { healthyAfterMs: 30, unhealthy: [{ image: 'sha256:bad' }] },
      reschedule: 'never'
    })
    const result = await run(target, github, 'ghcr.io/elm/website@sha256:bad')
    expect(result.exitCode).not.toBe(0)
    expect(result.stdout).toMatch(
      /::error::Deploy of nomad\/website.nomad.hcl failed: Deployment failed: Failed due to unhealthy allocations - rolling back to job version 0/
    )
    expect(result.stdout).toMatch(/Exit Code: 1/)
    expect(result.outputs).toMatchObject({
      status: 'failure',
      // The version this run registered; Nomad's revert copy (version 2) is not ours.
      'job-version': '1',
      'reverted-to': '0',
      promoted: 'false'
    })
    expect(result.summary).toMatch(/❌ Deploy failed/)
    expect(statesOf(github)).toEqual(['in_progress', 'failure'])
  }, 60_000)

  it('on SIGTERM fails the in-flight deployment, marks the GitHub Deployment error and exits non-zero', async () => {
    const { target, github } = await prepare()
    target.cluster?.setHealthPolicy('manual')
    const result = await run(target, github, 'ghcr.io/elm/website@sha256:3333', {
      // Late enough for the deployment to exist even on a busy machine (start-up takes seconds).
      signalAfterMs: 12_000,
      timeout: '60s'
    })
    expect(result.exitCode).not.toBe(0)
    expect(result.stdout).toMatch(/Received SIGTERM: cancelling the deploy/)
    expect(result.stdout).toMatch(/Deployment marked as failed - rolling back to job version 0/)
    expect(result.outputs['status']).toBe('cancelled')
    expect(target.cluster?.deployments('website')[1]?.Status).toBe('failed')
    expect(statesOf(github)).toEqual(['in_progress', 'error'])
  }, 60_000)

  it('never prints the Nomad token (only the runner’s add-mask command carries it)', async () => {
    const { target, github } = await prepare()
    target.cluster?.setHealthPolicy('manual')
    const result = await run(target, github, 'ghcr.io/elm/website@sha256:4444', { timeout: '2s' })
    expect(result.exitCode).not.toBe(0)
    expect(result.stdout).toMatch(/Timed out/)
    const outside = [
      result.stdout.replace(`::add-mask::${TOKEN}`, ''),
      result.stderr,
      result.summary,
      JSON.stringify(result.outputs)
    ]
    for (const text of outside) expect(text).not.toContain(TOKEN)
    expect(result.stdout).toContain(`::add-mask::${TOKEN}`)
  }, 60_000)
})
