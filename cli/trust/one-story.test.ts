/**
 * Issue #28 item 2, "one failure story for every medium": `rehearse --unhealthy package-site` in
 * a terminal (a real pseudo-terminal: util-linux `script`), in a pipe and in the GitHub step
 * summary shows the same deduplicated blocks and the same closing paragraph; only the live status
 * line is the terminal's own.
 */
import { describe, expect, it, jest } from '@jest/globals'
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { EXIT } from '../program.js'
import { cli } from '../test-support/run-cli.js'

jest.setTimeout(180_000)
const repoRoot = join(import.meta.dirname, '..', '..')
// 60×, not the default 300×: at 300× a 100 ms pause of a loaded machine is 30 s of cluster time,
// and how many allocations fail before the deadline (the "more allocations failed the same way"
// line) then varies from run to run; the three media run one after the other for the same reason.
const ARGS = ['rehearse', '--unhealthy', 'package-site', '--speed', '60']

/** What a terminal shows: each `\r` returns to the line start (`\x1b[2K` clears it); no colour. */
export function screen(raw: string): string[] {
  return raw
    .split('\n')
    .map(line =>
      // eslint-disable-next-line no-control-regex
      (line.replace(/\r+$/, '').split('\r').at(-1) ?? '').replace(/\x1b\[[0-9;]*[A-Za-z]/g, '')
    )
    .filter(line => line.trim() !== '')
}

/** IDs differ from run to run: the paragraph is compared without them. */
const idless = (lines: readonly string[]): string[] =>
  lines.map(l => l.replace(/\b[0-9a-f]{8}\b/g, '<id>').trimEnd())

/** The closing paragraph: from the line that says what was not deployed to the end. */
const closing = (lines: readonly string[]): string[] => {
  const start = lines.findIndex(l => / was not deployed: /.test(l))
  return start < 0
    ? []
    : idless(lines.slice(start).filter(l => l.trim() !== '' && !l.startsWith('```')))
}

function inPty(argv: readonly string[]): Promise<{ code: number; raw: string }> {
  const runner = join(repoRoot, 'cli', 'test-support', 'run-source.mjs')
  const quoted = [runner, ...argv].map(a => `'${a}'`).join(' ')
  // script(1), util-linux: -q quiet, -e the child's exit code, -c the command; the typescript
  // goes to /dev/null and what the terminal got to our stdout. stty gives the pty a size.
  return new Promise(done => {
    execFile(
      'script',
      ['-qec', `stty cols 120 rows 40 2>/dev/null; exec node ${quoted}`, '/dev/null'],
      { cwd: repoRoot, env: { ...process.env, FORCE_COLOR: '1', NO_COLOR: '' } },
      (error, stdout) =>
        done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, raw: stdout })
    )
  })
}

describe('one failure story in a terminal, a pipe and the step summary', () => {
  it('the same deduplicated blocks and closing paragraph; the terminal shows it in 80 lines or fewer', async () => {
    const tty = await inPty(ARGS)
    const pipe = await cli(ARGS)
    const github = await cli([...ARGS, '--github'])
    // The pipe: the report on stdout, the progress on stderr.
    expect(pipe.code).toBe(EXIT.failure)
    const pipeReport = closing(pipe.out.split('\n'))
    expect(pipeReport[0]).toMatch(/package-site 1\.1\.0 was not deployed/)
    expect(pipeReport.join('\n')).toContain(
      'Nomad rolled back to job version 0 (package-site 1.0.0)'
    )
    expect(pipe.err).not.toContain('was not deployed')

    // The terminal.
    expect(tty.code).toBe(EXIT.failure)
    const shown = screen(tty.raw)
    expect(shown.length).toBeLessThanOrEqual(80)
    expect(closing(shown).map(l => l.replace(/^\[simulated\] ?/, ''))).toEqual(
      pipeReport.map(l => l.replace(/^\[simulated\] ?/, ''))
    )
    // Colour or not, one failed allocation is printed in full, the repeats in one line.
    const blocks = (lines: readonly string[]): number =>
      lines.filter(l => /(?:✖ |error: )?allocation [0-9a-f]{8} \(/.test(l)).length
    // (Runs differ in timing: a second kind of failure, e.g. one without "Not Restarting", is a
    // block of its own; 16 equal ones are one block and one line.)
    expect(blocks(shown)).toBeGreaterThanOrEqual(1)
    expect(blocks(shown)).toBeLessThanOrEqual(3)
    expect(blocks(pipe.err.split('\n'))).toBeLessThanOrEqual(3)
    expect(shown.some(l => /more allocations failed the same way as/.test(l))).toBe(true)

    // The step summary: the same blocks and the same closing paragraph.
    const summary =
      /----- step summary: nomad-deploy package-site -----([\s\S]*?)----- end of/.exec(
        github.out
      )?.[1]
    expect(summary).toBeDefined()
    const summaryLines = (summary ?? '').split('\n').map(l => l.replace(/^\[simulated\] ?/, ''))
    expect(blocks(summaryLines)).toBeGreaterThanOrEqual(1)
    expect(blocks(summaryLines)).toBeLessThanOrEqual(3)
    expect(summaryLines.some(l => /more allocations failed the same way as/.test(l))).toBe(true)
    expect(closing(summaryLines)).toEqual(pipeReport.map(l => l.replace(/^\[simulated\] ?/, '')))
  })
})
