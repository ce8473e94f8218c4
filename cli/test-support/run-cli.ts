import { join } from 'node:path'
import { runCli } from '../program.js'
import type { Terminal } from '../terminal.js'

/** Runs `elm-infra <argv>` in-process with a captured, non-TTY terminal. */
export async function cli(
  argv: readonly string[],
  env: Readonly<Record<string, string>> = {},
  cwd: string = join(import.meta.dirname, '..', '..'),
  /**
   * e.g. `{ confirm: async () => true }`: a person at a terminal who answers yes; `isTTY` and
   * `live` for a terminal that shows the live status line.
   */
  extra: Partial<Pick<Terminal, 'confirm' | 'ask' | 'isTTY' | 'live' | 'color' | 'columns'>> = {}
): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const line = (t: string): string => (t.endsWith('\n') ? t : `${t}\n`)
  const terminal: Terminal = {
    out: t => void (out += line(t)),
    err: t => void (err += line(t)),
    isTTY: false,
    ...extra
  }
  const code = await runCli(argv, { terminal, env, cwd, exitCode: 0 })
  return { code, out, err }
}
