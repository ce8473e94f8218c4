import { expect } from '@jest/globals'
import type { PlanSummary } from '../summarise-plan.js'
import {
  driftShown,
  forgetShown,
  movedShown,
  outputsShown,
  plannedShown,
  planLine,
  planLineOrZero,
  saysNoChanges
} from './cli-plan-text.js'

const SYMBOLS: Readonly<Record<string, string>> = { create: '+', update: '~', delete: '-' }

/**
 * Every figure and list of a summary that the CLI's human plan also shows, checked against it:
 * the `Plan:` line, the objects shown as planned, changed outside, moved and forgotten, the
 * outputs (names, order, action, and single-line values), and "No changes.".
 */
export function expectSameAsCli(human: string, s: PlanSummary): void {
  expect({ add: s.add, change: s.change, destroy: s.destroy, import: s.import }).toEqual(
    planLineOrZero(human)
  )
  // The CLI prints a Plan: line exactly when it shows resource changes.
  expect(planLine(human) !== undefined).toBe(s.resources.length > 0)
  expect(s.resources.map(r => r.address)).toEqual(plannedShown(human))
  expect(s.drifted.map(r => r.address)).toEqual(driftShown(human))
  expect(s.drift).toBe(driftShown(human).length)
  expect(s.move).toBe(movedShown(human))
  expect(s.forget).toBe(forgetShown(human))
  if (saysNoChanges(human)) expect(s.hasChanges).toBe(false)

  const outputs = outputsShown(human)
  expect(s.outputChanges.map(o => `${SYMBOLS[o.action] ?? o.action} ${o.name}`)).toEqual(
    outputs.map(o => `${o.symbol} ${o.name}`)
  )
  expect(s.outputs).toBe(outputs.length)
  for (const [i, o] of s.outputChanges.entries()) {
    const text = outputs[i]?.text ?? ''
    // A value the CLI shows whole on one line (a string or a number) reads the same here.
    if (/^("[^"]*"|\d+|null)( -> ("[^"]*"|\d+|null))?( # forces replacement)?$/.test(text)) {
      // A created output has no before; a deleted one no after (the CLI prints `-> null`).
      const after =
        o.action === 'delete' ? (o.after === undefined ? 'null' : `!${o.after}`) : o.after
      const shown = [o.before, after].filter(v => v !== undefined).join(' -> ')
      expect(shown).toBe(text)
    }
  }
}
