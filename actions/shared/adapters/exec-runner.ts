import { UserError, describeError } from '../errors.js'
import type { CommandRunner } from '../ports.js'

/**
 * CommandRunner over @actions/exec: output captured, exit codes returned, never thrown. @actions/exec
 * is imported on the first command, so an action that fails on its inputs never loads it (#12).
 */
export const execRunner: CommandRunner = {
  async run(command, args, options = {}) {
    const env = options.env
      ? { ...(process.env as Record<string, string>), ...options.env }
      : undefined
    const { getExecOutput } = await import('@actions/exec')
    let result: Awaited<ReturnType<typeof getExecOutput>>
    try {
      result = await getExecOutput(command, [...args], {
        cwd: options.cwd,
        env,
        input: options.input === undefined ? undefined : Buffer.from(options.input),
        ignoreReturnCode: true,
        silent: !options.stream
      })
    } catch (error) {
      // @actions/exec toolrunner.ts `exec` rejects before starting the process when the program
      // is not found (io.which: "Unable to locate executable file") or cwd does not exist: a
      // missing tool or folder, said in one line.
      throw new UserError(`Cannot run ${command}: ${describeError(error).split('\n')[0] ?? ''}`)
    }
    return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr }
  }
}
