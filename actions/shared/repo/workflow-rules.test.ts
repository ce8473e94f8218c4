import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import {
  type ActionMetadata,
  NODE24_PINS,
  SHARED_NOT_CREDENTIALS,
  checkWorkflow,
  readActionMetadata,
  runsPullRequestCode,
  secretsOf
} from './test-support/workflow-rules.js'

const ROOT = join(import.meta.dirname, '..', '..', '..')
const WORKFLOWS = join(ROOT, '.github', 'workflows')
/** Workflows that hold every rule strictly (job-level permissions everywhere). */
const STRICT = ['ci.yml', 'deploy.yml', 'pr.yml', 'chatops.yml', 'drift.yml']

type Json = Record<string, unknown>

function load(file: string): Json {
  return parse(readFileSync(join(WORKFLOWS, file), 'utf8')) as Json
}

function actions(): Record<string, ActionMetadata> {
  const dir = join(ROOT, 'actions')
  return Object.fromEntries(
    readdirSync(dir)
      .filter(name => existsSync(join(dir, name, 'action.yml')))
      .map(name => [
        name,
        readActionMetadata(parse(readFileSync(join(dir, name, 'action.yml'), 'utf8')))
      ])
  )
}

function job(file: string, name: string): Json {
  return (load(file)['jobs'] as Record<string, Json>)[name] ?? {}
}

describe('workflow rules', () => {
  const files = readdirSync(WORKFLOWS).filter(f => /\.ya?ml$/.test(f))

  it('has the four pipeline workflows', () => {
    expect(files).toEqual(expect.arrayContaining(STRICT))
  })

  it.each(files)('%s keeps every rule', file => {
    const findings = checkWorkflow(file, load(file), {
      strictPermissions: STRICT.includes(file),
      actions: actions()
    })
    expect(findings).toEqual([])
  })

  it('no job that runs pull-request code can name a production credential (every job, listed)', () => {
    const prJobs = files.flatMap(file => {
      const workflow = load(file)
      if (!runsPullRequestCode(workflow)) return []
      return Object.entries(workflow['jobs'] as Record<string, Json>).map(([name, j]) => ({
        job: `${file}/${name}`,
        secrets: secretsOf(j),
        environment: j['environment'] ?? null
      }))
    })
    // The jobs this proves it for: a new PR job shows up here and must be looked at.
    expect(prJobs.map(j => j.job).sort()).toEqual([
      'bring-up.yml/releases',
      'ci.yml/actionlint',
      'ci.yml/bench-smoke',
      'ci.yml/check',
      'ci.yml/cluster',
      'ci.yml/mutate',
      'e2e-nomad.yml/real-agent',
      'images.yml/build',
      'images.yml/report',
      'images.yml/services',
      'pr.yml/checks',
      'pr.yml/fork-note',
      'pr.yml/nomad-diff',
      'pr.yml/nomad-diff-fork-note',
      'pr.yml/rehearse',
      'pr.yml/terraform-plan'
    ])
    for (const j of prJobs) {
      for (const name of j.secrets.filter(n => !SHARED_NOT_CREDENTIALS.includes(n))) {
        expect(`${j.job} ${name}`).toMatch(/ [A-Z0-9_]*_READ_[A-Z0-9_]+$/)
      }
      expect([null, 'plan']).toContain(j.environment)
    }
    expect(prJobs.find(j => j.job === 'pr.yml/nomad-diff')?.secrets.sort()).toEqual([
      'NOMAD_READ_CACERT',
      'NOMAD_READ_CLIENT_CERT',
      'NOMAD_READ_CLIENT_KEY',
      'NOMAD_READ_TOKEN'
    ])
    expect(prJobs.find(j => j.job === 'pr.yml/terraform-plan')?.secrets.sort()).toEqual([
      'DIGITALOCEAN_READ_TOKEN',
      'SPACES_READ_ACCESS_KEY_ID',
      'SPACES_READ_SECRET_ACCESS_KEY',
      'TF_PLAN_RECORD_KEY',
      'TF_STATE_READ_ACCESS_KEY_ID',
      'TF_STATE_READ_SECRET_ACCESS_KEY'
    ])
    expect(SHARED_NOT_CREDENTIALS).toEqual(['TF_PLAN_RECORD_KEY'])
  })

  it('no read-only credential shares a name with a production one', () => {
    const byEnvironment = new Map<string, Set<string>>()
    for (const file of files) {
      for (const j of Object.values(load(file)['jobs'] as Record<string, Json>)) {
        const env = typeof j['environment'] === 'string' ? j['environment'] : 'none'
        const set = byEnvironment.get(env) ?? new Set<string>()
        secretsOf(j).forEach(n => set.add(n))
        byEnvironment.set(env, set)
      }
    }
    const production = [...(byEnvironment.get('production') ?? [])]
    expect(production).toEqual(expect.arrayContaining(['NOMAD_TOKEN', 'ANSIBLE_EXTRA_VARS']))
    for (const env of ['plan', 'drift']) {
      const names = [...(byEnvironment.get(env) ?? [])].filter(
        n => !SHARED_NOT_CREDENTIALS.includes(n)
      )
      expect(names.length).toBeGreaterThan(0)
      for (const name of names) {
        expect(name).toMatch(/_READ_/)
        expect(production).not.toContain(name)
      }
    }
    expect(byEnvironment.get('none') ?? new Set()).toEqual(new Set())
  })

  it('/deploy’s deploy job keeps only the permissions it uses, and re-checks before deploying', () => {
    const deploy = job('chatops.yml', 'deploy')
    // No deployments: write: `environment: production` makes the one GitHub deployment (issue #27).
    expect(deploy['permissions']).toEqual({ contents: 'read' })
    const uses = (deploy['steps'] as Json[]).map(st => String(st['uses'] ?? ''))
    expect(uses.slice(1)).toEqual(['./actions/chatops', './actions/nomad-deploy'])
    expect(((deploy['steps'] as Json[])[1]?.['with'] as Json)['mode']).toBe('recheck')
  })

  it('a deploy in an environment job makes no second GitHub deployment, and NOMAD_ADDR is no secret', () => {
    // GitHub records one deployment per job with `environment:`; nomad-deploy records another when
    // given a github-token. And the runner drops a job output holding a secret's value
    // (actions/runner JobExtension.cs), so the address the reasons name must not be a secret.
    for (const file of files) {
      for (const [name, j] of Object.entries(load(file)['jobs'] as Record<string, Json>)) {
        for (const st of (j['steps'] as Json[] | undefined) ?? []) {
          if (st['uses'] !== './actions/nomad-deploy') continue
          const w = st['with'] as Json
          expect(
            `${file}/${name} ${j['environment'] === undefined ? 'no env' : 'env'} ${String(w['github-token'] ?? 'none')}`
          ).toBe(`${file}/${name} env none`)
          expect(String(w['nomad-addr'])).toBe('${{ vars.NOMAD_ADDR }}')
        }
      }
    }
  })

  it('every production job waits in the one queue (queue: max)', () => {
    const production = files.flatMap(file =>
      Object.entries(load(file)['jobs'] as Record<string, Json>)
        .filter(([, j]) => j['environment'] === 'production')
        .map(([name, j]) => [`${file}/${name}`, j['concurrency']] as const)
    )
    expect(production.map(([name]) => name).sort()).toEqual([
      'chatops.yml/deploy',
      'deploy.yml/ansible',
      'deploy.yml/dispatched',
      'deploy.yml/nomad',
      'deploy.yml/terraform',
      'reboot.yml/ansible',
      'reboot.yml/terraform'
    ])
    for (const [, c] of production) {
      expect(c).toEqual({ group: 'production', 'cancel-in-progress': false, queue: 'max' })
    }
  })

  it('Ansible gets Terraform’s outputs from the terraform job, never a hand-kept variable', () => {
    const text = files.map(f => readFileSync(join(WORKFLOWS, f), 'utf8')).join('\n')
    expect(text).not.toContain('TERRAFORM_OUTPUTS')
    const ansible = (job('deploy.yml', 'ansible')['steps'] as Json[])[1]?.['with'] as Json
    expect(ansible['terraform-outputs']).toBe('${{ needs.terraform.outputs.outputs }}')
    expect(String(job('deploy.yml', 'ansible')['if'])).toContain(
      "needs.terraform.outputs.has-changes == 'true'"
    )
  })

  it('reboots on a schedule with reboot.yaml, from the terraform job’s outputs, in the production queue', () => {
    const on = load('reboot.yml')['on'] as Json
    expect((on['schedule'] as Json[]).length).toBe(1)
    const ansible = (job('reboot.yml', 'ansible')['steps'] as Json[])[1]?.['with'] as Json
    expect(ansible['playbook']).toBe('playbooks/reboot.yaml')
    expect(ansible['mode']).toBe('apply')
    expect(ansible['terraform-outputs']).toBe('${{ needs.terraform.outputs.outputs }}')
    // The playbook the workflow names exists where the ansible action looks (its directory input).
    expect(existsSync(join(WORKFLOWS, '..', '..', 'ansible', String(ansible['playbook'])))).toBe(
      true
    )
  })

  it('never names a test path right after --selectProjects (Jest reads it as a project name and runs every suite)', () => {
    for (const file of files) {
      const commands = readFileSync(join(WORKFLOWS, file), 'utf8')
        .split('\n')
        .filter(line => !line.trim().startsWith('#'))
      const swallowed = commands.filter(line => /--selectProjects[ =]\S+ +[^-\s\\]/.test(line))
      expect({ file, swallowed }).toEqual({ file, swallowed: [] })
    }
  })

  it('runs Node 24: .node-version, and every local action on node24', () => {
    expect(readFileSync(join(ROOT, '.node-version'), 'utf8').trim()).toMatch(/^24(\.|$)/)
    for (const name of Object.keys(actions())) {
      const meta = parse(readFileSync(join(ROOT, 'actions', name, 'action.yml'), 'utf8')) as Json
      expect(`${name} ${String((meta['runs'] as Json)['using'])}`).toBe(`${name} node24`)
    }
  })

  it('Dependabot keeps the action pins and npm packages current, after a cooldown', () => {
    const config = parse(readFileSync(join(ROOT, '.github', 'dependabot.yml'), 'utf8')) as Json
    const updates = config['updates'] as Json[]
    expect(updates.map(u => u['package-ecosystem']).sort()).toEqual(['github-actions', 'npm'])
    for (const u of updates) {
      expect(Number((u['cooldown'] as Json | undefined)?.['default-days'])).toBeGreaterThanOrEqual(
        3
      )
    }
  })

  it('the node24 pins are the upstream release commits (not a branch, not a node20 release)', () => {
    // The first major release of each action whose action.yml says `using: node24` (read from
    // the upstream tags: checkout v5, setup-node v5, upload-artifact v6, download-artifact v7,
    // setup-buildx-action v4, build-push-action v7).
    const firstNode24: Record<string, number> = {
      'actions/checkout': 5,
      'actions/setup-node': 5,
      'actions/upload-artifact': 6,
      'actions/download-artifact': 7,
      'docker/setup-buildx-action': 4,
      'docker/build-push-action': 7
    }
    for (const [name, pin] of Object.entries(NODE24_PINS)) {
      expect(`${name} ${pin.sha}`).toMatch(/^(actions|docker)\/[a-z-]+ [0-9a-f]{40}$/)
      expect(firstNode24[name]).toBeDefined()
      expect(Number(pin.tag.slice(1).split('.')[0])).toBeGreaterThanOrEqual(firstNode24[name] ?? 99)
    }
  })

  it("takes the manual deploy's service as a string checked against the catalog at run time (no list to keep in step)", () => {
    // A `choice` input's options are a literal list in the workflow file (GitHub docs, workflow
    // syntax, on.workflow_dispatch.inputs.<input_id>.type/options), a second list of services.
    const on = load('deploy.yml')['on'] as Json
    const inputs = (on['workflow_dispatch'] as Json)['inputs'] as Record<string, Json>
    expect(inputs['service']?.['type']).toBe('string')
    expect(inputs['service']?.['options']).toBeUndefined()
    // The first job that reads it is chatops's resolve mode, which looks the name up in the
    // catalog (run-resolve.ts: findService) and fails with the known names before anything else.
    const resolve = job('deploy.yml', 'resolve')
    const steps = resolve['steps'] as Json[]
    const action = steps.find(s => s['uses'] === './actions/chatops')
    expect(action?.['with']).toMatchObject({ mode: 'resolve', service: '${{ inputs.service }}' })
    expect(job('deploy.yml', 'dispatched')['needs']).toBe('resolve')
  })

  it('deploys Nomad jobs one at a time and stops at the first failure', () => {
    const strategy = job('deploy.yml', 'nomad')['strategy'] as Json
    expect(strategy['max-parallel']).toBe(1)
    expect(strategy['fail-fast']).toBe(true)
  })

  it('runs chatops on main’s code: no checkout of the pull request', () => {
    const text = readFileSync(join(WORKFLOWS, 'chatops.yml'), 'utf8')
    expect(text).not.toMatch(/^\s+ref:/m)
    expect(text).not.toContain('pull_request_target')
    expect(load('chatops.yml')['on']).toEqual({ issue_comment: { types: ['created'] } })
  })

  it('gives pull-request secrets only to same-repository pull requests', () => {
    for (const name of ['terraform-plan']) {
      expect(String(job('pr.yml', name)['if'])).toContain(
        'github.event.pull_request.head.repo.full_name == github.repository'
      )
    }
  })
})

describe('the rule check itself', () => {
  const bad = parse(`
on: push
jobs:
  deploy:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - run: echo "\${{ github.event.comment.body }}"
      - uses: ./actions/nomad-deploy
        with:
          no-such-input: x
      - uses: ./actions/missing
      - run: echo \${{ secrets.NOMAD_TOKEN }}
  prod:
    runs-on: ubuntu-24.04
    environment: production
    permissions: {}
    steps:
      - run: echo "\${{ inputs.version }}"
`) as unknown
  const badPr = parse(`
on: [pull_request, workflow_dispatch]
permissions: {}
jobs:
  plan:
    runs-on: ubuntu-24.04
    environment: production
    permissions:
      contents: write
      pull-requests: write
    concurrency:
      group: production
      cancel-in-progress: false
    secrets: inherit
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
      - run: npm ci
      - uses: ./actions/nomad-deploy
        with:
          job-file: x
          image: ghcr.io/elm/x:1.3
          nomad-token: \${{ secrets.NOMAD_TOKEN }}
          nomad-addr: \${{ secrets.NOMAD_READ_ADDR }}
  resolve:
    runs-on: ubuntu-24.04
    environment: plan
    permissions: {}
    steps:
      - run: echo \${{ secrets.DIGITALOCEAN_TOKEN }}
`) as unknown
  const meta: Record<string, ActionMetadata> = {
    'nomad-deploy': { inputs: { 'job-file': { required: true }, version: { required: false } } }
  }

  it('flags user text in run: even where other expressions are allowed', () => {
    const lax = checkWorkflow('bad.yml', bad, { strictPermissions: false, actions: meta })
    expect(lax.filter(f => f.includes('run: expands user-controlled text'))).toHaveLength(2)
  })

  it('finds every kind of violation', () => {
    const findings = checkWorkflow('bad.yml', bad, { strictPermissions: true, actions: meta })
    const expected = [
      "the workflow should default to 'permissions: {}'",
      'job deploy: no explicit permissions',
      'job deploy: uses secrets outside an environment',
      'job deploy: changes production but is not in the production environment',
      "'actions/checkout@v4' is not pinned by a full commit SHA",
      'step 2: run: holds an expression',
      'step 5: run: holds an expression',
      "has no input 'no-such-input'",
      "needs its required input 'job-file'",
      './actions/missing has no action.yml',
      'job prod: a production job needs concurrency',
      'step 1: run: holds an expression',
      'job deploy: names production secret(s) NOMAD_TOKEN outside production',
      "job deploy: nomad-deploy's image does not come from a job's outputs"
    ]
    for (const part of expected) {
      expect(findings.some(f => f.includes(part))).toBe(true)
    }
    expect(findings).toHaveLength(expected.length)
  })

  it('finds every way pull-request code could reach production', () => {
    const meta: Record<string, ActionMetadata> = {
      'nomad-deploy': {
        inputs: {
          'job-file': { required: true },
          image: { required: false },
          'nomad-token': { required: false },
          'nomad-addr': { required: false }
        }
      }
    }
    const findings = checkWorkflow('pr.yml', badPr, { strictPermissions: true, actions: meta })
    const expected = [
      'job plan: a production job needs concurrency {group: production, cancel-in-progress: false, queue: max}',
      'job plan step 2: runs npm beside secrets',
      'job plan: runs pull-request code but names secret NOMAD_TOKEN',
      'job plan: runs pull-request code in the production environment',
      'job plan: runs pull-request code with write access to contents',
      'job plan: passes secrets on',
      'is not the node24 release actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 (v7.0.1)',
      'job resolve: names production secret(s) DIGITALOCEAN_TOKEN outside production',
      'job resolve: runs pull-request code but names secret DIGITALOCEAN_TOKEN',
      'job resolve step 1: run: holds an expression',
      'job plan: a production job that a manual run from any branch reaches',
      "job plan: nomad-deploy's image does not come from a job's outputs"
    ]
    for (const part of expected) {
      expect(`${part}: ${String(findings.some(f => f.includes(part)))}`).toBe(`${part}: true`)
    }
    expect(findings).toHaveLength(expected.length)
  })

  it('flags pull_request_target and an image resolved beside secrets', () => {
    const wf = parse(`
on: pull_request_target
permissions: {}
jobs:
  check:
    runs-on: ubuntu-24.04
    environment: production
    permissions: {}
    steps:
      - run: echo
        env:
          T: \${{ secrets.NOMAD_TOKEN }}
  deploy:
    needs: check
    if: github.event_name == 'push'
    runs-on: ubuntu-24.04
    environment: production
    concurrency: { group: production, cancel-in-progress: false, queue: max }
    permissions: {}
    steps:
      - uses: ./actions/nomad-deploy
        with:
          job-file: x
          image: \${{ needs.check.outputs.image }}
`) as unknown
    const findings = checkWorkflow('t.yml', wf, {
      strictPermissions: true,
      actions: {
        'nomad-deploy': { inputs: { 'job-file': { required: true }, image: { required: false } } }
      }
    })
    expect(findings).toEqual(
      expect.arrayContaining([
        "t.yml: pull_request_target runs with the base's secrets; use pull_request",
        't.yml job deploy: its image is resolved in check, a job with secrets'
      ])
    )
  })
})
