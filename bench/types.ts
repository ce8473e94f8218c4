/** One measured figure in the `npm run bench` table. */
export interface BenchRow {
  readonly area: string
  readonly metric: string
  readonly value: number
  readonly unit: string
  readonly note?: string
  /**
   * What the figure was measured against, on every row (no default): e.g. `simulated cluster
   * (virtual clock)` — the simulated Nomad cluster is never a real one, and a reader must see which
   * figures come from it.
   */
  readonly against: string
}

/** How an area is run: `smoke` (CI, `npm run bench -- --smoke`) is small and fast, not a verdict on speed. */
export interface BenchOptions {
  readonly smoke: boolean
}
