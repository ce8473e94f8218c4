import { describe, expect, it } from '@jest/globals'
import { strToU8, zipSync } from 'fflate'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CommandResult, CommandRunner } from '../../shared/ports.js'
import { commentMarker } from '../../shared/terraform/comment-parts.js'
import { CORPUS } from '../../shared/terraform/testing/corpus.js'
import { main } from './main.js'
import { fakeDeps, fakeGitHub } from './test-support/fakes.js'

const corpus = (name: string, file = 'plan.json'): string =>
  readFileSync(join(CORPUS, name, file), 'utf8')

/** A terraform that answers each subcommand from a script, recording every call. */
function scriptedTerraform(answers: Partial<Record<string, Partial<CommandResult>>>) {
  const calls: string[][] = []
  const runner: CommandRunner = {
    run: async (_cmd, args) => {
      calls.push([...args])
      const key =
        args[0] === 'show' ? (args.includes('-json') ? 'show-json' : 'show') : (args[0] ?? '')
      return { exitCode: 0, stdout: '', stderr: '', ...answers[key] }
    }
  }
  return { runner, calls }
}

const WS = '/workspace'
/** A saved plan's configuration as Terraform zips it (planfile/config_snapshot.go). */
const savedPlan = zipSync({
  'tfconfig/modules.json': strToU8('[{"Key":"","Dir":"."}]'),
  'tfconfig/m-/main.tf': strToU8('resource "terraform_data" "x" {}\n')
})
const files = (existing: Record<string, string>) => ({
  readText: async (path: string) => existing[path],
  readBytes: async () => savedPlan,
  writeText: async () => undefined,
  makeTempDir: async () => '/tmp/plan-1'
})
const env = {
  GITHUB_WORKSPACE: WS,
  GITHUB_SHA: 'f'.repeat(40),
  GITHUB_REPOSITORY: 'elm/elm-infra',
  GITHUB_RUN_ID: '3'
}
const KEY = 'plan-record-key-for-tests-0123456789'
const versionFile = { [`${WS}/terraform/.terraform-version`]: '1.11.4' }

function planRun(
  answers: Parameters<typeof scriptedTerraform>[0],
  inputs: Record<string, string> = {}
) {
  const tf = scriptedTerraform(answers)
  const github = fakeGitHub(12)
  const run = fakeDeps({
    inputs: { command: 'plan', 'github-token': 'ghs_x', 'plan-record-key': KEY, ...inputs },
    runner: tf.runner,
    github,
    env,
    event: { pull_request: { number: 12 } },
    files: files({ ...versionFile, [`${WS}/terraform/state.s3.tfbackend`]: 'bucket = "b"' })
  })
  return { ...run, github, calls: tf.calls }
}

describe('main: plan (scripted terraform)', () => {
  it('summarises the JSON plan into outputs, the sticky comment, the step summary and an artifact', async () => {
    const run = planRun(
      {
        plan: { exitCode: 2 },
        'show-json': { stdout: corpus('opentofu/simple_object_replace') },
        show: { stdout: corpus('opentofu/simple_object_replace', 'plan.txt') }
      },
      { 'backend-config': 'region=ams3\naccess_key=SPACES-KEY' }
    )
    await main(run.deps)
    expect(run.outputs).toEqual({
      'comment-url': 'https://github.test/c/1',
      'has-changes': 'true',
      add: '1',
      change: '0',
      destroy: '1',
      replace: '1'
    })
    expect(run.calls.map(c => c[0])).toEqual(['fmt', 'init', 'validate', 'plan', 'show', 'show'])
    expect(run.calls[1]).toEqual([
      'init',
      '-input=false',
      '-no-color',
      '-lockfile=readonly',
      '-backend-config=state.s3.tfbackend',
      '-backend-config=region=ams3',
      '-backend-config=access_key=SPACES-KEY'
    ])
    expect(run.masked).toContain('SPACES-KEY')
    const comment = run.github.body(12, commentMarker('plan', 'terraform')) ?? ''
    expect(comment).toContain('> [!WARNING]')
    expect(comment).toContain('Plan: 1 to add, 0 to change, 1 to destroy.')
    expect(comment).toContain('<!-- elm-infra:terraform-reviewed-plan v2 sha256=')
    expect(run.summaries[0]).toContain(
      '**Plan: 1 to add, 0 to change, 1 to destroy.** (1 to replace)'
    )
    expect(run.summaries[0]).not.toContain('reviewed-plan')
    expect(run.uploads).toEqual([
      { name: 'terraform-plan-terraform', files: ['/tmp/plan-1/tfplan', '/tmp/plan-1/tfplan.json'] }
    ])
  })

  it('fails at init with Terraform’s error in the annotation, the comment and the message', async () => {
    const run = planRun({
      init: {
        exitCode: 1,
        stderr: '\nError: Failed to get existing workspaces: S3 bucket does not exist.\n'
      }
    })
    await expect(main(run.deps)).rejects.toThrow(
      'terraform init failed in terraform (exit 1): Failed to get existing workspaces: S3 bucket does not exist.'
    )
    expect(run.logger.annotations).toEqual([
      expect.objectContaining({
        level: 'error',
        message: 'terraform init: Failed to get existing workspaces: S3 bucket does not exist.'
      })
    ])
    const comment = run.github.body(12, commentMarker('plan', 'terraform')) ?? ''
    expect(comment).toContain('`terraform init` failed')
    expect(comment).toContain('**Failed to get existing workspaces: S3 bucket does not exist.**')
    expect(run.outputs['has-changes']).toBeUndefined()
  })

  it('never shows the stdout of a failed show -json, which holds sensitive values', async () => {
    const run = planRun({
      plan: { exitCode: 2 },
      'show-json': { exitCode: 1, stdout: '{"variables":{"pw":{"value":"TOPSECRET"', stderr: '' }
    })
    await expect(main(run.deps)).rejects.toThrow('terraform show failed in terraform (exit 1)')
    const written = [...run.github.comments.values(), ...run.summaries, ...run.logger.lines]
    expect(written.join('\n')).not.toContain('TOPSECRET')
  })

  it('says No changes for an empty plan', async () => {
    const plan = JSON.parse(corpus('terraform-json/moved_block')) as {
      resource_changes: { previous_address?: string }[]
    }
    for (const rc of plan.resource_changes) delete rc.previous_address
    const run = planRun({ 'show-json': { stdout: JSON.stringify(plan) } })
    await main(run.deps)
    expect(run.outputs['has-changes']).toBe('false')
    expect(run.github.body(12, commentMarker('plan', 'terraform'))).toContain('**No changes.**')
  })
})

/** `terraform output -json` as Terraform prints it (views/output.go OutputJSON): name → meta. */
const OUTPUTS_JSON = JSON.stringify({
  nodes: {
    sensitive: false,
    type: ['list', ['object', { name: 'string', public_ip: 'string', private_ip: 'string' }]],
    value: [{ name: 'elm-1', public_ip: '203.0.113.7', private_ip: '10.10.0.2' }]
  },
  gossip: { sensitive: true, type: 'string', value: 'do-not-pass-on' }
})

describe('main: output (scripted terraform)', () => {
  it('inits and reads the outputs only: no plan, no apply', async () => {
    const tf = scriptedTerraform({ output: { stdout: OUTPUTS_JSON } })
    const run = fakeDeps({
      inputs: { command: 'output', 'github-token': 'ghs_x' },
      runner: tf.runner,
      github: fakeGitHub(12),
      env,
      files: files(versionFile)
    })
    await main(run.deps)
    expect(tf.calls.map(c => c[0])).toEqual(['init', 'output'])
    expect(Object.keys(JSON.parse(run.outputs['outputs'] ?? ''))).toEqual(['nodes'])
  })
})

describe('main: apply (scripted terraform)', () => {
  async function reviewed(planJson: string) {
    const run = planRun({ plan: { exitCode: 2 }, 'show-json': { stdout: planJson } })
    await main(run.deps)
    return run.github
  }

  function applyRun(github: ReturnType<typeof fakeGitHub>, planJson: string) {
    const tf = scriptedTerraform({
      plan: { exitCode: 2 },
      'show-json': { stdout: planJson },
      output: { stdout: OUTPUTS_JSON }
    })
    const run = fakeDeps({
      inputs: { command: 'apply', 'github-token': 'ghs_x', 'plan-record-key': KEY },
      runner: tf.runner,
      github,
      env,
      files: files(versionFile)
    })
    return { ...run, calls: tf.calls }
  }

  it('applies the saved plan when it matches the reviewed one', async () => {
    const plan = corpus('opentofu/simple_object_replace')
    const github = await reviewed(plan)
    const run = applyRun(github, plan)
    await main(run.deps)
    expect(run.calls.map(c => c[0])).toEqual(['init', 'plan', 'show', 'show', 'apply', 'output'])
    expect(run.calls.at(-2)).toContain('/tmp/plan-1/tfplan')
    // The nodes travel to the Ansible job as an output; the sensitive one never does.
    expect(JSON.parse(run.outputs['outputs'] ?? '')).toEqual({
      nodes: [{ name: 'elm-1', public_ip: '203.0.113.7', private_ip: '10.10.0.2' }]
    })
    expect(run.outputs['outputs']).not.toContain('gossip')
    expect(github.body(12, commentMarker('apply', 'terraform'))).toContain(
      'Applied the plan reviewed in #12.'
    )
  })

  it('refuses, without applying, when the new plan differs', async () => {
    const github = await reviewed(corpus('opentofu/simple_object_replace'))
    const run = applyRun(github, corpus('opentofu/simple_object'))
    await expect(main(run.deps)).rejects.toThrow(
      /^Refused to apply: the plan differs from the one reviewed in #12/
    )
    expect(run.calls.map(c => c[0])).not.toContain('apply')
    const refusal = github.body(12, commentMarker('apply', 'terraform')) ?? ''
    expect(refusal).toContain('the reviewed plan would delete then create, now it would create')
    expect(run.logger.annotations.length).toBeGreaterThan(0)
  })

  it('refuses when the pull request has no reviewed plan', async () => {
    const run = applyRun(fakeGitHub(12), corpus('opentofu/simple_object'))
    await expect(main(run.deps)).rejects.toThrow(
      'Pull request #12 has no reviewed plan for terraform (its last plan failed or never ran): nothing applied.'
    )
    expect(run.calls).toEqual([])
  })
})
