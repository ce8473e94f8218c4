import { keyedHash, planIntent } from '../actions/shared/terraform/plan-guard.js'
import { parsePlanText } from '../actions/shared/terraform/parse-plan.js'
import { renderPlanRecord } from '../actions/shared/terraform/plan-record.js'
import { renderPlanComment } from '../actions/shared/terraform/render-plan-comment.js'
import { summarisePlan } from '../actions/shared/terraform/summarise-plan.js'
import { syntheticPlan } from '../actions/shared/terraform/testing/synthetic-plan.js'
import type { BenchOptions, BenchRow } from './types.js'

const RESOURCES = 5000
const AGAINST = 'synthetic 5,000-resource plan (testing/synthetic-plan.ts), no cluster'

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

/**
 * plan-summary on a 5,000-resource plan: parse + summarise, and the full comment render. Round 0 is
 * an untimed warm-up (JIT, the first big allocations).
 */
export async function bench(options: BenchOptions): Promise<BenchRow[]> {
  const rounds = options.smoke ? 1 : 5
  const { json, human } = syntheticPlan(RESOURCES)
  const text = JSON.stringify(json)
  const summarise: number[] = []
  const comment: number[] = []
  let length = 0
  for (let i = 0; i <= rounds; i++) {
    const t0 = performance.now()
    const plan = parsePlanText(text, 'synthetic.json')
    const summary = summarisePlan(plan)
    const t1 = performance.now()
    const body = renderPlanComment(summary, {
      workingDirectory: 'terraform',
      humanPlan: human,
      runUrl: 'https://github.com/elm/elm-infra/actions/runs/1',
      record: renderPlanRecord(planIntent(plan, {}, keyedHash('bench-key')))
    })
    const t2 = performance.now()
    length = body.length
    if (i === 0) continue
    summarise.push(t1 - t0)
    comment.push(t2 - t1)
  }
  const note = `${RESOURCES} resources, ${(text.length / 1e6).toFixed(1)} MB JSON, median of ${rounds} after a warm-up`
  return [
    {
      area: 'plan-summary',
      metric: 'parse + summarise',
      value: median(summarise),
      unit: 'ms',
      note,
      against: AGAINST
    },
    {
      area: 'plan-summary',
      metric: 'comment + reviewed-plan record',
      value: median(comment),
      unit: 'ms',
      note: `${(human.length / 1e6).toFixed(1)} MB human plan cut to fit`,
      against: AGAINST
    },
    {
      area: 'plan-summary',
      metric: 'comment length',
      value: length,
      unit: 'chars',
      note: length <= 65536 ? 'limit 65536: fits' : 'MISSED: over the 65536-character limit',
      against: AGAINST
    }
  ]
}
