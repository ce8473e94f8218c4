import { InputError } from '../../actions/shared/errors.js'
import { parseDuration } from '../../actions/shared/inputs.js'
import { checkTarget } from '../confirm.js'
import { rehearseNodeEvent } from '../rehearse/cluster-events/run.js'
import { type Subcommand, ROOT_HELP, repoRoot } from '../program.js'
import { rehearse } from '../rehearse/pipeline.js'

interface RehearseFlags {
  unhealthy: string[]
  build?: boolean
  version: string
  running: string
  speed: string
  timeout: string
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
        'deploy to the REAL Nomad cluster at this address (shows the plan and asks first)'
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
      .option(
        '--lose-node <node>',
        'instead: run every service on a simulated 3-node cluster (node-1..3) and lose this node; exit 0 only if every service survives'
      )
      .option(
        '--drain <node>',
        'instead: drain this node of the simulated 3-node cluster; exit 0 only if no request is lost'
      )
      .option(
        '--unhealthy <service>',
        "make this service's new version fail its health checks (repeatable)",
        collect,
        []
      )
      .option(
        '--build',
        'build the images first (needs a running Docker engine; skipped with a note otherwise)'
      )
      .option('--version <version>', 'the version to deploy', '1.1.0')
      .option(
        '--running <version>',
        'the version the simulated cluster runs before the deploy',
        '1.0.0'
      )
      .option(
        '--speed <factor>',
        "how much faster than real time the simulated cluster's clock runs (300: a rehearsal's ~2 min of cluster time pass in under a second)",
        '300'
      )
      .option('--timeout <duration>', 'give up on one deploy after this long (cluster time)', '15m')
      .option('--root <dir>', ROOT_HELP)
      .addHelpText(
        'after',
        '\nNOMAD_ADDR is never read unless --real is given. Exit codes: 0 every deploy succeeded, 1 a deploy failed (e.g. --unhealthy) or was not confirmed, 2 usage error.'
      )
      .action(async (flags: RehearseFlags) => {
        const speed = Number(flags.speed)
        if (!Number.isFinite(speed) || speed < 1 || speed > 1000) {
          throw new InputError(`--speed is '${flags.speed}': expected a number from 1 to 1000.`)
        }
        const timeoutMs = parseDuration(flags.timeout)
        if (timeoutMs === undefined)
          throw new InputError(`--timeout is '${flags.timeout}': expected a duration such as 15m.`)
        if (flags.loseNode !== undefined || flags.drain !== undefined) {
          if (flags.loseNode !== undefined && flags.drain !== undefined)
            throw new InputError('--lose-node and --drain are two rehearsals: give one of them.')
          if (flags.target !== undefined || flags.real === true)
            throw new InputError(
              '--lose-node/--drain only run on the simulated cluster: drop --target/--real.'
            )
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
              ? checkTarget(envAddr)
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

function collect(value: string, previous: string[]): string[] {
  return [...previous, value]
}
