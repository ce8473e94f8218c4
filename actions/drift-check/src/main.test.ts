import { afterAll, afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execRunner } from '../../shared/adapters/exec-runner.js'
import { decodeState } from '../../shared/drift/issue-state.js'
import { type RepoCluster, startRepoCluster } from '../../shared/drift/testing/repo-cluster.js'
import { createIssues } from '../../shared/github/issues.js'
import { testOctokit } from '../../shared/testing/github-double/client.js'
import { type GitHubDouble, startGitHubDouble } from '../../shared/testing/github-double/index.js'
import { REPO_ROOT } from '../../shared/testing/run-action-process.js'
import type { Logger } from '../../shared/ports.js'
import { type DriftCheckDeps, main } from './main.js'
import { probesFor } from './probes.js'

const DAY = 86_400_000
const FAST_RETRY = { attempts: 2, baseDelayMs: 1, maxDelayMs: 2, random: () => 0.5 }

/** One run of the action's main() against the doubles, with the clock at `now`. */
function runDeps(github: GitHubDouble, nomadAddr: string, now: number, runId: number) {
  const outputs: Record<string, string> = {}
  const summaries: string[] = []
  const lines: string[] = []
  const masked: string[] = []
  const logger: Logger = {
    info: m => void lines.push(m),
    warning: m => void lines.push(`warning: ${m}`),
    error: m => void lines.push(`error: ${m}`),
    debug: () => undefined,
    group: (_name, fn) => fn()
  }
  const runUrl = `https://github.com/elm/elm-infra/actions/runs/${runId}`
  const deps: DriftCheckDeps = {
    inputs: name =>
      ({
        layers: 'nomad',
        root: SERVICE_ROOT,
        'nomad-addr': nomadAddr,
        'nomad-token': 'nomad-secret',
        'github-token': 'ghs_double_token',
        'fail-on-drift': 'false'
      })[name] ?? '',
    logger,
    summary: { write: async md => void summaries.push(md) },
    outputs: { set: (name, value) => void (outputs[name] = value) },
    masker: { mask: s => void masked.push(s) },
    clock: { now: () => now, sleep: async () => undefined },
    runUrl,
    issues: async () =>
      createIssues(testOctokit(github), { owner: 'elm', repo: 'elm-infra' }, { runUrl }),
    probes: async inputs =>
      probesFor(inputs, {
        env: {},
        clock: { now: () => now, sleep: async () => undefined },
        runner: execRunner,
        retry: FAST_RETRY
      })
  }
  return { deps, outputs, summaries, lines, masked }
}

const driftIssues = (github: GitHubDouble) =>
  github.state.issues.filter(i => i.labels.includes('drift'))

/**
 * The repository's service and platform jobs, without the CSI plugin jobs: the simulated agent does
 * not keep a task's `csi_plugin` block (structs.Task `CSIPluginConfig`), so they would read as edited.
 */
const SERVICE_ROOT = mkdtempSync(join(tmpdir(), 'i21-drift-main-'))
cpSync(join(REPO_ROOT, 'docker'), join(SERVICE_ROOT, 'docker'), { recursive: true })
cpSync(join(REPO_ROOT, 'nomad'), join(SERVICE_ROOT, 'nomad'), {
  recursive: true,
  filter: src => !/\/csi-[^/]*\.nomad\.hcl$/.test(src)
})
afterAll(() => rmSync(SERVICE_ROOT, { recursive: true, force: true }))

describe('drift-check against the GitHub and Nomad doubles', () => {
  let github: GitHubDouble
  let nomad: RepoCluster
  const t0 = Date.parse('2026-11-01T05:17:00Z')

  beforeEach(async () => {
    github = await startGitHubDouble()
    nomad = await startRepoCluster(SERVICE_ROOT)
  })
  afterEach(async () => {
    await github.close()
    await nomad.close()
  })

  test('ten drifting runs leave one open issue, updated in place; a clean run closes it', async () => {
    await nomad.register('nomad/website.nomad.hcl', 'version = "1.2.3"\n')
    for (let run = 1; run <= 10; run++) {
      const r = runDeps(github, nomad.url, t0 + run * DAY, run)
      await main(r.deps)
      expect(r.outputs['drift']).toBe('true')
      expect(r.outputs['issue-number']).toBe(String(driftIssues(github)[0]?.number))
    }
    const issues = driftIssues(github)
    expect(issues).toHaveLength(1)
    const [issue] = issues
    expect(issue?.state).toBe('open')
    expect(issue?.body).toContain('website')
    expect(issue?.body).toContain('Env.VERSION: changed (value hidden)')
    const state = decodeState(issue?.body ?? '')
    expect(state?.firstSeen).toBe(new Date(t0 + DAY).toISOString())
    expect(state?.lastSeen).toBe(new Date(t0 + 10 * DAY).toISOString())
    expect(state?.runs[0]?.url).toMatch(/runs\/10$/)
    expect(
      github
        .requestsTo('POST', '/repos/elm/elm-infra/issues')
        .filter(r => !r.path.includes('comments'))
    ).toHaveLength(1)

    await nomad.register('nomad/website.nomad.hcl')
    const clean = runDeps(github, nomad.url, t0 + 11 * DAY, 11)
    await main(clean.deps)
    expect(clean.outputs['drift']).toBe('false')
    expect(driftIssues(github).map(i => i.state)).toEqual(['closed'])
    const comments = github.state.comments.filter(c => c.issueNumber === issue?.number)
    expect(comments).toHaveLength(1)
    expect(comments[0]?.body).toContain('Every layer is in sync')
    expect(clean.summaries[0]).toContain('No drift')
  })

  test('Nomad unreachable: drift unknown, the open issue stays open and says why', async () => {
    await nomad.register('nomad/www.nomad.hcl', 'version = "2.0.0"\n')
    await main(runDeps(github, nomad.url, t0, 1).deps)
    expect(driftIssues(github)).toHaveLength(1)
    const url = nomad.url
    await nomad.close()
    const r = runDeps(github, url, t0 + DAY, 2)
    await main(r.deps)
    expect(r.outputs['drift']).toBe('unknown')
    const [issue] = driftIssues(github)
    expect(issue?.state).toBe('open')
    expect(issue?.body).toContain('unknown')
    expect(issue?.body).toContain('ECONNREFUSED')
    expect(issue?.body).toContain('Last seen drifting at')
    expect(r.summaries[0]).toContain('❓ unknown')
    expect(r.masked).toEqual(expect.arrayContaining(['ghs_double_token', 'nomad-secret']))
    nomad = await startRepoCluster(REPO_ROOT, { jobFiles: [] })
  })

  test('fail-on-drift turns drift into a failed step, after the issue is written', async () => {
    await nomad.register('nomad/www.nomad.hcl', 'version = "2.0.0"\n')
    const r = runDeps(github, nomad.url, t0, 1)
    const deps = {
      ...r.deps,
      inputs: (name: string) => (name === 'fail-on-drift' ? 'true' : r.deps.inputs(name))
    }
    await expect(main(deps)).rejects.toThrow('Drift found in Nomad')
    expect(driftIssues(github)).toHaveLength(1)
    expect(r.outputs['drift']).toBe('true')
  })
})
