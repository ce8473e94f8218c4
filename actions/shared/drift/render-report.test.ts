import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CORPUS_DIR } from '../testing/corpus.js'
import {
  capReason,
  headline,
  LAYER_TITLES,
  MAX_ITEMS,
  MAX_REASON,
  renderItems,
  renderReportTable,
  renderStepSummary,
  renderTerminalReport
} from './render-report.js'
import { buildReport, type DriftItem, type LayerResult, unknownLayer } from './report.js'
import { terraformLayer } from './terraform-drift.js'

/** A Terraform layer as the drift check makes it, from a real OpenTofu plan with drift. */
const plan = (name: string): unknown =>
  JSON.parse(readFileSync(join(CORPUS_DIR, 'terraform-plans', name, 'plan.json'), 'utf8'))
const tfDrift = terraformLayer({
  exitCode: 2,
  planJson: plan('opentofu/drift_relevant_attributes')
})
const nomadInSync: LayerResult = {
  layer: 'nomad',
  status: 'in-sync',
  summary: '0 of 4 jobs differ',
  items: []
}
const items = (n: number): DriftItem[] =>
  Array.from({ length: n }, (_, i) => ({ subject: `job-${i}`, detail: `detail ${i}` }))

describe('headline', () => {
  it('differs per verdict and says what it means', () => {
    expect(headline('true')).toMatch(/^Drift: /)
    expect(headline('false')).toMatch(/^No drift: /)
    expect(headline('unknown')).toMatch(/^Drift unknown: /)
  })
})

describe('capReason', () => {
  it(`keeps a reason of up to ${MAX_REASON} characters whole`, () => {
    const reason = 'x'.repeat(MAX_REASON)
    expect(capReason(reason)).toBe(reason)
  })

  it('cuts a longer one to exactly the limit, ending in …', () => {
    const cut = capReason('y'.repeat(MAX_REASON + 1))
    expect(cut).toBe(`${'y'.repeat(MAX_REASON - 1)}…`)
  })

  it('counts and cuts whole code points, never half an emoji', () => {
    const emoji = '🚀'.repeat(MAX_REASON)
    expect(capReason(emoji)).toBe(emoji)
    const cut = capReason('🚀'.repeat(MAX_REASON + 1))
    expect([...cut]).toHaveLength(MAX_REASON)
    expect(cut).toBe(`${'🚀'.repeat(MAX_REASON - 1)}…`)
  })
})

describe('renderReportTable', () => {
  it('has one row per layer: title, status, summary and the reason when there is one', () => {
    const rows = renderReportTable([tfDrift, nomadInSync, unknownLayer('ansible', 'ssh: refused')])
      .split('\n')
      .slice(2)
    expect(rows).toHaveLength(3)
    expect(rows[0]).toMatch(/^\| Terraform \| ⚠️ drift \| /)
    expect(rows[0]).toContain(tfDrift.summary)
    expect(rows[0]).not.toContain(' — ')
    expect(rows[1]).toBe('| Nomad | ✅ in sync | 0 of 4 jobs differ |')
    expect(rows[2]).toBe('| Ansible | ❓ unknown | could not be checked — ssh: refused |')
  })

  it('escapes Markdown in the summary and the reason, and caps the reason', () => {
    const bad: LayerResult = {
      ...unknownLayer('terraform', `*boom* ${'r'.repeat(MAX_REASON)}`),
      summary: 'a_b'
    }
    const row = renderReportTable([bad]).split('\n')[2] ?? ''
    expect(row).toContain('a\\_b — \\*boom\\* ')
    expect(row).toContain('r…')
    expect(row).not.toContain('r'.repeat(MAX_REASON - 7))
  })

  it('shows pending apply as such', () => {
    expect(renderReportTable([{ ...nomadInSync, status: 'pending-apply' }])).toContain(
      '⏳ pending apply'
    )
  })
})

describe('renderItems', () => {
  it('lists every item with its subject as code and its detail escaped', () => {
    expect(renderItems([{ subject: 'tf_res.a', detail: 'update: *tags*' }])).toBe(
      '- `tf_res.a`: update: \\*tags\\*'
    )
  })

  it(`shows at most ${MAX_ITEMS} and counts the rest`, () => {
    const exactly = renderItems(items(MAX_ITEMS)).split('\n')
    expect(exactly).toHaveLength(MAX_ITEMS)
    expect(exactly.at(-1)).toBe(`- \`job-${MAX_ITEMS - 1}\`: detail ${MAX_ITEMS - 1}`)
    const more = renderItems(items(MAX_ITEMS + 2)).split('\n')
    expect(more).toHaveLength(MAX_ITEMS + 1)
    expect(more.at(-1)).toBe('- …and 2 more')
  })

  it('clips a long subject and detail to 300 characters', () => {
    const line = renderItems([{ subject: 's'.repeat(400), detail: 'd'.repeat(400) }])
    expect(line).toContain('s'.repeat(299))
    expect(line).not.toContain('s'.repeat(301))
    expect(line).toContain('d'.repeat(299))
    expect(line).not.toContain('d'.repeat(301))
  })
})

describe('renderStepSummary', () => {
  it('is the headline, the table, one section per layer with items, and the run link', () => {
    const report = buildReport([nomadInSync, tfDrift])
    const md = renderStepSummary(report, 'https://github.com/elm/elm-infra/actions/runs/1')
    expect(md.startsWith(`## ${headline('true')}\n\n| Layer | Status | Details |`)).toBe(true)
    expect(md).toContain(`### Terraform\n\n${renderItems(tfDrift.items)}`)
    expect(md).not.toContain('### Nomad')
    expect(md.endsWith('\n\n[This run](https://github.com/elm/elm-infra/actions/runs/1)\n')).toBe(
      true
    )
  })

  it('has no link without a run URL', () => {
    const md = renderStepSummary(buildReport([nomadInSync]))
    expect(md).not.toContain('This run')
    expect(md.endsWith('|\n')).toBe(true)
  })
})

describe('renderTerminalReport', () => {
  it('aligns one line per layer under the headline, then its reason and items indented', () => {
    const text = renderTerminalReport(
      buildReport([
        { ...unknownLayer('ansible', 'ssh: refused\nretry later'), items: items(1) },
        tfDrift,
        nomadInSync
      ])
    )
    const lines = text.split('\n')
    expect(lines[0]).toBe(headline('true'))
    expect(lines[1]).toBe('')
    const width = Math.max(...Object.values(LAYER_TITLES).map(t => t.length))
    expect(lines[2]).toBe(`${'Terraform'.padEnd(width)}  drift    ${tfDrift.summary}`)
    const pad = ' '.repeat(width + 11)
    expect(lines.slice(3, 3 + tfDrift.items.length)).toEqual(
      tfDrift.items.map(i => `${pad}${i.subject}: ${i.detail}`)
    )
    const rest = lines.slice(3 + tfDrift.items.length)
    expect(rest).toEqual([
      `${'Nomad'.padEnd(width)}  in-sync  0 of 4 jobs differ`,
      `${'Ansible'.padEnd(width)}  unknown  could not be checked`,
      `${pad}reason: ssh: refused`,
      `${pad}        retry later`,
      `${pad}job-0: detail 0`,
      ''
    ])
  })

  it('keeps the columns five wide at least', () => {
    const lines = renderTerminalReport(buildReport([nomadInSync])).split('\n')
    expect(lines[2]).toBe('Nomad  in-sync  0 of 4 jobs differ')
    expect(renderTerminalReport(buildReport([]))).toBe(`${headline('unknown')}\n\n`)
  })
})
