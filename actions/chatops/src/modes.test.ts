import { describe, expect, it } from '@jest/globals'
import type { CommandResult } from '../../shared/ports.js'
import { main } from './main.js'
import { fakeDeps } from './test-support/fakes.js'

const SPEC = 'a'.repeat(40)
const MAIN = 'b'.repeat(40)
const ok = (stdout = ''): CommandResult => ({ exitCode: 0, stdout, stderr: '' })

/** A checkout where main is at `main` and `jobFileCommits` changed the job file since SPEC. */
function git(main: string, jobFileCommits: string[] = []) {
  return (args: readonly string[]): CommandResult => {
    if (args.includes('fetch')) return ok()
    if (args.includes('rev-parse')) return ok(`${main}\n`)
    if (args.includes('merge-base')) return ok()
    if (args.includes('log')) return ok(jobFileCommits.map(c => `${c}\n`).join(''))
    return { exitCode: 2, stdout: '', stderr: `unexpected git ${args.join(' ')}` }
  }
}

const recheckInputs = {
  mode: 'recheck',
  'job-file': 'nomad/package-site.nomad.hcl',
  'spec-sha': SPEC
}

describe('chatops recheck mode (deploy job, right before nomad-deploy)', () => {
  it('passes when the commenter may still deploy and main kept the job file', async () => {
    const { deps, recorded } = fakeDeps({
      inputs: recheckInputs,
      git: git(MAIN),
      permission: 'write'
    })
    await main(deps)
    expect(recorded.outputs['reason']).toBe('')
    expect(recorded.summaries[0]).toContain('may still deploy')
    expect(recorded.comments).toEqual([])
  })

  it('refuses a commenter who lost write access since the comment', async () => {
    const { deps, recorded } = fakeDeps({
      inputs: recheckInputs,
      git: git(SPEC),
      permission: 'read'
    })
    await expect(main(deps)).rejects.toThrow('evancz has read permission now')
    expect(recorded.outputs['reason']).toContain('nothing was deployed')
    expect(recorded.summaries[0]).toContain('refused at deploy time')
  })

  it('refuses when main changed the job file after the command', async () => {
    const { deps } = fakeDeps({ inputs: recheckInputs, git: git(MAIN, [MAIN]) })
    await expect(main(deps)).rejects.toThrow('main moved past the job spec')
  })

  it('refuses when main cannot be fetched, saying why', async () => {
    const { deps } = fakeDeps({ inputs: recheckInputs })
    await expect(main(deps)).rejects.toThrow(
      'cannot find where main is now to compare nomad/package-site.nomad.hcl (git fetch of main from origin failed: fatal: no git here)'
    )
  })

  it('fetches main into its own ref with the token out of the command line, and masks it', async () => {
    const seen: string[][] = []
    const { deps, recorded } = fakeDeps({
      inputs: recheckInputs,
      git: args => {
        seen.push([...args])
        return git(SPEC)(args)
      }
    })
    await main(deps)
    expect(seen[0]).toEqual([
      '-C',
      '.',
      'fetch',
      '--no-tags',
      '--no-recurse-submodules',
      'origin',
      '+refs/heads/main:refs/elm-infra/main'
    ])
    expect(seen.flat().join(' ')).not.toContain('ghs_secret')
    expect(seen[1]).toContain('refs/elm-infra/main^{commit}')
    expect(recorded.masked).toContain(Buffer.from('x-access-token:ghs_secret').toString('base64'))
  })

  it('rejects a main-branch that could smuggle a refspec', async () => {
    const { deps } = fakeDeps({ inputs: { ...recheckInputs, 'main-branch': 'main:refs/x' } })
    await expect(main(deps)).rejects.toThrow("Input 'main-branch' is 'main:refs/x'")
  })

  it('rejects a spec-sha that is not a full SHA', async () => {
    const { deps } = fakeDeps({ inputs: { ...recheckInputs, 'spec-sha': 'abc1234' } })
    await expect(main(deps)).rejects.toThrow("Input 'spec-sha' is 'abc1234'")
  })
})

describe('chatops resolve mode (workflow_dispatch, a job without secrets)', () => {
  it('resolves a unique SHA prefix to the full-SHA tag, pinned by digest', async () => {
    const full = `1234abcd${'0'.repeat(32)}`
    const { deps, recorded } = fakeDeps({
      inputs: { mode: 'resolve', service: 'package-site', version: '1234abc' },
      tags: ['1.2', full]
    })
    await main(deps)
    expect(recorded.outputs).toMatchObject({
      service: 'package-site',
      version: full,
      'job-file': 'nomad/package-site.nomad.hcl'
    })
    expect(recorded.outputs['image-ref']).toMatch(
      /^ghcr\.io\/elm\/package-site@sha256:[0-9a-f]{64}$/
    )
  })

  it('fails with the versions that exist when the version has no image', async () => {
    const { deps } = fakeDeps({
      inputs: { mode: 'resolve', service: 'package-site', version: '9.9' },
      tags: ['1.2', '1.3']
    })
    await expect(main(deps)).rejects.toThrow(
      'package-site 9.9 has no image in ghcr.io/elm/package-site: latest versions: 1.3, 1.2'
    )
  })

  it('fails on an unknown service', async () => {
    const { deps } = fakeDeps({ inputs: { mode: 'resolve', service: 'nope', version: '1.2' } })
    await expect(main(deps)).rejects.toThrow(/nope/)
  })
})
