import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { chmod, copyFile, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
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
import { cli } from '../../../cli/test-support/run-cli.js'
import { PR_COMMENT } from './test-support/fakes.js'
import {
  type RegistryDouble,
  manifestFor,
  pushManifest,
  startRegistryDouble
} from './test-support/registry-double.js'
import { repoVolumes } from '../../shared/nomad/simulated/repo-volumes.js'

/**
 * Issue #16's pipeline end to end, with the bundled actions as deploy.yml and chatops.yml chain
 * them, against the GitHub double, an OCI registry double and the simulated Nomad cluster:
 *   1. a push that bumps docker/package-site/VERSION to 1.3: `elm-infra deploy-plan` picks
 *      package-site, build-image builds it and tags `:1.3`, nomad-deploy runs it by digest;
 *   2. `/deploy package-site 1.2` on a PR: command → recheck → nomad-deploy → report rolls back to
 *      1.2's digest;
 *   3. a commenter who lost write access between the comment and the deploy job deploys nothing.
 * `docker` is a stand-in script: `build` does nothing, `push` PUTs a manifest into the double.
 */

const PATH = 'elm/package-site'
const COMMENT = 396926483
const OLD = manifestFor('release 1.2')
let gh: GitHubDouble
let registry: RegistryDouble
let nomad: SimulatedNomadServer
let cluster: SimulatedCluster
let root = ''
let bin = ''
const sha: Record<string, string> = {}

const git = (...args: string[]): string =>
  execFileSync('git', ['-C', root, ...args], {
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@t',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@t'
    }
  })
    .toString()
    .trim()

const FAKE_DOCKER = `#!/bin/sh
# build: nothing to do; push <host>/<path>:<tag>: PUT a manifest named after the tag.
if [ "$1" = push ]; then
  ref="$2"; host="\${ref%%/*}"; rest="\${ref#*/}"; path="\${rest%:*}"; tag="\${rest##*:}"
  cfg=$(printf %s "$tag" | sha256sum | cut -c1-64)
  body='{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","size":2,"digest":"sha256:'"$cfg"'"},"layers":[]}'
  exec curl -fsS -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' --data-binary "$body" "http://$host/v2/$path/manifests/$tag"
fi
exit 0
`

beforeAll(async () => {
  gh = await startGitHubDouble()
  gh.addPull({ number: 1 })
  gh.addComments(1, 1, () => ({ id: COMMENT, body: '/deploy package-site 1.2', user: 'evancz' }))
  gh.state.permissions['elm/elm-infra'] = { evancz: 'maintain' }
  registry = await startRegistryDouble({ [PATH]: {} })
  // The repository: the real package-site context and job file; 1.2 is the last successful deploy.
  root = await mkdtemp(join(tmpdir(), '16-pipeline-'))
  await cp(join(REPO_ROOT, 'docker', 'package-site'), join(root, 'docker', 'package-site'), {
    recursive: true
  })
  await mkdir(join(root, 'nomad'))
  await copyFile(
    join(REPO_ROOT, 'nomad', 'package-site.nomad.hcl'),
    join(root, 'nomad', 'package-site.nomad.hcl')
  )
  await writeFile(join(root, 'docker', 'package-site', 'VERSION'), '1.2\n')
  git('init', '-q', '-b', 'main')
  // chatops' re-check fetches main from origin into refs/elm-infra/main: origin is the repository itself.
  git('remote', 'add', 'origin', root)
  git('add', '.')
  git('commit', '-qm', 'package-site 1.2')
  sha['1.2'] = git('rev-parse', 'HEAD')
  // 1.2 as its own deploy left it in the registry.
  await pushManifest(registry.host, PATH, '1.2', OLD.body)
  await pushManifest(registry.host, PATH, sha['1.2'] ?? '', OLD.body)
  // The push under test: a new upstream revision and VERSION 1.3.
  const dockerfile = join(root, 'docker', 'package-site', 'Dockerfile')
  await writeFile(
    dockerfile,
    (await readFile(dockerfile, 'utf8')).replace(
      /^ARG SOURCE_REF=.*$/m,
      `ARG SOURCE_REF=${'e'.repeat(40)}`
    )
  )
  await writeFile(join(root, 'docker', 'package-site', 'VERSION'), '1.3\n')
  git('commit', '-qam', 'package-site 1.3')
  sha['1.3'] = git('rev-parse', 'HEAD')
  bin = await mkdtemp(join(tmpdir(), '16-docker-'))
  await writeFile(join(bin, 'docker'), FAKE_DOCKER)
  await chmod(join(bin, 'docker'), 0o755)
  cluster = new SimulatedCluster({
    volumes: repoVolumes(REPO_ROOT),
    nodes: [{}, {}],
    reschedule: 'never',
    health: { healthyAfterMs: 50, unhealthy: [] }
  })
  nomad = await serveSimulatedNomad(cluster)
}, 60_000)

afterAll(async () => {
  await nomad?.close()
  cluster?.close()
  await Promise.all([
    gh?.close(),
    registry?.close(),
    rm(root, { recursive: true, force: true }),
    rm(bin, { recursive: true, force: true })
  ])
})

/** The image the running package-site job was last registered with. */
function runningImage(): string {
  const job = cluster.job('package-site') as unknown as {
    TaskGroups: Array<{ Tasks: Array<{ Config: Record<string, unknown> }> }>
  }
  return String(job.TaskGroups[0]?.Tasks[0]?.Config['image'] ?? '')
}

function nomadDeploy(inputs: Record<string, string>): Promise<ActionProcessResult> {
  return runActionProcess('nomad-deploy', {
    cwd: root,
    env: doubleEnv(gh),
    inputs: {
      'nomad-addr': nomad.url,
      timeout: '2m',
      'github-token': 'ghs_double_token',
      ...inputs
    }
  })
}

async function chatops(inputs: Record<string, string>): Promise<ActionProcessResult> {
  const payload = JSON.parse(await readFile(PR_COMMENT, 'utf8')) as {
    comment: { body: string; user: { login: string } }
  }
  payload.comment.body = '/deploy package-site 1.2'
  payload.comment.user.login = 'evancz'
  return runActionProcess('chatops', {
    cwd: root,
    eventPayload: payload,
    env: { ...doubleEnv(gh), GITHUB_EVENT_NAME: 'issue_comment', GITHUB_RUN_ID: '77' },
    inputs: { 'github-token': 'ghs_double_token', registry: registry.host, root, ...inputs }
  })
}

/** chatops.yml's deploy job: checkout (root), recheck, then nomad-deploy only if it passed. */
async function deployJob(
  command: ActionProcessResult
): Promise<{ recheck: ActionProcessResult; deploy?: ActionProcessResult }> {
  const recheck = await chatops({
    mode: 'recheck',
    'job-file': command.outputs['job-file'] ?? '',
    'spec-sha': sha['1.3'] ?? '',
    'main-branch': 'main'
  })
  if (recheck.exitCode !== 0) return { recheck }
  const deploy = await nomadDeploy({
    'job-file': command.outputs['job-file'] ?? '',
    image: command.outputs['image-ref'] ?? '',
    version: command.outputs['version'] ?? ''
  })
  return { recheck, deploy }
}

describe('the pipeline end to end (issue #16)', () => {
  it('a push bumping VERSION to 1.3 builds :1.3 and deploys it by digest', async () => {
    const plan = await cli([
      'deploy-plan',
      '--json',
      '--root',
      root,
      '--head',
      sha['1.3'] ?? '',
      '--last-success',
      sha['1.2'] ?? '',
      '--before',
      sha['1.2'] ?? ''
    ])
    expect(plan.code).toBe(0)
    const decided = JSON.parse(plan.out) as {
      services: string[]
      jobs: string[]
      terraform: string
    }
    expect(decided).toMatchObject({
      services: ['package-site'],
      jobs: ['package-site'],
      terraform: 'none'
    })

    const build = await runActionProcess('build-image', {
      cwd: root,
      env: { GITHUB_WORKSPACE: root, ELM_INFRA_DOCKER: join(bin, 'docker') },
      inputs: {
        services: decided.services.join(','),
        sha: sha['1.3'] ?? '',
        'release-versions': 'true',
        registry: registry.host,
        builder: 'docker'
      },
      timeoutMs: 90_000
    })
    expect(`${build.exitCode} ${build.stderr}`).toBe('0 ')
    const images = JSON.parse(build.outputs['images'] ?? '{}') as Record<string, string>
    const digest = registry.digestOf(PATH, '1.3')
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(digest).not.toBe(OLD.digest)
    expect(registry.digestOf(PATH, sha['1.3'] ?? '')).toBe(digest)
    expect(registry.digestOf(PATH, '1.2')).toBe(OLD.digest) // a release tag never moves
    expect(images['package-site']).toBe(`${registry.host}/${PATH}@${digest}`)

    // deploy.yml's targets job hands the digest to the Nomad job, which deploys it.
    const deploy = await nomadDeploy({
      'job-file': 'nomad/package-site.nomad.hcl',
      image: images['package-site'] ?? '',
      version: sha['1.3'] ?? ''
    })
    expect(`${deploy.exitCode} ${deploy.stderr}`).toBe('0 ')
    expect(runningImage()).toBe(`${registry.host}/${PATH}@${digest}`)
  }, 180_000)

  it('/deploy package-site 1.2 rolls back to 1.2 by digest', async () => {
    const command = await chatops({})
    expect(command.exitCode).toBe(0)
    expect(command.outputs['should-deploy']).toBe('true')
    expect(command.outputs['image-ref']).toBe(`${registry.host}/${PATH}@${OLD.digest}`)
    const { recheck, deploy } = await deployJob(command)
    expect(recheck.exitCode).toBe(0)
    expect(deploy?.exitCode).toBe(0)
    expect(runningImage()).toBe(`${registry.host}/${PATH}@${OLD.digest}`)
  }, 180_000)

  it('a commenter who lost write access between comment and deploy deploys nothing', async () => {
    gh.state.permissions['elm/elm-infra'] = { evancz: 'maintain' }
    const before = cluster.job('package-site')?.Version
    const command = await chatops({})
    expect(command.outputs['should-deploy']).toBe('true')
    // The deploy job waits for approval / the production queue; meanwhile evancz is demoted.
    gh.state.permissions['elm/elm-infra'] = { evancz: 'read' }
    const { recheck, deploy } = await deployJob(command)
    expect(recheck.exitCode).not.toBe(0)
    expect(recheck.outputs['reason']).toBe(
      'evancz has read permission now (deploying needs write, maintain or admin); nothing was deployed'
    )
    expect(deploy).toBeUndefined()
    expect(cluster.job('package-site')?.Version).toBe(before)
    expect(runningImage()).toBe(`${registry.host}/${PATH}@${OLD.digest}`)
  }, 180_000)

  it('main changed the job file after the command: the deploy job re-checks, refuses and deploys nothing', async () => {
    gh.state.permissions['elm/elm-infra'] = { evancz: 'maintain' }
    const before = cluster.job('package-site')?.Version
    const image = runningImage()
    const command = await chatops({})
    expect(command.outputs['should-deploy']).toBe('true')
    expect(command.outputs['job-file']).toBe('nomad/package-site.nomad.hcl')
    // While the deploy job waits for its turn, a merged pull request changes the job file.
    const jobFile = join(root, 'nomad', 'package-site.nomad.hcl')
    await writeFile(jobFile, `${await readFile(jobFile, 'utf8')}\n# changed after the command\n`)
    git('commit', '-qam', 'package-site: the job file changed after the command')
    const changed = git('rev-parse', 'HEAD')
    const { recheck, deploy } = await deployJob(command)
    expect(recheck.exitCode).not.toBe(0)
    expect(recheck.outputs['reason']).toBe(
      `main moved past the job spec this command was accepted with: nomad/package-site.nomad.hcl changed in ${changed.slice(0, 12)} after ${(sha['1.3'] ?? '').slice(0, 12)}; nothing was deployed. Comment \`/deploy\` again to deploy with main as it is now.`
    )
    expect(deploy).toBeUndefined()
    expect(cluster.job('package-site')?.Version).toBe(before)
    expect(runningImage()).toBe(image)
  }, 180_000)
})
