import { describe, expect, it } from '@jest/globals'
import { type RecheckFacts, recheck } from './recheck.js'

const SPEC = 'a'.repeat(40)
const MAIN = 'b'.repeat(40)
const facts = (over: Partial<RecheckFacts>): RecheckFacts => ({
  author: 'evancz',
  permission: 'maintain',
  jobFile: 'nomad/package-site.nomad.hcl',
  specSha: SPEC,
  mainSha: SPEC,
  specOnMain: true,
  jobFileCommits: [],
  ...over
})

describe('recheck at deploy time', () => {
  it.each(['admin', 'maintain', 'write'] as const)('%s on an unmoved main deploys', permission => {
    expect(recheck(facts({ permission }))).toEqual({ ok: true })
  })
  it.each(['triage', 'read', 'none'] as const)('%s now deploys nothing', permission => {
    const verdict = recheck(facts({ permission }))
    expect(verdict).toEqual({
      ok: false,
      reason: `evancz has ${permission} permission now (deploying needs write, maintain or admin); nothing was deployed`
    })
  })
  it('a permission that cannot be read deploys nothing', () => {
    const verdict = recheck(facts({ permission: { error: 'HTTP 502' } }))
    expect(verdict.ok).toBe(false)
    expect(!verdict.ok && verdict.reason).toContain('HTTP 502')
  })
  it('main moved but not the job file: deploys', () => {
    expect(recheck(facts({ mainSha: MAIN }))).toEqual({ ok: true })
  })
  it('main changed the job file since: refuses and names the commits', () => {
    const verdict = recheck(facts({ mainSha: MAIN, jobFileCommits: [MAIN] }))
    expect(verdict.ok).toBe(false)
    expect(!verdict.ok && verdict.reason).toBe(
      `main moved past the job spec this command was accepted with: nomad/package-site.nomad.hcl changed in ${MAIN.slice(0, 12)} after ${SPEC.slice(0, 12)}; nothing was deployed. Comment \`/deploy\` again to deploy with main as it is now.`
    )
  })
  it('several commits changed the job file: each is named, newest first, comma-separated', () => {
    const OTHER = 'c'.repeat(40)
    const verdict = recheck(facts({ mainSha: MAIN, jobFileCommits: [MAIN, OTHER] }))
    expect(!verdict.ok && verdict.reason).toContain(
      `changed in ${MAIN.slice(0, 12)}, ${OTHER.slice(0, 12)} after ${SPEC.slice(0, 12)};`
    )
  })
  it('main rewritten (force push) or missing: refuses', () => {
    expect(recheck(facts({ mainSha: MAIN, specOnMain: false })).ok).toBe(false)
    expect(recheck(facts({ mainSha: undefined })).ok).toBe(false)
  })
  it('permission is checked before anything else', () => {
    const verdict = recheck(facts({ permission: 'read', mainSha: undefined }))
    expect(!verdict.ok && verdict.reason).toContain('read permission now')
  })
})
