/**
 * The drift report: per layer `in-sync`, `drift`, `pending-apply` or `unknown`, and one overall
 * verdict. A layer that could not be checked is `unknown` with its reason, never "no drift".
 * `pending-apply` (Terraform only) is the repository ahead of the infrastructure: changes planned
 * but not applied yet, nothing changed outside the repository. It is not drift.
 */

export type LayerName = 'terraform' | 'nomad' | 'ansible'

export const LAYERS: readonly LayerName[] = ['terraform', 'nomad', 'ansible']

export type LayerStatus = 'in-sync' | 'drift' | 'pending-apply' | 'unknown'

/** One thing that differs (or could not be checked): a resource address, a job ID, a host. */
export interface DriftItem {
  readonly subject: string
  /** What differs, e.g. `update`, `missing from the cluster`, `3 changed tasks: …`. */
  readonly detail: string
}

export interface LayerResult {
  readonly layer: LayerName
  readonly status: LayerStatus
  /** One line for the table, e.g. `2 of 12 jobs differ`. */
  readonly summary: string
  /** What differs; for `unknown` layers, whatever was learned before the check failed. */
  readonly items: readonly DriftItem[]
  /** Why (part of) the layer could not be checked; always set when status is `unknown`. */
  readonly reason?: string
}

/** `true`: something differs; `false`: every checked layer is in sync; `unknown`: no drift seen, but a layer could not be checked. */
export type DriftVerdict = 'true' | 'false' | 'unknown'

export interface DriftReport {
  readonly layers: readonly LayerResult[]
  readonly verdict: DriftVerdict
}

/** Drift anywhere wins; otherwise any unknown layer makes the verdict unknown; no layers at all is unknown too. */
export function decideVerdict(layers: readonly LayerResult[]): DriftVerdict {
  if (layers.some(l => l.status === 'drift')) return 'true'
  if (layers.length === 0 || layers.some(l => l.status === 'unknown')) return 'unknown'
  return 'false'
}

/** Builds a report in the fixed layer order, with its verdict. */
export function buildReport(layers: readonly LayerResult[]): DriftReport {
  const ordered = [...layers].sort((a, b) => LAYERS.indexOf(a.layer) - LAYERS.indexOf(b.layer))
  return { layers: ordered, verdict: decideVerdict(ordered) }
}

/** The result for a layer whose check threw or could not start. */
export function unknownLayer(layer: LayerName, reason: string): LayerResult {
  return { layer, status: 'unknown', summary: 'could not be checked', items: [], reason }
}

/** Parses a comma/space separated layer list (`terraform,nomad`); undefined names the bad word. */
export function parseLayers(
  words: readonly string[]
): { ok: true; layers: LayerName[] } | { ok: false; bad: string } {
  const layers: LayerName[] = []
  for (const word of words) {
    const found = LAYERS.find(l => l === word.trim().toLowerCase())
    if (found === undefined) return { ok: false, bad: word }
    if (!layers.includes(found)) layers.push(found)
  }
  return { ok: true, layers }
}
