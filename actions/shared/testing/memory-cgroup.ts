import { spawn } from 'node:child_process'
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  rmdirSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { EngineCheck } from './engines.js'

/**
 * Runs a command inside a cgroup-v1 memory cgroup limited like a Nomad task's `memory` (the Docker
 * driver sets the container's memory limit from it, which is this same controller: `docker run
 * --memory`). The kernel OOM-kills the command past the limit (exit 137). Two peaks come back:
 * the cgroup's `memory.max_usage_in_bytes` (page cache included, so it sits near the limit when
 * the command reads many files; the kernel reclaims that cache before it kills) and the largest
 * resident set of any process the command ran (GNU time's %M: what the limit must hold).
 */
const ROOT = '/sys/fs/cgroup/memory'

export function memoryCgroups(): EngineCheck {
  if (!existsSync(join(ROOT, 'cgroup.procs')))
    return { available: false, reason: `${ROOT} (the cgroup-v1 memory controller) is not mounted` }
  try {
    accessSync(ROOT, constants.W_OK)
  } catch {
    return { available: false, reason: `${ROOT} is not writable (not root)` }
  }
  if (!existsSync('/usr/bin/time'))
    return { available: false, reason: '/usr/bin/time (GNU time) is missing' }
  return { available: true, reason: '' }
}

/**
 * Where no cgroup-v1 memory controller can be used (a cgroup-v2 machine such as GitHub's
 * ubuntu-24.04 runners, or no root), runLimited runs the command without a limit and still
 * reports its peak resident set (GNU time) so the caller can judge it; `limited` says which.
 */
export const cgroupCheck = memoryCgroups()

export interface LimitedRun {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
  readonly seconds: number
  /** Largest resident set of one process, MiB. */
  readonly peakRssMiB: number
  /** The cgroup's peak including page cache, MiB. */
  readonly cgroupPeakMiB: number
  readonly oomKilled: boolean
  /** False when no memory cgroup was available: the command ran without a limit. */
  readonly limited: boolean
}

let serial = 0

export interface LimitedProcess {
  readonly pid: number
  readonly done: Promise<LimitedRun>
  /** SIGKILL to the whole process group (a task killed by the OOM killer or a lost node). */
  kill(): void
}

export function runLimited(
  limitMiB: number,
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv
): LimitedProcess {
  serial += 1
  const name = `elm-infra-${process.pid}-${serial}`
  const limited = cgroupCheck.available
  const group = limited ? join(ROOT, name) : join(tmpdir(), name)
  mkdirSync(group)
  if (limited) writeFileSync(join(group, 'memory.limit_in_bytes'), String(limitMiB * 1024 * 1024))
  const timeCommand = existsSync('/usr/bin/time') ? '/usr/bin/time -f %M -o "$t"' : ''
  const enter = limited ? 'echo $$ > "$0/cgroup.procs" && ' : ''

  const timeFile = join(tmpdir(), `${name}.time`)
  const started = performance.now()
  const child = spawn(
    'sh',
    ['-c', `t="$1"; shift; ${enter}exec ${timeCommand} "$@"`, group, timeFile, command, ...args],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }
  )
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const done = new Promise<LimitedRun>(resolve => {
    child.on('close', (code, signal) => {
      const read = (f: string): string => (limited ? readFileSync(join(group, f), 'utf8') : '0')
      const cgroupPeakMiB = Number(read('memory.max_usage_in_bytes')) / 1048576
      const oomKilled = /oom_kill [1-9]/.test(read('memory.oom_control'))
      const lines = existsSync(timeFile) ? readFileSync(timeFile, 'utf8').trim().split('\n') : []
      const rssKiB = Number(lines.at(-1) ?? 0)
      rmSync(timeFile, { force: true })
      for (let i = 0; i < 50; i += 1) {
        try {
          rmdirSync(group)
          break
        } catch {
          // the last process is still leaving the cgroup
        }
      }
      resolve({
        code: code ?? (signal === null ? -1 : 128 + (signal === 'SIGKILL' ? 9 : 15)),
        stdout,
        stderr,
        seconds: (performance.now() - started) / 1000,
        peakRssMiB: Number.isFinite(rssKiB) ? rssKiB / 1024 : 0,
        cgroupPeakMiB,
        oomKilled,
        limited
      })
    })
  })
  return {
    pid: child.pid ?? -1,
    done,
    kill: () => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
    }
  }
}
