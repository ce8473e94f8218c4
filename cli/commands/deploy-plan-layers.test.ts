import { afterAll, beforeAll, describe, expect, test, jest } from '@jest/globals'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { createTempRepo } from '../../actions/shared/docker/fixtures/temp-repo.js'
import { EXIT } from '../program.js'
import { cli } from '../test-support/run-cli.js'
import { gitIn } from '../../actions/shared/testing/git.js'

/**
 * Issue #27: `elm-infra deploy-plan --runs` plans each layer from its own last success, read from
 * deploy.yml's past runs and their jobs. The runs are GitHub's recorded webhook objects
 * (@octokit/webhooks-examples: a `workflow_run` and a `workflow_job`, the same shapes as the REST
 * "List workflow runs" / "List jobs for a workflow run" answers) with our head SHAs, job names and
 * conclusions put in; the history is a real git repository.
 */

// Real processes and servers: seconds on a busy 2-core machine.
jest.setTimeout(30_000)

const require = createRequire(import.meta.url)
const examples = require('@octokit/webhooks-examples/api.github.com/index.json') as Array<{
  name: string
  examples: Array<Record<string, unknown>>
}>
const recorded = (event: string, key: string): Record<string, unknown> =>
  (examples.find(e => e.name === event)?.examples[0]?.[key] ?? {}) as Record<string, unknown>
const RUN = recorded('workflow_run', 'workflow_run')
const JOB = recorded('workflow_job', 'workflow_job')

const contexts = join(
  import.meta.dirname,
  '..',
  '..',
  'actions',
  'build-image',
  'fixtures',
  'contexts'
)
let root = ''
const sha: Record<string, string> = {}
const git = (...args: string[]): string => gitIn(root, ...args)

async function commit(name: string, file: string, text: string): Promise<void> {
  await mkdir(join(root, file, '..'), { recursive: true })
  await writeFile(join(root, file), text)
  git('add', '.')
  git('commit', '-qm', name)
  sha[name] = git('rev-parse', 'HEAD')
}

type Conclusion = 'success' | 'failure' | 'cancelled' | 'skipped'
function run(
  n: number,
  head: string,
  jobs: Record<string, Conclusion | 'in_progress'>,
  status = 'completed'
): Record<string, unknown> {
  return {
    ...RUN,
    id: 9000 + n,
    run_number: n,
    head_sha: head,
    status,
    conclusion: status === 'completed' ? 'success' : null,
    jobs: Object.entries(jobs).map(([name, c]) => ({
      ...JOB,
      run_id: 9000 + n,
      name,
      status: c === 'in_progress' ? 'in_progress' : 'completed',
      conclusion: c === 'in_progress' ? null : c
    }))
  }
}

const ALL_OK = {
  'what to deploy (no secrets)': 'success',
  build: 'success',
  'terraform apply': 'success',
  ansible: 'success',
  'nomad traefik': 'success',
  'nomad website': 'success',
  'nomad www': 'success'
} as const

beforeAll(async () => {
  root = await createTempRepo({ website: join(contexts, 'website'), www: join(contexts, 'www') }, [
    'traefik'
  ])
  git('init', '-q', '-b', 'main')
  await commit('deployed', 'terraform/main.tf', '# one\n')
  await commit('apply', 'terraform/main.tf', '# two: a new droplet\n')
  await commit('next', 'docker/website/site/index.html', 'next\n')
})
afterAll(async () => rm(root, { recursive: true, force: true }))

async function plan(runs: unknown[], head = sha['next'] ?? ''): Promise<Record<string, unknown>> {
  const file = join(root, '..', `runs-${Date.now()}.json`)
  await writeFile(file, JSON.stringify(runs))
  const { code, out, err } = await cli([
    'deploy-plan',
    '--json',
    '--root',
    root,
    '--head',
    head,
    '--before',
    sha['apply'] ?? '',
    '--last-success',
    sha['deployed'] ?? '',
    '--runs',
    file,
    '--run-id',
    '9003'
  ])
  await rm(file)
  expect(err).toBe('')
  expect(code).toBe(EXIT.ok)
  return JSON.parse(out) as Record<string, unknown>
}

describe('deploy-plan from each layer’s own last success (issue #27)', () => {
  test('Ansible failed on the previous run (apply succeeded): the next run provisions', async () => {
    const result = await plan([
      run(3, sha['next'] ?? '', { 'what to deploy (no secrets)': 'in_progress' }, 'in_progress'),
      run(2, sha['apply'] ?? '', {
        ...ALL_OK,
        build: 'skipped',
        ansible: 'failure',
        'nomad traefik': 'skipped',
        'nomad website': 'skipped',
        'nomad www': 'skipped'
      }),
      run(1, sha['deployed'] ?? '', ALL_OK)
    ])
    expect(result).toMatchObject({
      terraform: 'none', // applied in run #2: not "pending"
      ansible: true,
      jobs: ['website'],
      services: ['website']
    })
    const notes = (result['notes'] as string[]).join('\n')
    expect(notes).toContain(
      `Ansible: its run in run #2 (${(sha['apply'] ?? '').slice(0, 12)}) ended failure after its last success in run #1`
    )
    expect(notes).toContain('unchanged since its last successful apply in run #2')
  })

  test('Ansible failed on its own (no apply in that run): the next run provisions', async () => {
    const { 'terraform apply': _applied, ...rest } = ALL_OK
    const result = await plan([
      run(2, sha['apply'] ?? '', { ...rest, 'terraform output': 'success', ansible: 'failure' }),
      run(1, sha['deployed'] ?? '', ALL_OK)
    ])
    expect(result['ansible']).toBe(true)
    expect((result['notes'] as string[]).join('\n')).toContain(
      'ended failure after its last success'
    )
  })

  test('a terraform apply that failed is reported as that, and the run is pending', async () => {
    const result = await plan([
      run(2, sha['apply'] ?? '', { ...ALL_OK, 'terraform apply': 'failure', ansible: 'skipped' }),
      run(1, sha['deployed'] ?? '', ALL_OK)
    ])
    expect(result['terraform']).toBe('pending')
    expect((result['notes'] as string[]).join('\n')).toContain(
      `Its apply in run #2 (${(sha['apply'] ?? '').slice(0, 12)}) ended failure`
    )
    // Ansible's own record is run #1 and nothing changed ansible/ since: no spurious provisioning.
    expect(result['ansible']).toBe(false)
  })

  test('an older run still applying makes terraform in-flight, not a spurious pending', async () => {
    const result = await plan([
      run(2, sha['apply'] ?? '', { 'terraform apply': 'in_progress' }, 'in_progress'),
      run(1, sha['deployed'] ?? '', ALL_OK)
    ])
    expect(result['terraform']).toBe('in-flight')
    expect((result['notes'] as string[]).join('\n')).toContain('run #2')
  })

  test('the recorded example really is GitHub’s shape', async () => {
    expect(Object.keys(RUN)).toEqual(
      expect.arrayContaining(['id', 'head_sha', 'run_number', 'status'])
    )
    expect(Object.keys(JOB)).toEqual(
      expect.arrayContaining(['name', 'status', 'conclusion', 'run_id'])
    )
    expect(await readFile(join(root, 'terraform', 'main.tf'), 'utf8')).toContain('two')
  })
})
