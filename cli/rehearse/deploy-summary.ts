import type { Service } from '../../actions/shared/catalog/catalog.js'
import { formatDuration } from '../../actions/shared/chatops/reply.js'
import { codeBlock, table } from '../../actions/shared/markdown.js'
import { type DeployResult, isSuccess } from '../../actions/shared/nomad/deploy-types.js'

/** The step summary nomad-deploy writes, for the terminal. */
export function renderDeploySummary(
  service: Service,
  version: string,
  result: DeployResult,
  durationMs: number
): string {
  const verdict = isSuccess(result) ? '✅' : '❌'
  const rows = [
    ['status', `${verdict} ${result.status}`],
    ['job version', result.jobVersion === undefined ? '—' : String(result.jobVersion)],
    ['deployment', result.deploymentId ?? '—'],
    ['promoted', result.promoted ? 'yes' : 'no'],
    ['reverted to', result.revertedTo === undefined ? '—' : `job version ${result.revertedTo}`],
    ['took', formatDuration(durationMs)]
  ]
  const parts = [
    `### nomad-deploy: ${service.name} ${version}`,
    '',
    result.reason,
    '',
    table(['', ''], rows)
  ]
  if (result.diffText.length > 0)
    parts.push('', '**Plan**', codeBlock(result.diffText.join('\n'), 'diff'))
  if (result.details.length > 0)
    parts.push('', '**Failed allocations**', codeBlock(result.details.join('\n')))
  return parts.join('\n')
}
