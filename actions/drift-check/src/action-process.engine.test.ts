import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type RepoCluster, startRepoCluster } from '../../shared/drift/testing/repo-cluster.js'
import { describeWithEngines } from '../../shared/testing/describe-with-engines.js'
import { engines } from '../../shared/testing/engines.js'
import { type GitHubDouble, startGitHubDouble } from '../../shared/testing/github-double/index.js'
import { REPO_ROOT, runActionProcess } from '../../shared/testing/run-action-process.js'

const describeTerraform = describeWithEngines({ terraform: engines.terraform() })
const FIXTURE = join(REPO_ROOT, 'actions/shared/drift/fixtures/terraform')

describeTerraform('drift-check as a process (bundled action)', () => {
  let github: GitHubDouble
  let nomad: RepoCluster
  let dir = ''
  let tfEnv: Record<string, string> = {}

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'drift-process-'))
    writeFileSync(join(dir, 'empty.tfrc'), '')
    tfEnv = { CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: join(dir, 'empty.tfrc') }
    cpSync(FIXTURE, join(dir, 'terraform'), { recursive: true })
    const opts = {
      cwd: join(dir, 'terraform'),
      env: { ...process.env, ...tfEnv },
      stdio: 'pipe' as const
    }
    execFileSync('terraform', ['init', '-input=false', '-no-color'], opts)
    execFileSync('terraform', ['apply', '-auto-approve', '-input=false', '-no-color'], opts)
    // The repository's jobs without the CSI plugin jobs: the simulated agent does not keep a task's
    // `csi_plugin` block (structs.Task `CSIPluginConfig`), so they would read as edited.
    cpSync(join(REPO_ROOT, 'docker'), join(dir, 'repo', 'docker'), { recursive: true })
    cpSync(join(REPO_ROOT, 'nomad'), join(dir, 'repo', 'nomad'), {
      recursive: true,
      filter: src => !/\/csi-[^/]*\.nomad\.hcl$/.test(src)
    })
    github = await startGitHubDouble()
    nomad = await startRepoCluster(join(dir, 'repo'))
  })
  afterAll(async () => {
    await github?.close()
    await nomad?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const action = (env: Record<string, string>) =>
    runActionProcess('drift-check', {
      inputs: {
        layers: 'terraform,nomad',
        root: join(dir, 'repo'),
        'terraform-dir': join(dir, 'terraform'),
        'nomad-addr': nomad.url,
        'nomad-token': 'nomad-secret-token',
        'github-token': 'ghs_double_token',
        'fail-on-drift': 'true'
      },
      env: { ...github.env(), ...tfEnv, ...env }
    })

  test('a change not applied yet is pending-apply: exit 0, no issue; the token never printed', async () => {
    const pending = await action({ TF_VAR_size: 's-2vcpu-4gb' })
    expect(pending.exitCode).toBe(0)
    expect(pending.outputs['drift']).toBe('false')
    expect(pending.summary).toMatch(/Terraform \| ⏳ pending apply/)
    expect(pending.summary).toContain('`terraform_data.node`: update: input')
    expect(pending.summary).toMatch(/Nomad \| ✅ in sync/)
    expect(github.state.issues).toEqual([])
    // The runner consumes ::add-mask:: lines; nothing else may carry the token.
    const printed = (pending.stdout + pending.stderr).replace(/^::add-mask::.*$/gm, '')
    expect(pending.stdout).toContain('::add-mask::nomad-secret-token')
    expect(printed).not.toContain('nomad-secret-token')
    const clean = await action({})
    expect(clean.exitCode).toBe(0)
    expect(clean.outputs['drift']).toBe('false')
  }, 60_000)
})
