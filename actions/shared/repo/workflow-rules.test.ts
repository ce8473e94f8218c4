import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { loadCatalog } from '../catalog/load-catalog.js'
import {
  type ActionMetadata,
  checkWorkflow,
  readActionMetadata
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

  it('offers exactly the catalog services for a manual deploy', async () => {
    const catalog = await loadCatalog(ROOT)
    const on = load('deploy.yml')['on'] as Json
    const inputs = (on['workflow_dispatch'] as Json)['inputs'] as Record<string, Json>
    expect(inputs['service']?.['type']).toBe('choice')
    expect(catalog.services.length).toBeGreaterThan(0)
    expect(inputs['service']?.['options']).toEqual(catalog.services.map(s => s.name))
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
    for (const name of ['terraform-plan', 'ansible-check']) {
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
      'step 1: run: holds an expression'
    ]
    for (const part of expected) {
      expect(findings.some(f => f.includes(part))).toBe(true)
    }
    expect(findings).toHaveLength(expected.length)
  })
})
