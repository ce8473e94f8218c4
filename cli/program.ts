import { Command, CommanderError } from 'commander'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { UserError, describeError } from '../actions/shared/errors.js'
import { commands } from './commands/index.js'
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
      '\nExit codes: 0 ok, 1 failure (a deploy failed, drift found, a bad file), 2 usage error.\nEach subcommand has --help.'
    )
    .version(packageVersion(), '-V, --version', 'print the version of elm-infra')
    .exitOverride()
    .configureOutput({
      writeOut: s => context.terminal.out(s),
      writeErr: s => context.terminal.err(s)
    })
    .showHelpAfterError('(run with --help for usage)')
  for (const command of commands) command.register(program, context)
  for (const sub of program.commands) {
    sub.exitOverride().configureOutput({
      writeOut: s => context.terminal.out(s),
      writeErr: s => context.terminal.err(s)
    })
  }
  return program
}

/** Runs the CLI and returns the exit code; never throws. */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  const program = buildProgram(context)
  if (argv.length === 0) {
    program.outputHelp()
    return EXIT.usage
  }
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return context.exitCode
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version')
        return EXIT.ok
      if (error.code === 'commander.help') return EXIT.ok
      return EXIT.usage
    }
    context.terminal.err(`elm-infra: ${describeError(error)}`)
    const targetAt = argv.findIndex(a => a === '--target' || a.startsWith('--target='))
    const target = targetAt < 0 ? undefined : (argv[targetAt]?.split('=')[1] ?? argv[targetAt + 1])
    const hint = networkHint(error, target ?? context.env['NOMAD_ADDR'])
    if (hint !== undefined) context.terminal.err(hint)
    if (!(error instanceof UserError) && error instanceof Error && error.stack)
      context.terminal.err(error.stack)
    return error instanceof UserError && error.name === 'InputError' ? EXIT.usage : EXIT.failure
  }
}
