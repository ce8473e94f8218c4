import { type Command, Option } from 'commander'
import { InputError } from '../../actions/shared/errors.js'
import { checkTarget } from '../confirm.js'
import * as rules from '../options/rules.js'
import { promiseWords } from '../rehearse/cluster-events/promises.js'
import { rehearseNodeEvent } from '../rehearse/cluster-events/run.js'
import { type Subcommand, ROOT_HELP, repoRoot } from '../program.js'
import { rehearse } from '../rehearse/pipeline.js'

interface RehearseFlags {
  unhealthy: string[]
  build?: boolean
  version: string
  running: string
  speed: number
  timeout: number
  root?: string
  target?: string
  real?: boolean
  yes?: boolean
  github?: boolean
  loseNode?: string
  drain?: string
}

/** `elm-infra rehearse`: the push-to-main pipeline on this machine (README's main command). */
export const rehearseCommand: Subcommand = {
  register(program, context) {
    program
      .command('rehearse')
      .description(
        'Rehearse the push-to-main pipeline here: always a simulated Nomad cluster in-process, unless --target/--real names a real one'
      )
      .option(
        '--target <addr>',
        'deploy to the REAL Nomad cluster at this address (shows the plan and asks first)',
        rules.nomadAddress
      )
      .option(
        '--real',
        'deploy to the REAL Nomad cluster at NOMAD_ADDR (shows the plan and asks first)'
      )
      .option('--yes', 'with --target/--real: do not ask (for scripts)')
      .option(
        '--github',
        'also print the markdown GitHub would show (step summaries, the PR reply); on by default under GITHUB_ACTIONS'
      )
      .addOption(
        new Option(
          '--lose-node <node>',
          `instead: run every service on a simulated 3-node cluster (node-1..3) and lose this node; exit 0 only if ${promiseWords().lose} (the README's numbers)`
        )
          .argParser(rules.node)
          .conflicts(NODE_EVENT_CONFLICTS)
      )
      .addOption(
        new Option(
          '--drain <node>',
          `instead: drain this node of the simulated 3-node cluster; exit 0 only if ${promiseWords().drain} (the README's numbers)`
        )
          .argParser(rules.node)
          .conflicts([...NODE_EVENT_CONFLICTS, 'loseNode'])
      )
      .option(
        '--unhealthy <service>',
        "make this service's new version fail its health checks (repeatable)",
        rules.repeatable(rules.service),
        []
      )
      .option(
        '--build',
        'build the images first (needs a running Docker engine; skipped with a note otherwise)'
      )
      .option('--version <version>', 'the version to deploy', rules.version, DEFAULT_VERSION)
      .option(
        '--running <version>',
        'the version the simulated cluster runs before the deploy',
        rules.version,
        DEFAULT_RUNNING
      )
      .option(
        '--speed <factor>',
        "how much faster than real time the simulated cluster's clock runs (300: a rehearsal's ~2 min of cluster time pass in under a second)",
        rules.numberIn(1, 1000),
        300
      )
      .option(
        '--timeout <duration>',
        'give up on one deploy after this long (cluster time)',
        rules.duration,
        15 * 60_000
      )
      .option('--root <dir>', ROOT_HELP, rules.directory(context.cwd))
      .addHelpText(
        'after',
        '\nNOMAD_ADDR is never read unless --real is given. Exit codes: 0 every deploy succeeded, 1 a deploy failed (e.g. --unhealthy) or was not confirmed, 2 usage error.'
      )
      .action(async (flags: RehearseFlags, command: Command) => {
        const speed = flags.speed
        const timeoutMs = flags.timeout
        if (flags.loseNode !== undefined || flags.drain !== undefined) {
          context.exitCode = await rehearseNodeEvent({
            root: await repoRoot(context, flags.root),
            terminal: context.terminal,
            event:
              flags.loseNode !== undefined
                ? { kind: 'lose', node: flags.loseNode }
                : { kind: 'drain', node: flags.drain ?? '' }
          })
          return
        }
        checkVersions(
          flags.version,
          flags.running,
          command.getOptionValueSource('version') !== 'default'
        )
        if (flags.target !== undefined && flags.real === true)
          throw new InputError('--target and --real both name a cluster: give one of them.')
        const envAddr = context.env['NOMAD_ADDR']?.trim() ?? ''
        if (flags.real === true && envAddr === '')
          throw new InputError(
            '--real deploys to the cluster at NOMAD_ADDR, which is not set: export it, or use --target <addr>.'
          )
        const target =
          flags.target !== undefined
            ? checkTarget(flags.target)
            : flags.real === true
              ? checkTarget(envAddr, 'NOMAD_ADDR')
              : undefined
        context.exitCode = await rehearse({
          target,
          yes: flags.yes === true,
          github: flags.github === true || context.env['GITHUB_ACTIONS'] === 'true',
          root: await repoRoot(context, flags.root),
          env: context.env,
          terminal: context.terminal,
          unhealthy: flags.unhealthy,
          build: flags.build === true,
          version: flags.version,
          runningVersion: flags.running,
          speed,
          healthyAfterMs: 3000,
          timeoutMs
        })
      })
  }
}

const DEFAULT_VERSION = '1.1.0'
const DEFAULT_RUNNING = '1.0.0'

/** What a node-event rehearsal has no use for: given with it, they would be dropped silently. */
const NODE_EVENT_CONFLICTS = [
  'target',
  'real',
  'yes',
  'unhealthy',
  'build',
  'version',
  'running',
  'speed',
  'timeout',
  'github'
]

/**
 * The deploy must change something, and not silently go back: the version running before must
 * differ from the one deployed, and be older unless both were given (a rehearsed rollback).
 */
export function checkVersions(version: string, running: string, versionGiven: boolean): void {
  if (version === running)
    throw new InputError(
      `--version and --running are both '${version}': the deploy would change nothing. Give another --version.`
    )
  const older = compareVersions(running, version) < 0
  if (!older && !versionGiven)
    throw new InputError(
      `--running ${running} is not older than the version deployed (--version, default ${DEFAULT_VERSION}): give --version too (e.g. a newer one; an older one rehearses a rollback).`
    )
}

/** Dotted versions compared number by number (1.10 > 1.9); other text compared as text. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/)
  const pb = b.split(/[.-]/)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? ''
    const y = pb[i] ?? ''
    const d = /^\d+$/.test(x) && /^\d+$/.test(y) ? Number(x) - Number(y) : x.localeCompare(y)
    if (d !== 0) return d
  }
  return 0
}
