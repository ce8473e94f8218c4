import type { DiffField, DiffNode, PlanResult } from '../types.js'

/**
 * A plan's diff as lines a reviewer reads: what changes in image, count, env and resources first,
 * then any other changed field. Pure: the plan in, lines out.
 */
export interface DiffLine {
  /** group/task path, e.g. "group web › task server". */
  readonly where: string
  readonly field: string
  readonly change: string
  readonly important: boolean
}

const IMPORTANT = [/^Count$/, /^Config\.image$/, /^Env[.[]/, /^Resources\./, /^Meta[.[]version\]?$/]

function describeChange(f: DiffField): string {
  if (f.type === 'Added') return `+ ${JSON.stringify(f.new)}`
  if (f.type === 'Deleted') return `- ${JSON.stringify(f.old)}`
  return `${JSON.stringify(f.old)} → ${JSON.stringify(f.new)}`
}

function collect(node: DiffNode, where: string, prefix: string, out: DiffLine[]): void {
  for (const f of node.fields) {
    if (f.type === 'None' || f.type === '') continue
    const field = prefix + f.name
    out.push({
      where,
      field,
      change: describeChange(f),
      important: IMPORTANT.some(r => r.test(field))
    })
  }
  for (const o of node.objects) {
    if (o.type !== 'None') collect(o, where, `${prefix}${o.name}.`, out)
  }
  for (const child of node.children) {
    if (child.type === 'None') continue
    const kind = where === '' ? 'group' : 'task'
    const path = where === '' ? `${kind} ${child.name}` : `${where} › ${kind} ${child.name}`
    if (child.type === 'Added' || child.type === 'Deleted') {
      out.push({ where: path, field: '', change: child.type.toLowerCase(), important: true })
    }
    collect(child, path, '', out)
  }
}

/** All changed fields of a plan, important ones first; [] when the diff type is None. */
export function readPlanDiff(plan: PlanResult): DiffLine[] {
  if (plan.diffType === 'None') return []
  const out: DiffLine[] = []
  collect(plan.diff, '', '', out)
  return [...out.filter(l => l.important), ...out.filter(l => !l.important)]
}

/** Per-group scheduler intent, e.g. "web: canary 1, ignore 2". */
export function describeUpdates(plan: PlanResult): string[] {
  return plan.diff.children
    .filter(g => Object.keys(g.updates).length > 0)
    .map(
      g =>
        `${g.name}: ${Object.entries(g.updates)
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')}`
    )
}

/** Text lines for the log: a headline, then one line per change (at most `limit`). */
export function renderPlanDiff(jobId: string, plan: PlanResult, limit = 40): string[] {
  const all = readPlanDiff(plan)
  if (plan.diffType === 'None') return [`Job '${jobId}': no changes`]
  // A new job lists every field; its image, count, env and resources are what a reviewer reads.
  const lines = plan.diffType === 'Added' ? all.filter(l => l.important) : all
  const head = plan.diffType === 'Added' ? `Job '${jobId}' is new` : `Job '${jobId}' changes:`
  const body = lines
    .slice(0, limit)
    .map(l => `  ${l.where || 'job'}${l.field ? ` ${l.field}` : ''}: ${l.change}`)
  const hidden = all.length - Math.min(lines.length, limit)
  const more = hidden > 0 ? [`  … and ${hidden} more changed fields`] : []
  const updates = describeUpdates(plan).map(u => `  scheduler: ${u}`)
  return [head, ...body, ...more, ...updates]
}
