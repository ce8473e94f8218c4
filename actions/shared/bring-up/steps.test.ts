import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { REPO_ROOT } from '../testing/run-action-process.js'
import { BRING_UP_STEPS, NOT_RUN, runbookProblems, runbookSteps } from './steps.js'

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')

describe("the README's runbook is the order the bring-up runs", () => {
  it('reads the seven numbered steps of "From an empty DigitalOcean account"', () => {
    const steps = runbookSteps(README)
    expect(steps.map(s => s.number)).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(steps[2]?.title).toBe("The cluster's secrets.")
    // A step's text runs on over its indented lines.
    expect(steps[5]?.text).toContain('nomad volume create')
  })

  it('agrees with the bring-up step by step: nothing run out of order, nothing left unsaid', () => {
    expect(runbookProblems(README)).toEqual([])
  })

  it('every runbook step is run by the bring-up or named, with its reason, as not run', () => {
    const run = new Set(BRING_UP_STEPS.map(s => s.runbook))
    for (const s of runbookSteps(README))
      expect(run.has(s.number) !== (NOT_RUN[s.number] !== undefined)).toBe(true)
  })

  const swap = <T>(list: readonly T[], a: number, b: number): T[] => {
    const copy = [...list]
    ;[copy[a], copy[b]] = [copy[b] as T, copy[a] as T]
    return copy
  }
  const at = (id: string): number => BRING_UP_STEPS.findIndex(s => s.id === id)

  it('fails when the bring-up would run a runbook step before an earlier one', () => {
    expect(runbookProblems(README, swap(BRING_UP_STEPS, at('secrets'), at('apply')))).toContain(
      'secrets (runbook step 3) runs after runbook step 5'
    )
  })

  it('fails when, within one runbook step, the README says the steps in another order', () => {
    expect(runbookProblems(README, swap(BRING_UP_STEPS, at('volume'), at('csi-plugins')))).toEqual([
      'csi-plugins: runbook step 6 says "the CSI plugins start" before the step run ahead of it'
    ])
    // The README edited instead: the volume before the plugins that create it.
    const edited = README.replace(
      'the CSI plugins start; create the volume',
      'create the volume; the CSI plugins start'
    )
    expect(runbookProblems(edited)).toEqual([
      'volume: runbook step 6 says "create the volume" before the step run ahead of it'
    ])
  })

  it('fails when the README stops saying what a step does, or a step is neither run nor excused', () => {
    expect(
      runbookProblems(README.replace('npx elm-infra secrets init', 'elm-infra secrets'))
    ).toEqual([
      expect.stringMatching(
        /^secrets: runbook step 3 .* does not say "npx elm-infra secrets init"$/
      )
    ])
    const { 4: _dns, ...withoutDns } = NOT_RUN
    expect(runbookProblems(README, BRING_UP_STEPS, withoutDns)).toEqual([
      expect.stringMatching(/^runbook step 4 \(DNS .*\) is neither run by the bring-up nor listed/)
    ])
    expect(runbookProblems(README, BRING_UP_STEPS, { ...NOT_RUN, 8: 'x' })).toEqual([
      'NOT_RUN names runbook step 8, which the README lacks'
    ])
    expect(runbookProblems(README, BRING_UP_STEPS, { ...NOT_RUN, 3: 'x' })).toEqual([
      expect.stringMatching(/^runbook step 3 .* is both run and listed as not run$/)
    ])
    expect(runbookProblems('# no runbook')).toEqual([
      'the README has no numbered steps under "### From an empty DigitalOcean account"'
    ])
  })

  it('fails when the runbook is renumbered out of sequence', () => {
    expect(
      runbookProblems(README.replace('\n7. **After the switch.**', '\n8. **After the switch.**'))
    ).toContain('runbook step 8 is numbered out of sequence')
  })
})
