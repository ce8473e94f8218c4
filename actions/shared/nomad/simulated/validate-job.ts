import { formatGoDuration } from './durations.js'
import { formatMultierror, nomadErrors } from './errors.js'
import type { Job, TaskGroup, UpdateStrategy } from './types.js'

function validateUpdate(u: UpdateStrategy): string[] {
  const errors: string[] = []
  if (!['checks', 'task_states', 'manual'].includes(u.HealthCheck)) {
    errors.push(`Invalid health check given: "${u.HealthCheck}"`)
  }
  if (u.MaxParallel < 0) errors.push(`Max parallel can not be less than zero: ${u.MaxParallel} < 0`)
  if (u.Canary < 0) errors.push(`Canary count can not be less than zero: ${u.Canary} < 0`)
  if (u.AutoPromote && u.Canary <= 0) {
    errors.push('Auto Promote requires a Canary count greater than zero')
  }
  if (u.MinHealthyTime >= u.HealthyDeadline) {
    errors.push(
      `Minimum healthy time must be less than healthy deadline: ${formatGoDuration(u.MinHealthyTime)} > ${formatGoDuration(u.HealthyDeadline)}`
    )
  }
  if (u.ProgressDeadline !== 0 && u.HealthyDeadline >= u.ProgressDeadline) {
    errors.push(
      `Healthy deadline must be less than progress deadline: ${formatGoDuration(u.HealthyDeadline)} > ${formatGoDuration(u.ProgressDeadline)}`
    )
  }
  return errors
}

function validateGroup(g: TaskGroup): string[] {
  const errors: string[] = []
  if (g.Count < 0) errors.push(`Task group count can't be negative`)
  if (g.Tasks.length === 0) errors.push('Missing tasks for task group')
  for (const t of g.Tasks) {
    if (t.Name === '') errors.push('Missing task name')
    else if (t.Driver === '')
      errors.push(`Task ${t.Name} validation failed: ${formatMultierror(['Missing task driver'])}`)
  }
  const update = g.Update && g.Update.MaxParallel > 0 ? validateUpdate(g.Update) : []
  if (update.length > 0) {
    errors.push(`Task group update validation failed: ${formatMultierror(update)}`)
  }
  return errors
}

/** Throws Nomad's 500 multierror when the canonical job is invalid (`Job.Validate`). */
export function validateJob(job: Job): void {
  const errors: string[] = []
  if (job.ID === '') errors.push('Missing job ID')
  else if (/\s/.test(job.ID)) errors.push('Job ID contains a space')
  if (!['service', 'batch', 'system', 'sysbatch'].includes(job.Type)) {
    errors.push(`Invalid job type: "${job.Type}"`)
  }
  if (job.Priority < 1 || job.Priority > 100) errors.push('Job priority must be between [1, 100]')
  if (job.Datacenters.length === 0) errors.push('Missing job datacenters')
  if (job.TaskGroups.length === 0) errors.push('Missing job task groups')
  const seen = new Set<string>()
  job.TaskGroups.forEach((g, i) => {
    if (g.Name === '') errors.push(`Job task group ${i + 1} missing name`)
    else if (seen.has(g.Name))
      errors.push(`Job task group ${i + 1} redefines '${g.Name}' from group ${i}`)
    seen.add(g.Name)
    const groupErrors = validateGroup(g)
    if (groupErrors.length > 0) {
      errors.push(`Task group ${g.Name} validation failed: ${formatMultierror(groupErrors)}`)
    }
  })
  if (errors.length > 0) throw nomadErrors.server(formatMultierror(errors))
}
