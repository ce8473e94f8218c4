import { formatGoDuration } from './durations.js'
import type { TaskEvent, TaskGroup } from './types.js'

/** Builds a task event with `DisplayMessage` filled the way the HTTP handler does. */
export function taskEvent(
  type: string,
  timeNs: number,
  display: string,
  fields: Partial<TaskEvent> = {}
): TaskEvent {
  return {
    Type: type,
    Time: timeNs,
    Message: fields.Message ?? display,
    DisplayMessage: display,
    Details: {},
    ExitCode: 0,
    Signal: 0,
    DriverError: '',
    // Deprecated flat fields Nomad still sends, zero-valued (nomad/structs TaskEvent; the
    // api-docs' List Job Allocations sample at v1.10.5).
    FailsTask: false,
    RestartReason: '',
    SetupError: '',
    KillTimeout: 0,
    KillError: '',
    KillReason: '',
    StartDelay: 0,
    DownloadError: '',
    ValidationError: '',
    DiskLimit: 0,
    FailedSibling: '',
    VaultError: '',
    TaskSignalReason: '',
    TaskSignal: '',
    DriverMessage: '',
    ...fields
  }
}

/** The events a client records while starting a task. */
export function startEvents(timeNs: number, image: string): TaskEvent[] {
  return [
    taskEvent('Task Setup', timeNs, 'Building Task Directory'),
    taskEvent('Driver', timeNs, `Downloading image`, {
      Details: { image }
    }),
    taskEvent('Started', timeNs, 'Task started by client')
  ]
}

/** `Exceeded allowed attempts 2 in interval 30m0s and mode is "fail"` from the restart policy. */
export function notRestartingMessage(group: TaskGroup | undefined): string {
  const policy = (group?.RestartPolicy ?? {}) as Record<string, unknown>
  const attempts = typeof policy.Attempts === 'number' ? policy.Attempts : 2
  const interval = typeof policy.Interval === 'number' ? policy.Interval : 1800e9
  const mode = typeof policy.Mode === 'string' ? policy.Mode : 'fail'
  if (attempts === 0) return 'Policy allows no restarts'
  return `Exceeded allowed attempts ${attempts} in interval ${formatGoDuration(interval)} and mode is "${mode}"`
}

/** Events of a task that exited with `exitCode`. */
export function exitEvents(
  timeNs: number,
  exitCode: number,
  group: TaskGroup | undefined
): TaskEvent[] {
  const exitMessage = `Docker container exited with non-zero exit code: ${exitCode}`
  return [
    taskEvent('Terminated', timeNs, `Exit Code: ${exitCode}, Exit Message: "${exitMessage}"`, {
      ExitCode: exitCode,
      Details: {
        exit_code: String(exitCode),
        signal: '0',
        oom_killed: 'false',
        exit_message: exitMessage
      }
    }),
    taskEvent('Not Restarting', timeNs, notRestartingMessage(group), {
      Details: { fails_task: 'true', restart_reason: notRestartingMessage(group) }
    })
  ]
}

/** Events of a task whose driver could not start it (e.g. image pull failure). */
export function driverFailureEvents(
  timeNs: number,
  driverError: string,
  group: TaskGroup | undefined
): TaskEvent[] {
  return [
    taskEvent('Driver Failure', timeNs, driverError, {
      DriverError: driverError,
      Details: { driver_error: driverError, fails_task: 'true' }
    }),
    taskEvent('Not Restarting', timeNs, notRestartingMessage(group), {
      Details: { fails_task: 'true', restart_reason: notRestartingMessage(group) }
    })
  ]
}

/** The `Alloc Unhealthy` event the client's health hook records. */
export function allocUnhealthyEvent(timeNs: number, message: string): TaskEvent {
  return taskEvent('Alloc Unhealthy', timeNs, message, { Details: {} })
}

/** Message for an allocation that missed its healthy_deadline. */
export function deadlineMessage(group: TaskGroup | undefined, running: boolean): string {
  const update = group?.Update
  const deadline = formatGoDuration(update?.HealthyDeadline ?? 300e9)
  if (!running) return `Task not running by healthy_deadline of ${deadline}`
  const services = (group?.Services ?? []).map(s => s.Name)
  if (services.length > 0 && update?.HealthCheck !== 'task_states') {
    return `Services not healthy by deadline: ${services.join(', ')}`
  }
  return `Task not running for min_healthy_time of ${formatGoDuration(update?.MinHealthyTime ?? 10e9)} by healthy_deadline of ${deadline}`
}
