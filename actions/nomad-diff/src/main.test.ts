import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createNomadDriftApi } from '../../shared/drift/nomad-drift-api.js'
import { type RepoCluster, startRepoCluster } from '../../shared/drift/testing/repo-cluster.js'
import { createStickyComments } from '../../shared/github/sticky-comments.js'
import { nomadConfigFromEnv } from '../../shared/nomad/client/config.js'
import { createHttpTransport } from '../../shared/nomad/client/http.js'
import { FAST_RETRY } from '../../shared/nomad/deploy/test-kit.js'
import { systemClock } from '../../shared/ports.js'
import { testOctokit } from '../../shared/testing/github-double/client.js'
import { type GitHubDouble, startGitHubDouble } from '../../shared/testing/github-double/index.js'
import { REPO_ROOT } from '../../shared/testing/run-action-process.js'
import { type NomadDiffDeps, main } from './main.js'

/**
 * nomad-diff against the GitHub double and the simulated Nomad agent running the repository's own
 * jobs: a PR that edits a job file, and one that only touches a service's docker/ context.
 */
describe('nomad-diff (GitHub double, simulated Nomad)', () => {
  let github: GitHubDouble
  let nomad: RepoCluster
  let root = ''

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'i21-nomad-diff-'))
    cpSync(join(REPO_ROOT, 'nomad'), join(root, 'nomad'), { recursive: true })
    cpSync(join(REPO_ROOT, 'docker'), join(root, 'docker'), { recursive: true })
    github = await startGitHubDouble()
    github.addPull({ number: 7 })
    github.addPull({ number: 8 })
    nomad = await startRepoCluster(REPO_ROOT)
  }, 60_000)
  afterAll(async () => {
    await github?.close()
    await nomad?.close()
    rmSync(root, { recursive: true, force: true })
  })

  function run(changed: string[], pr = 7) {
    const outputs: Record<string, string> = {}
    const summaries: string[] = []
    const deps: NomadDiffDeps = {
      inputs: name =>
        ({
          root,
          base: 'a'.repeat(40),
          head: 'b'.repeat(40),
          'pr-number': String(pr),
          'github-token': 'ghs_double_token',
          'nomad-token': 'nomad-read-token'
        })[name] ?? '',
      logger: {
        info: () => undefined,
        warning: () => undefined,
        error: () => undefined,
        debug: () => undefined,
        group: (_name, fn) => fn()
      },
      summary: { write: async text => void summaries.push(text) },
      outputs: { set: (name, value) => void (outputs[name] = value) },
      masker: { mask: () => undefined },
      runUrl: 'https://github.com/elm/elm-infra/actions/runs/1',
      changedFiles: async () => changed,
      nomad: () => {
        const transport = createHttpTransport(nomadConfigFromEnv({ NOMAD_ADDR: nomad.url }))
        return {
          api: createNomadDriftApi({ transport, clock: systemClock, retry: FAST_RETRY }),
          close: () => transport.close()
        }
      },
      stickyComments: () =>
        createStickyComments(
          testOctokit(github),
          { owner: 'elm', repo: 'elm-infra' },
          {
            runUrl: 'https://github.com/elm/elm-infra/actions/runs/1'
          }
        )
    }
    return { go: () => main(deps), outputs, summaries }
  }

  test('an edited job file gets one sticky comment: the fields, and what Nomad does', async () => {
    const file = join(root, 'nomad/website.nomad.hcl')
    writeFileSync(file, readFileSync(file, 'utf8').replace('memory     = 96', 'memory     = 128'))
    const first = run(['nomad/website.nomad.hcl'])
    await first.go()
    expect(first.outputs).toEqual({ jobs: '["website"]', changed: 'true' })
    const comments = github.state.comments.filter(c => c.issueNumber === 7)
    expect(comments).toHaveLength(1)
    const body = comments[0]?.body ?? ''
    expect(body).toMatch(/^<!-- elm-infra:nomad-diff-website -->\n## Nomad: `website`/)
    expect(body).toMatch(/Resources\.MemoryMB: 96 → 128/)
    expect(body).toMatch(/group website: destructive update \(task memory\): 1 canary first/)
    // A second run updates the same comment.
    await run(['nomad/website.nomad.hcl']).go()
    expect(github.state.comments.filter(c => c.issueNumber === 7)).toHaveLength(1)
  }, 60_000)

  test('a docker/-only change: the job spec is unchanged, the image rollout is said (with canaries where the job has them)', async () => {
    const r = run(['docker/package-site/Dockerfile'])
    await r.go()
    const body =
      github.state.comments.find(c => c.body.includes('nomad-diff-package-site'))?.body ?? ''
    expect(body).toContain('No change to the running job spec')
    // package-site rolls without a canary (its volume can be claimed once: nomad/package-site.nomad.hcl).
    expect(body).toMatch(
      /`docker\/package-site\/` changed: .*a destructive update \(task config\)\.\n/
    )
  }, 60_000)

  test('website rolls its new image with a canary first', async () => {
    await run(['docker/website/Dockerfile']).go()
    const body = github.state.comments.find(c => c.body.includes('nomad-diff-website'))?.body ?? ''
    expect(body).toMatch(/`docker\/website\/` changed: .*with 1 canary first\./)
  }, 60_000)

  test('a job the PR no longer changes: its earlier comment says so, no other comment appears', async () => {
    const file = join(root, 'nomad/website.nomad.hcl')
    const original = readFileSync(file, 'utf8')
    writeFileSync(file, original.replace('memory     = 96', 'memory     = 128'))
    await run(['nomad/website.nomad.hcl'], 8).go()
    const before = github.state.comments.filter(c => c.issueNumber === 8)
    expect(before.map(c => c.body.split('\n')[0])).toEqual([
      '<!-- elm-infra:nomad-diff-website -->'
    ])
    // The next push reverts the job file and touches www's instead.
    writeFileSync(file, original)
    const later = run(['nomad/www.nomad.hcl'], 8)
    await later.go()
    const after = github.state.comments.filter(c => c.issueNumber === 8)
    const website = after.find(c => c.body.startsWith('<!-- elm-infra:nomad-diff-website -->'))
    expect(website?.id).toBe(before[0]?.id)
    expect(website?.body).toContain('No longer changed by this pull request')
    expect(website?.body).not.toMatch(/MemoryMB/)
    // www got its own comment; no job that was never commented on gets one.
    expect(after.map(c => c.body.split('\n')[0]).sort()).toEqual([
      '<!-- elm-infra:nomad-diff-website -->',
      '<!-- elm-infra:nomad-diff-www -->'
    ])
    // And with nothing under nomad/ or docker/ changed at all, the stale notes still happen.
    await run(['README.md'], 8).go()
    const www = github.state.comments.find(
      c => c.issueNumber === 8 && c.body.startsWith('<!-- elm-infra:nomad-diff-www -->')
    )
    expect(www?.body).toContain('No longer changed by this pull request')
  }, 90_000)

  test('a PR that deletes a service: its comment says the running job goes away and how to stop it', async () => {
    const saved = join(tmpdir(), `i29-www-${process.pid}`)
    cpSync(join(root, 'docker', 'www'), join(saved, 'docker'), { recursive: true })
    cpSync(join(root, 'nomad', 'www.nomad.hcl'), join(saved, 'www.nomad.hcl'))
    try {
      rmSync(join(root, 'docker', 'www'), { recursive: true })
      rmSync(join(root, 'nomad', 'www.nomad.hcl'))
      github.addPull({ number: 9 })
      const r = run(['docker/www/Dockerfile', 'nomad/www.nomad.hcl'], 9)
      await r.go()
      expect(r.outputs['changed']).toBe('true')
      const comments = github.state.comments.filter(c => c.issueNumber === 9)
      expect(comments).toHaveLength(1)
      expect(comments[0]?.body).toMatch(
        /^<!-- elm-infra:nomad-diff-www -->\n## Nomad: `www` \(`nomad\/www\.nomad\.hcl`\)\n\n🗑️ Removed by this pull request \(`nomad\/www\.nomad\.hcl` is deleted\), and running in the cluster \(version \d+\)\. .*`nomad job stop -purge www`/
      )
    } finally {
      cpSync(join(saved, 'docker'), join(root, 'docker', 'www'), { recursive: true })
      cpSync(join(saved, 'www.nomad.hcl'), join(root, 'nomad', 'www.nomad.hcl'))
      rmSync(saved, { recursive: true, force: true })
    }
  }, 60_000)

  test('nothing under nomad/ or docker/: no comment, no Nomad connection', async () => {
    const r = run(['README.md'])
    await r.go()
    expect(r.outputs).toEqual({ jobs: '[]', changed: 'false' })
  })
})
