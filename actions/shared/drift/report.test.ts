import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CORPUS_DIR } from '../testing/corpus.js'
import {
  buildReport,
  decideVerdict,
  LAYERS,
  type LayerResult,
  type LayerStatus,
  parseLayers,
  unknownLayer
} from './report.js'
import { terraformLayer } from './terraform-drift.js'

/** Terraform layers as the drift check makes them, from real OpenTofu plans in the corpus. */
const plan = (name: string): unknown =>
  JSON.parse(readFileSync(join(CORPUS_DIR, 'terraform-plans', name, 'plan.json'), 'utf8'))
const tfDrift = terraformLayer({
  exitCode: 2,
  planJson: plan('opentofu/drift_relevant_attributes')
})
const tfPending = terraformLayer({ exitCode: 2, planJson: plan('opentofu/basic_list_update') })
const tfInSync = terraformLayer({ exitCode: 0, planJson: plan('terraform-json/no_changes') })

const layer = (name: LayerResult['layer'], status: LayerStatus): LayerResult => ({
  layer: name,
  status,
  summary: `${name} ${status}`,
  items: [],
  ...(status === 'unknown' ? { reason: 'probe failed' } : {})
})

describe('the corpus layers are what these tests take them for', () => {
  it('drift, pending apply and in sync', () => {
    expect([tfDrift.status, tfPending.status, tfInSync.status]).toEqual([
      'drift',
      'pending-apply',
      'in-sync'
    ])
  })
})

describe('decideVerdict', () => {
  it('is true when any layer drifts, even beside an unknown one', () => {
    expect(decideVerdict([tfDrift])).toBe('true')
    expect(decideVerdict([unknownLayer('nomad', 'no token'), tfDrift])).toBe('true')
    expect(decideVerdict([tfDrift, unknownLayer('nomad', 'no token')])).toBe('true')
  })

  it('is unknown when no layer drifts and one could not be checked, or none was', () => {
    expect(decideVerdict([tfInSync, unknownLayer('ansible', 'ssh refused')])).toBe('unknown')
    expect(decideVerdict([unknownLayer('ansible', 'ssh refused'), tfInSync])).toBe('unknown')
    expect(decideVerdict([])).toBe('unknown')
  })

  it('is false when every layer is in sync or only pending apply (the repository ahead is not drift)', () => {
    expect(decideVerdict([tfInSync])).toBe('false')
    expect(decideVerdict([tfPending, layer('nomad', 'in-sync')])).toBe('false')
  })
})

describe('buildReport', () => {
  it('puts the layers in terraform, nomad, ansible order whatever order they came in', () => {
    const report = buildReport([layer('ansible', 'in-sync'), layer('nomad', 'in-sync'), tfPending])
    expect(report.layers.map(l => l.layer)).toEqual(['terraform', 'nomad', 'ansible'])
    expect(report.layers[0]).toBe(tfPending)
    expect(report.verdict).toBe('false')
    expect(buildReport([layer('nomad', 'drift'), tfInSync]).layers.map(l => l.layer)).toEqual([
      'terraform',
      'nomad'
    ])
  })

  it('gives the verdict of its layers', () => {
    expect(buildReport([tfDrift]).verdict).toBe('true')
    expect(buildReport([]).verdict).toBe('unknown')
    expect(buildReport([tfInSync, unknownLayer('nomad', 'x')]).verdict).toBe('unknown')
  })
})

describe('unknownLayer', () => {
  it('is unknown, says so, lists nothing and keeps the reason', () => {
    expect(unknownLayer('nomad', 'NOMAD_ADDR is not set')).toEqual({
      layer: 'nomad',
      status: 'unknown',
      summary: 'could not be checked',
      items: [],
      reason: 'NOMAD_ADDR is not set'
    })
  })
})

describe('parseLayers', () => {
  it('reads layer names in any case, around spaces, once each, in the order given', () => {
    expect(parseLayers(['nomad', ' Terraform ', 'NOMAD', 'ansible'])).toEqual({
      ok: true,
      layers: ['nomad', 'terraform', 'ansible']
    })
    expect(parseLayers([])).toEqual({ ok: true, layers: [] })
    expect(parseLayers([...LAYERS])).toEqual({ ok: true, layers: [...LAYERS] })
  })

  it('names the first word that is not a layer, as it was written', () => {
    expect(parseLayers(['terraform', ' consul ', 'nope'])).toEqual({ ok: false, bad: ' consul ' })
    expect(parseLayers(['terraformx'])).toEqual({ ok: false, bad: 'terraformx' })
  })
})
