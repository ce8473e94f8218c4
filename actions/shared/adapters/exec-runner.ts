import { getExecOutput } from '@actions/exec'
import type { CommandRunner } from '../ports.js'

/** CommandRunner over @actions/exec: output captured, exit codes returned, never thrown. */
export const execRunner: CommandRunner = {
  async run(command, args, options = {}) {
    const env = options.env
      ? { ...(process.env as Record<string, string>), ...options.env }
      : undefined
    const result = await getExecOutput(command, [...args], {
      cwd: options.cwd,
      env,
      input: options.input === undefined ? undefined : Buffer.from(options.input),
      ignoreReturnCode: true,
      silent: !options.stream
    })
    return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr }
  }
}
