/** One measured figure in the `npm run bench` table. */
export interface BenchRow {
  readonly area: string
  readonly metric: string
  readonly value: number
  readonly unit: string
  readonly note?: string
  /** What the figure was measured against, e.g. `simulated cluster`; default: the area's own. */
  readonly against?: string
}
