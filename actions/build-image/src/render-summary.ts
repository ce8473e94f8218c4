import type { ServiceResult } from './build-service.js'

/** A service that failed, for the summary row. */
export interface ServiceFailure {
  readonly service: string
  readonly message: string
}

function formatSize(bytes: number | undefined): string {
  if (bytes === undefined) return '—'
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

function formatTags(result: ServiceResult): string {
  return result.tags
    .map(t => (result.written.includes(t) ? `\`${t}\` (new)` : `\`${t}\``))
    .join('<br>')
}

const escape = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')

/** The step summary: one row per service, the failure (if any) last. */
export function renderSummary(
  results: readonly ServiceResult[],
  failure: ServiceFailure | undefined,
  push: boolean
): string {
  if (results.length === 0 && failure === undefined) {
    return '### Images\n\nNo service needs an image: nothing changed in any build context.\n'
  }
  const rows = results.map(
    r =>
      `| ${r.service} | ${formatTags(r)} | ${r.digest === undefined ? '— (not pushed)' : `\`${r.digest}\``} | ${formatSize(r.size)} | ${r.seconds.toFixed(1)} s | ${r.outcome} |`
  )
  if (failure !== undefined) {
    rows.push(
      `| ${failure.service} | — | — | — | — | **failed**: ${escape(failure.message.split('\n')[0] ?? '')} |`
    )
  }
  return [
    '### Images',
    '',
    '| service | tags | digest | size | build time | built/reused |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    push ? '' : '_push: false — images were built locally and not pushed._',
    ''
  ].join('\n')
}

/** The `images` output: service → digest-pinned reference, for the deploy job. */
export function renderImagesOutput(results: readonly ServiceResult[]): string {
  return JSON.stringify(Object.fromEntries(results.map(r => [r.service, r.reference])))
}
