import { describeError } from '../errors.js'
import {
  type DriftReport,
  type LayerName,
  type LayerResult,
  buildReport,
  unknownLayer
} from './report.js'

/** Checks one layer; throws (or returns `unknown`) when it cannot. */
export type LayerProbe = () => Promise<LayerResult>

/** A probe per layer; a requested layer without one (not configured) is unknown with `missing`'s reason. */
export type LayerProbes = Partial<Record<LayerName, LayerProbe | { readonly missing: string }>>

/**
 * Runs the requested layers' checks side by side and builds the report. A check that throws is
 * `unknown` with the error as its reason: a layer that could not be checked never reads as in sync.
 */
export async function checkDrift(
  layers: readonly LayerName[],
  probes: LayerProbes
): Promise<DriftReport> {
  const results = await Promise.all(
    layers.map(async (layer): Promise<LayerResult> => {
      const probe = probes[layer]
      if (probe === undefined) return unknownLayer(layer, 'no check is configured for this layer')
      if (typeof probe !== 'function') return unknownLayer(layer, probe.missing)
      try {
        const result = await probe()
        return result.status === 'unknown' && !result.reason
          ? { ...result, reason: 'no reason given' }
          : result
      } catch (error) {
        return unknownLayer(layer, describeError(error))
      }
    })
  )
  return buildReport(results)
}
