import { describe, expect, it } from '@jest/globals'
import { COMMENT_LIMIT, commentMarker } from './comment-parts.js'
import { keyedHash, planIntent } from './plan-guard.js'
import { parsePlan, parsePlanText } from './parse-plan.js'
import { renderPlanRecord } from './plan-record.js'
import { renderPlanComment } from './render-plan-comment.js'
import { summarisePlan } from './summarise-plan.js'
import { corpusCases } from './testing/corpus.js'
import { implantCanaries } from './testing/canaries.js'
import { syntheticPlan } from './testing/synthetic-plan.js'
import { recordedPlan } from './testing/cli-scenarios.js'

const runUrl = 'https://github.com/elm/elm-infra/actions/runs/42'
const valid = corpusCases().filter(c => !c.name.endsWith('/invalid'))

/** Everything elm-infra writes about a plan: comment, JSON summary and the reviewed-plan record. */
function everythingWritten(json: unknown, humanPlan?: string): string {
  const plan = parsePlan(json)
  const summary = summarisePlan(plan)
  const record = renderPlanRecord(planIntent(plan, {}, keyedHash('test-key')))
  const comment = renderPlanComment(summary, {
    workingDirectory: 'terraform',
    humanPlan,
    runUrl,
    record
  })
  return [
    comment,
    JSON.stringify(summary),
    JSON.stringify(planIntent(plan, {}, keyedHash('test-key')))
  ].join('\n')
}

describe('renderPlanComment', () => {
  it('never writes a sensitive value from any corpus plan (canaries planted in each)', () => {
    let planted = 0
    for (const c of valid) {
      const { json, canaries } = implantCanaries(JSON.parse(c.text))
      planted += canaries.length
      const written = everythingWritten(json)
      for (const canary of canaries) expect(written).not.toContain(canary)
    }
    expect(planted).toBeGreaterThan(3)
  })

  it('shows the sensitive output of 110_sensitive_values as (sensitive), never its value', () => {
    const c = valid.find(k => k.name === 'terraform-json/110_sensitive_values')
    const comment = renderPlanComment(summarisePlan(parsePlanText(c?.text ?? '', 'x')), {
      workingDirectory: 'terraform',
      runUrl
    })
    const row = comment.split('\n').find(line => line.startsWith('| `foo` |'))
    expect(row).toBe('| `foo` | create |  | `(sensitive)` |')
    expect(comment).toContain('| `interpolated` | create |  | `(known after apply)` |')
  })

  it('starts with the marker for its working directory', () => {
    const s = summarisePlan(parsePlanText(valid[0]?.text ?? '', 'x'))
    expect(renderPlanComment(s, { workingDirectory: 'infra/prod', runUrl })).toMatch(
      /^<!-- elm-infra:terraform-plan infra\/prod -->\n/
    )
    expect(commentMarker('plan', 'a b--c')).toBe('<!-- elm-infra:terraform-plan a_b__c -->')
  })

  it('warns about destroys and replaces, and lists reasons', () => {
    const c = valid.find(k => k.name === 'terraform-json/action_reason')
    const comment = renderPlanComment(summarisePlan(parsePlanText(c?.text ?? '', 'x')), {
      workingDirectory: 'terraform',
      runUrl
    })
    expect(comment).toContain(
      '> [!WARNING]\n> This plan **destroys 0** and **replaces 1** resource.'
    )
    expect(comment).toContain('**Plan: 1 to add, 0 to change, 1 to destroy.** (1 to replace)')
    expect(comment).toContain('tainted, so must be replaced')
  })

  it('has a drift section for resource_drift and says No changes when there are none', () => {
    const drift = valid.find(k => k.name === 'opentofu/moved_with_drift')
    const driftComment = renderPlanComment(summarisePlan(parsePlanText(drift?.text ?? '', 'x')), {
      workingDirectory: 'terraform',
      runUrl
    })
    expect(driftComment).toContain('#### Changed outside of Terraform (1)')
    expect(driftComment).toContain('- `tfcoremock_simple_resource.base_after` changed')
    const none = valid.find(k => k.name === 'opentofu/drift_refresh_only')
    const noneComment = renderPlanComment(summarisePlan(parsePlanText(none?.text ?? '', 'x')), {
      workingDirectory: 'terraform',
      runUrl
    })
    expect(noneComment).toContain('**No changes.**')
  })

  it('names a move seen by a refresh-only plan (recorded from terraform) as moved, not changed', () => {
    const { json } = recordedPlan('moved-refresh-only')
    const comment = renderPlanComment(summarisePlan(parsePlanText(json, 'moved-refresh-only')), {
      workingDirectory: 'terraform',
      runUrl
    })
    expect(comment).toContain('#### Changed outside of Terraform (1)')
    expect(comment).toContain('- `terraform_data.a2` moved from `terraform_data.a`')
  })

  it('fits a 5,000-resource plan with a 1 MB human plan into the limit, with a note and the run link', () => {
    const { json, human } = syntheticPlan(5000)
    expect(human.length).toBeGreaterThan(500_000)
    const plan = parsePlan(json)
    const comment = renderPlanComment(summarisePlan(plan), {
      workingDirectory: 'terraform',
      humanPlan: human,
      runUrl,
      record: renderPlanRecord(planIntent(plan, {}, keyedHash('test-key')))
    })
    expect(comment.length).toBeLessThanOrEqual(COMMENT_LIMIT)
    expect(comment).toMatch(
      /characters cut here to fit GitHub's comment limit; the full output is in the run log: https:\/\/github\.com\/elm\/elm-infra\/actions\/runs\/42/
    )
    expect(comment).toContain('Plan: many to add') // the end of the human plan is kept
    expect(comment).toContain('<!-- elm-infra:terraform-reviewed-plan v2 sha256=')
    expect(comment).toContain('…and ')
    expect(comment).not.toMatch(/s\d+x?"/) // the sensitive `secret` attribute of each resource
  })

  it('keeps a small human plan whole, in a collapsed block with a longer fence around backticks', () => {
    const s = summarisePlan(parsePlanText(valid[0]?.text ?? '', 'x'))
    const comment = renderPlanComment(s, {
      workingDirectory: 'terraform',
      humanPlan: 'a ``` b\nPlan: 1 to add',
      runUrl
    })
    expect(comment).toContain('<details><summary>Full plan (terraform show)</summary>')
    expect(comment).toContain('````text\na ``` b\nPlan: 1 to add\n````')
  })
})
