import type { PlaybookReport, TaskChange } from './report.js'

/** Markdown cells: pipes and newlines would break the table. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
}

/** The per-host recap as a markdown table (ok / changed / failed / unreachable / skipped). */
export function renderRecapTable(report: PlaybookReport): string {
  if (report.recap.length === 0)
    return '_No host was run (empty inventory or no matching hosts)._\n'
  const rows = report.recap.map(r => {
    const status = r.unreachable > 0 ? '⚠️ unreachable' : r.failed > 0 ? '❌ failed' : '✅ ok'
    return `| ${cell(r.host)} | ${status} | ${r.ok} | ${r.changed} | ${r.failed} | ${r.unreachable} | ${r.skipped} |`
  })
  return [
    '| host | result | ok | changed | failed | unreachable | skipped |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    ''
  ].join('\n')
}

/** Changed tasks grouped by host, in run order. */
export function groupChangesByHost(changes: readonly TaskChange[]): Map<string, string[]> {
  const byHost = new Map<string, string[]>()
  for (const c of changes) {
    const tasks = byHost.get(c.host) ?? []
    tasks.push(c.task)
    byHost.set(c.host, tasks)
  }
  return byHost
}

/** The changed tasks per host; `heading` says what they mean (drift in check mode). */
export function renderChanges(report: PlaybookReport, heading: string): string {
  if (report.changes.length === 0) return ''
  const lines = [`### ${heading}`, '']
  for (const [host, tasks] of groupChangesByHost(report.changes)) {
    lines.push(`- **${cell(host)}**`)
    for (const task of tasks) lines.push(`  - ${cell(task)}`)
  }
  return [...lines, ''].join('\n')
}

/** Failures: host, task and Ansible's message. */
export function renderFailures(report: PlaybookReport): string {
  if (report.failures.length === 0) return ''
  const rows = report.failures.map(
    f =>
      `| ${cell(f.host)} | ${f.unreachable ? 'unreachable' : 'failed'} | ${cell(f.task)} | ${cell(f.message)} |`
  )
  return [
    '### Failures',
    '',
    '| host | what | task | message |',
    '| --- | --- | --- | --- |',
    ...rows,
    ''
  ].join('\n')
}

/** One line per failure, for the error that fails the step. */
export function describeFailures(report: PlaybookReport): string {
  return report.failures
    .map(
      f =>
        `${f.host}: ${f.unreachable ? 'unreachable at' : 'failed at'} task '${f.task}': ${f.message}`
    )
    .join('\n')
}

/** The whole step summary for one playbook run. */
export function renderPlaybookSummary(report: PlaybookReport, mode: 'apply' | 'check'): string {
  const title = mode === 'check' ? 'Ansible check (--check --diff)' : 'Ansible apply'
  const changes =
    mode === 'check'
      ? renderChanges(report, 'Drift: tasks that would change')
      : renderChanges(report, 'Changed tasks')
  const verdict =
    mode === 'check' && report.changes.length === 0 && report.failures.length === 0
      ? 'No drift: every host matches the playbook.\n'
      : ''
  return [`## ${title}`, '', renderRecapTable(report), verdict, changes, renderFailures(report)]
    .filter(part => part !== '')
    .join('\n')
}
