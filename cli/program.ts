import { Command, CommanderError } from 'commander'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { UserError, describeError } from '../actions/shared/errors.js'
import { commands } from './commands/index.js'
import { shown } from './options/rules.js'
import { networkHint } from './output/network-hints.js'
import { type RootProbe, findRepoRoot, fsRootProbe } from './repo-root.js'
import type { Terminal } from './terminal.js'

/** Exit codes, documented in README.md and `--help`. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const

/** A subcommand: adds itself to the program; its action returns the exit code. */
export interface Subcommand {
  register(program: Command, context: CliContext): void
}

export interface CliContext {
  readonly terminal: Terminal
  readonly env: Readonly<Record<string, string | undefined>>
  readonly cwd: string
  /** How the repository root is found from cwd (default: the file system and git). */
  readonly rootProbe?: RootProbe
  /** Set by a subcommand's action: the process exit code. */
  exitCode: number
}

/** The repository root: `--root` when given, else found from the working directory (repo-root.ts). */
export function repoRoot(
  context: CliContext,
  explicit: string | undefined,
  needsCatalog = true
): Promise<string> {
  return findRepoRoot(context.cwd, explicit, context.rootProbe ?? fsRootProbe, needsCatalog)
}

/** The `--root` option's help, the same on every subcommand. */
export const ROOT_HELP =
  'repository root (default: found from the working directory: the git top level, or the folder holding nomad/ and docker/)'

/** This package's version: package.json above this file (cli/ in the source, lib/cli/ when built). */
export function packageVersion(from: string = import.meta.dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json')
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string }
      if (pkg.name === 'elm-infra' && pkg.version) return pkg.version
    }
    if (dirname(dir) === dir) return 'unknown'
  }
}

/** Builds the `elm-infra` program over the registered subcommands. */
export function buildProgram(context: CliContext): Command {
  const program = new Command('elm-infra')
    .description('elm-lang.org infrastructure: the pipeline, from a laptop')
    .addHelpText(
      'after',
      '\nExit codes: 0 ok, 1 failure (a deploy failed, drift found), 2 bad input (a usage error, or a file that is missing, unreadable or not what it should be).\nThe report is on stdout, progress on stderr. Each subcommand has --help.'
    )
    .version(packageVersion(), '-V, --version', 'print the version of elm-infra')
    // The program's own options only before the subcommand, so `rehearse --version 2.0.0` is
    // rehearse's --version (commander 14 lib/command.js `parseOptions`: without positional
    // options a program option is recognised anywhere, also after the subcommand's name).
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: s => context.terminal.out(s),
      writeErr: s => context.terminal.err(s),
      outputError: (s, write) => write(`${oneLineError(s)}\n`)
    })
  // Subcommands copy these settings when they are created (lib/command.js `copyInheritedSettings`).
  for (const command of commands) command.register(program, context)
  return program
}

/**
 * Commander's error as one line: an invalid value is said once, by the rule that refused it
 * (cli/options/rules.ts), not echoed in full first; a long value is cut; newlines are joined; the
 * way to usage is named.
 */
export function oneLineError(message: string): string {
  const text = message
    .trimEnd()
    .replace(/^error: option '([^']+)' argument '[\s\S]*' is invalid\. ([\s\S]*)$/, 'error: $1: $2')
    .replace(
      /^error: command-argument value '[\s\S]*' is invalid for argument '([^']+)'\. ([\s\S]*)$/,
      'error: <$1>: $2'
    )
    .replace(/'([^'\s]{61,})'/g, (_all, value: string) => shown(value))
    .replace(/\s*\n\s*/g, ' ')
    .slice(0, 1000)
  return `elm-infra: ${text.replace(/^error: /, '')} (--help for usage)`
}

/** Node's errors about a path or a program the user named: bad input, said in one line. */
const INPUT_ERRNO = new Set([
  'ENOENT',
  'ENOTDIR',
  'EISDIR',
  'EEXIST',
  'EACCES',
  'EPERM',
  'ENXIO',
  'ELOOP',
  'ENAMETOOLONG',
  'EROFS',
  'ENOTEMPTY'
])

/** The exit code and the one line an error ends the run with (never a stack trace). */
export function errorOutcome(error: unknown, debug: boolean): { code: number; lines: string[] } {
  const errno = (error as { code?: unknown } | undefined)?.code
  const message = describeError(error)
    .replace(/\s*\n\s*/g, ' ')
    .replace(/'([^'\s]{61,})'/g, (_all, value: string) => shown(value))
  const one = message.length > 600 ? `${message.slice(0, 600)}…` : message
  if (error instanceof UserError)
    return {
      code: error.name === 'InputError' ? EXIT.usage : EXIT.failure,
      lines: [`elm-infra: ${one}`]
    }
  if (typeof errno === 'string' && INPUT_ERRNO.has(errno))
    return { code: EXIT.usage, lines: [`elm-infra: ${one}`] }
  // A bug: one line, the stack only when asked for.
  const stack = debug && error instanceof Error && error.stack ? [error.stack] : []
  return {
    code: EXIT.failure,
    lines: [
      `elm-infra: ${one} (an unexpected error: please report it; ELM_INFRA_DEBUG=1 shows where it happened)`,
      ...stack
    ]
  }
}

/** Runs the CLI and returns the exit code; never throws. */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  const program = buildProgram(context)
  if (argv.length === 0) {
    program.outputHelp({ error: true })
    return EXIT.usage
  }
  // `help <name>`: commander shows the program's help for a name it does not know, exit 0.
  if (
    argv[0] === 'help' &&
    argv[1] !== undefined &&
    !program.commands.some(c => c.name() === argv[1])
  ) {
    context.terminal.err(
      `elm-infra: no command ${shown(argv[1])}: expected one of ${program.commands.map(c => c.name()).join(', ')}.`
    )
    return EXIT.usage
  }
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return context.exitCode
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; help shown because something was missing (`secrets`
      // without `init`) exits 1 in commander (`help({ error: true })`): a usage error here.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage
    }
    const { code, lines } = errorOutcome(error, (context.env['ELM_INFRA_DEBUG'] ?? '') !== '')
    for (const line of lines) context.terminal.err(line)
    const targetAt = argv.findIndex(a => a === '--target' || a.startsWith('--target='))
    const target = targetAt < 0 ? undefined : (argv[targetAt]?.split('=')[1] ?? argv[targetAt + 1])
    const hint = networkHint(error, target ?? context.env['NOMAD_ADDR'])
    if (hint !== undefined) context.terminal.err(hint)
    return code
  }
}
