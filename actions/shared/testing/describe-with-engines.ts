import { describe } from '@jest/globals'
import { type EngineCheck, requireEngine } from './engines.js'

// Kept apart from engines.ts, which the bench imports outside Jest (where @jest/globals cannot load).

/** A `describe` (or `describe.skip`): a named block of tests. */
export type SuiteBlock = (name: string, fn: () => void) => void

/**
 * The `describe` for a real-engine suite: the real one when every engine it needs runs here, else
 * `describe.skip` after a loud warning naming each missing engine (never `describe.each([])`,
 * which Jest 30 refuses as an empty table). Under CI=true a missing engine throws instead.
 */
export function describeWithEngines(needs: Readonly<Record<string, EngineCheck>>): SuiteBlock {
  // Every engine is asked (no short circuit), so the warning lists all that are missing.
  const results = Object.entries(needs).map(([name, check]) => requireEngine(name, check))
  return results.every(Boolean) ? describe : describe.skip
}
